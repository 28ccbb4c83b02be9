import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useTopic } from '../live/use-live';
import { closePopup, pinPopup, popupStore } from './popup-store';
import { VideoPlayer } from './video-player';
import './camera-popup.css';

/**
 * The camera pop-up over a map (the wall, the console): the player and what it was opened for. An alarm
 * pop-up counts down and closes itself; "keep open" pins it.
 */
export function CameraPopupView() {
  const { t } = useTranslation();
  const popup = useStore(popupStore, (s) => s.popup);
  const camera = useTopic('cameras', (s) => (popup ? s.items.get(popup.cameraId) : undefined));
  const [now, setNow] = useState(() => performance.now());
  const closesAt = popup?.closesAt ?? null;
  useEffect(() => {
    if (closesAt === null) return undefined;
    const tick = setInterval(() => {
      const at = performance.now();
      setNow(at);
      if (at >= closesAt) closePopup();
    }, 1000);
    return () => clearInterval(tick);
  }, [closesAt]);
  if (!popup) return null;
  const left = closesAt === null ? null : Math.max(0, Math.ceil((closesAt - now) / 1000));
  return (
    <aside
      className={`vpopup vpopup--${popup.reason}`}
      data-testid="camera-popup"
      data-reason={popup.reason}
      data-camera-id={popup.cameraId}
      data-event-id={popup.eventId ?? undefined}
    >
      <header className="vpopup__head">
        <span className="vpopup__title" title={popup.eventTitle ?? camera?.name}>
          {popup.eventTitle
            ? t('video.popFor', { title: popup.eventTitle })
            : (camera?.name ?? popup.cameraId)}
        </span>
        {left !== null && (
          <button type="button" className="vpopup__btn" onClick={pinPopup}>
            {t('video.keepOpen', { s: left })}
          </button>
        )}
        <button type="button" className="vpopup__btn" onClick={closePopup} aria-label={t('video.close')}>
          ×
        </button>
      </header>
      <div className="vpopup__body">
        {camera ? (
          <VideoPlayer key={camera.id} camera={camera} />
        ) : (
          <p className="vpopup__missing">{t('video.unknownCamera', { id: popup.cameraId })}</p>
        )}
      </div>
    </aside>
  );
}
