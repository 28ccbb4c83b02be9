import { useTranslation } from 'react-i18next';
import type { NearbyCamera } from '../../../contract/console';

/**
 * The nearest cameras the officer may view, by distance, with their online state. With `onOpen`, a camera's name
 * opens (or closes) its video beside the event; `facingIds` marks cameras that look at the event.
 */
export function NearbyCameras({
  cameras,
  openIds,
  facingIds,
  onOpen,
}: {
  cameras: readonly NearbyCamera[];
  openIds?: readonly string[];
  facingIds?: ReadonlySet<string>;
  onOpen?: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (cameras.length === 0) return <p className="muted">{t('console.detail.noCameras')}</p>;
  return (
    <ul className="cameras" data-testid="cameras">
      {cameras.map((c) => (
        <li
          key={c.id}
          className={`cameras__item ${c.online ? '' : 'cameras__item--off'}`}
          data-camera-id={c.id}
          data-open={openIds?.includes(c.id) ? 'true' : undefined}
        >
          <span className={`dot ${c.online ? 'dot--on' : 'dot--off'}`} aria-hidden />
          {onOpen ? (
            <button
              type="button"
              className="cameras__name cameras__open"
              title={`${c.name} · ${c.id}`}
              aria-pressed={openIds?.includes(c.id) ?? false}
              onClick={() => onOpen(c.id)}
            >
              {facingIds?.has(c.id) && <span className="cameras__facing">{t('video.facing')}</span>}
              {c.name}
            </button>
          ) : (
            <span className="cameras__name" title={`${c.name} · ${c.id}`}>
              {c.name}
            </span>
          )}
          <span className="cameras__state">
            {c.online ? t('console.detail.online') : t('console.detail.offline')}
          </span>
          <span className="cameras__dist">{t('console.detail.distance', { m: c.distanceM })}</span>
        </li>
      ))}
    </ul>
  );
}
