import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { setLang, type Lang } from '../../i18n';
import type { Tour } from '../../contract/tour';

/** The strip hides this long after the pointer last moved (a presenter's remote sends keys, never moves it). */
const IDLE_MS = 3500;

/**
 * Shown while the pointer moves (and after load), hidden when it rests; while presenting (full screen), only when
 * the pointer moves near the top edge. The audience sees the map, the narration and the progress bar only.
 */
function useStripVisible(presenting: boolean): boolean {
  // Moved lately, and where: the state is only ever set from the pointer's events and the idle timer.
  const [pointer, setPointer] = useState({ active: true, nearTop: false });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const hideLater = () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => setPointer((p) => ({ ...p, active: false })), IDLE_MS);
    };
    const onMove = (e: PointerEvent) => {
      setPointer({ active: true, nearTop: e.clientY <= window.innerHeight * 0.15 });
      hideLater();
    };
    hideLater();
    window.addEventListener('pointermove', onMove);
    return () => {
      window.removeEventListener('pointermove', onMove);
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);
  return pointer.active && (!presenting || pointer.nearTop);
}

export interface ControlStripProps {
  tour: Tour;
  index: number;
  lang: Lang;
  presenting: boolean;
  auto: boolean;
  paused: boolean;
  speak: boolean;
  safe: boolean;
  failed: boolean;
  canEdit: boolean;
  onGo(i: number): void;
  onPrev(): void;
  onNext(): void;
  onPause(): void;
  onSpeak(): void;
  onSafe(): void;
  onPresent(): void;
}

/** The operator's controls over the tour (mouse or touch; the remote's keys do the same). */
export function ControlStrip(p: ControlStripProps) {
  const { t } = useTranslation();
  const visible = useStripVisible(p.presenting);
  const [focused, setFocused] = useState(false);
  const shown = visible || focused;
  return (
    <div
      className="tour-strip"
      data-testid="control-strip"
      data-visible={shown}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
    >
      <span className="tour-strip__title">{p.tour.title[p.lang]}</span>
      <button type="button" className="btn btn--small" onClick={p.onPrev} aria-label={t('tour.prev')}>
        ‹
      </button>
      <select
        className="tour-strip__scene"
        aria-label={t('tour.scene')}
        value={p.index}
        onChange={(e) => p.onGo(Number(e.target.value))}
      >
        {p.tour.scenes.map((s, i) => (
          <option key={s.id} value={i}>
            {i + 1}. {s.title[p.lang]}
          </option>
        ))}
      </select>
      <button type="button" className="btn btn--small" onClick={p.onNext} aria-label={t('tour.next')}>
        ›
      </button>
      {p.auto && (
        <button type="button" className="btn btn--small" aria-pressed={!p.paused} onClick={p.onPause}>
          {p.paused ? t('tour.resume') : t('tour.pause')}
        </button>
      )}
      <button type="button" className="btn btn--small" aria-pressed={p.speak} onClick={p.onSpeak}>
        {p.speak ? t('tour.speakOn') : t('tour.speakOff')}
      </button>
      <button
        type="button"
        className={`btn btn--small tour-strip__safe${p.safe ? ' tour-strip__safe--on' : ''}`}
        aria-pressed={p.safe}
        data-testid="safe-indicator"
        data-safe={p.safe}
        onClick={p.onSafe}
        title={t('safeMode.hint')}
      >
        {p.safe ? t('safeMode.on') : t('safeMode.off')}
      </button>
      {p.failed && <span className="tour-strip__warn">{t('tour.targetFailed')}</span>}
      <span className="tour-strip__spacer" />
      <button
        type="button"
        className="btn btn--small btn--ghost"
        aria-label={t('language.label')}
        onClick={() => void setLang(p.lang === 'en' ? 'zh-CN' : 'en')}
      >
        {t('language.switchTo')}
      </button>
      <button type="button" className="btn btn--small" onClick={p.onPresent}>
        {p.presenting ? t('tour.exitPresent') : t('tour.present')}
      </button>
      {p.canEdit && (
        <Link className="btn btn--small btn--ghost" to={`/console/tours?tour=${p.tour.id}`}>
          {t('tour.edit')}
        </Link>
      )}
    </div>
  );
}
