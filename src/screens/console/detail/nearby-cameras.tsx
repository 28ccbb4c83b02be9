import { useTranslation } from 'react-i18next';
import type { NearbyCamera } from '../../../contract/console';

/** The nearest cameras the officer may view, by distance, with their online state (video: the video issue). */
export function NearbyCameras({ cameras }: { cameras: readonly NearbyCamera[] }) {
  const { t } = useTranslation();
  if (cameras.length === 0) return <p className="muted">{t('console.detail.noCameras')}</p>;
  return (
    <ul className="cameras" data-testid="cameras">
      {cameras.map((c) => (
        <li key={c.id} className={`cameras__item ${c.online ? '' : 'cameras__item--off'}`} data-camera-id={c.id}>
          <span className={`dot ${c.online ? 'dot--on' : 'dot--off'}`} aria-hidden />
          <span className="cameras__name" title={`${c.name} · ${c.id}`}>
            {c.name}
          </span>
          <span className="cameras__state">{c.online ? t('console.detail.online') : t('console.detail.offline')}</span>
          <span className="cameras__dist">{t('console.detail.distance', { m: c.distanceM })}</span>
        </li>
      ))}
    </ul>
  );
}
