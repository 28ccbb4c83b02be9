import { useTranslation } from 'react-i18next';
import type { Camera } from '../../contract/entities';
import { CAMERA_DRAG_TYPE } from './drag';

/**
 * The searchable camera list beside the tiles: drag a camera onto a tile, or click it to fill the selected tile
 * (the keyboard and touch way). Offline cameras are listed (they can be placed; their tile shows the placeholder).
 */
export function CameraList({
  cameras,
  total,
  text,
  onlineOnly,
  onFilter,
  onPick,
}: {
  cameras: readonly Camera[];
  total: number;
  text: string;
  onlineOnly: boolean;
  onFilter: (f: { text: string; onlineOnly: boolean }) => void;
  onPick: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <aside className="vlist" aria-label={t('video.cameras')}>
      <input
        className="vlist__search"
        type="search"
        value={text}
        placeholder={t('video.search')}
        aria-label={t('video.search')}
        onChange={(e) => onFilter({ text: e.target.value, onlineOnly })}
      />
      <label className="vlist__toggle">
        <input
          type="checkbox"
          checked={onlineOnly}
          onChange={(e) => onFilter({ text, onlineOnly: e.target.checked })}
        />
        {t('video.onlineOnly')}
      </label>
      <p className="vlist__count">{t('video.count', { n: cameras.length, total })}</p>
      <ul className="vlist__items" data-testid="camera-list">
        {cameras.map((c) => (
          <li
            key={c.id}
            className={`vlist__item${c.online ? '' : ' vlist__item--off'}`}
            draggable
            data-camera-id={c.id}
            onDragStart={(e) => {
              e.dataTransfer.setData(CAMERA_DRAG_TYPE, c.id);
              e.dataTransfer.setData('text/plain', c.id);
              e.dataTransfer.effectAllowed = 'copy';
            }}
          >
            <button
              type="button"
              className="vlist__pick"
              onClick={() => onPick(c.id)}
              title={`${c.name} · ${c.id}`}
            >
              <span className={`vlist__dot ${c.online ? 'vlist__dot--on' : ''}`} aria-hidden />
              <span className="vlist__name">{c.name}</span>
              <span className="vlist__id">{c.id.slice(-6)}</span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
