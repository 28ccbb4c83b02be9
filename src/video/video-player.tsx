import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CodedError, type ErrorCode } from '../contract/errors';
import { errorText } from '../i18n/error-text';
import type { PlayerState } from './playback-policy';
import { usePlayback } from './use-playback';
import './video-player.css';

export interface PlayerCamera {
  id: string;
  name: string;
  online: boolean;
}

interface Props {
  camera: PlayerCamera;
  onClose?: (() => void) | undefined;
  compact?: boolean;
}

/**
 * The one video player unit (tiles, the event detail, the wall's pop-up): a live camera with its name, and a
 * state that is always visible — connecting, playing, reconnecting (with the attempt), offline (a placeholder,
 * never a spinner) or an error with the catalogue's message and a retry button. `data-state` and `data-code`
 * say the same for monitoring and tests. An offline camera requests nothing; when it comes back online the
 * player starts afresh.
 */
export function VideoPlayer({ camera, onClose, compact = false }: Props) {
  return camera.online ? (
    <LivePlayer key={camera.id} camera={camera} onClose={onClose} compact={compact} />
  ) : (
    <Frame camera={camera} state="offline" code="CAMERA_OFFLINE" onClose={onClose} compact={compact}>
      <div className="vplayer__video" />
    </Frame>
  );
}

function LivePlayer({ camera, onClose, compact = false }: Props) {
  const video = useRef<HTMLVideoElement>(null);
  const p = usePlayback(video, camera.id);
  return (
    <Frame
      camera={camera}
      state={p.state}
      code={p.code}
      attempt={p.attempt}
      onRetry={p.retry}
      onClose={onClose}
      compact={compact}
    >
      <video
        key={p.attemptKey}
        ref={video}
        className="vplayer__video"
        muted
        playsInline
        autoPlay
        aria-label={camera.name}
      />
    </Frame>
  );
}

function Frame({
  camera,
  state,
  code,
  attempt = 0,
  onRetry,
  onClose,
  compact,
  children,
}: {
  camera: PlayerCamera;
  state: PlayerState;
  code: ErrorCode | null;
  attempt?: number;
  onRetry?: () => void;
  onClose?: (() => void) | undefined;
  compact: boolean;
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div
      className={`vplayer${compact ? ' vplayer--compact' : ''}`}
      data-testid="video-player"
      data-camera-id={camera.id}
      data-state={state}
      data-code={code ?? undefined}
    >
      {children}
      {state === 'offline' && (
        <div className="vplayer__cover vplayer__cover--offline" role="status">
          <svg className="vplayer__icon" viewBox="0 0 24 24" aria-hidden>
            <path d="M3 7h11v10H3zM14 10l6-3v10l-6-3" fill="none" stroke="currentColor" strokeWidth="1.6" />
            <path d="M2 3l20 18" stroke="currentColor" strokeWidth="1.6" />
          </svg>
          <span>{t('video.offline')}</span>
        </div>
      )}
      {state === 'loading' && (
        <div className="vplayer__cover" role="status">
          <span className="vplayer__spinner" aria-hidden />
          <span>{t('video.connecting')}</span>
        </div>
      )}
      {state === 'reconnecting' && (
        <div className="vplayer__cover vplayer__cover--faint" role="status">
          <span className="vplayer__spinner" aria-hidden />
          <span>{t('video.reconnecting', { n: attempt })}</span>
        </div>
      )}
      {state === 'error' && (
        <div className="vplayer__cover vplayer__cover--error" role="alert">
          <span>{errorText(new CodedError(code ?? 'INTERNAL', ''), i18n.language)}</span>
          {onRetry && (
            <button type="button" className="vplayer__retry" onClick={onRetry}>
              {t('video.retry')}
            </button>
          )}
        </div>
      )}
      <div className="vplayer__bar">
        <span className={`vplayer__dot vplayer__dot--${state}`} aria-hidden />
        <span className="vplayer__name" title={`${camera.name} · ${camera.id}`}>
          {camera.name}
        </span>
        {onClose && (
          <button type="button" className="vplayer__close" onClick={onClose} aria-label={t('video.close')}>
            ×
          </button>
        )}
      </div>
    </div>
  );
}
