import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useDeleteLayout, useSaveLayout, useVideoLayouts } from '../../api/video';
import { CodedError } from '../../contract/errors';
import { VIDEO_GRIDS } from '../../contract/video';
import { errorText } from '../../i18n/error-text';
import { act, patrolPages, toLayoutInput, wallActions as A, type VideoWallStore } from './wall-store';

const INTERVALS = [10, 20, 30, 60] as const;

/**
 * Above the tiles: the grid (1/4/9/16), saved layouts (load, save under a name, delete), and patrol: cycle the
 * cameras the list shows (its search, online ones) through the tiles every N seconds.
 */
export function WallToolbar({
  store,
  patrolGroup,
  canSave,
}: {
  store: VideoWallStore;
  /** The camera ids a patrol started now would cycle through. */
  patrolGroup: readonly string[];
  canSave: boolean;
}) {
  const { t, i18n } = useTranslation();
  const grid = useStore(store, (s) => s.grid);
  const patrol = useStore(store, (s) => s.patrol);
  const layoutName = useStore(store, (s) => s.layoutName);
  const [interval, setPatrolInterval] = useState<number>(20);
  const [name, setName] = useState('');
  const layouts = useVideoLayouts();
  const save = useSaveLayout();
  const remove = useDeleteLayout();
  const [chosen, setChosen] = useState('');

  return (
    <div className="vbar" role="toolbar" aria-label={t('video.toolbar')}>
      <div className="vbar__group" role="group" aria-label={t('video.grid')}>
        {VIDEO_GRIDS.map((g) => (
          <button
            key={g}
            type="button"
            className={`vbar__btn${g === grid ? ' vbar__btn--on' : ''}`}
            aria-pressed={g === grid}
            data-grid={g}
            onClick={() => act(store, A.setGrid, g)}
          >
            {t('video.tiles', { n: g })}
          </button>
        ))}
      </div>

      <div className="vbar__group">
        {patrol ? (
          <>
            <span className="vbar__note" data-testid="patrol-status">
              {t('video.patrolling', {
                page: patrol.page + 1,
                pages: patrolPages(patrol.cameraIds, grid),
                n: patrol.cameraIds.length,
                s: patrol.intervalSeconds,
              })}
            </span>
            <button type="button" className="vbar__btn" onClick={() => act(store, A.stopPatrol)}>
              {t('video.stopPatrol')}
            </button>
          </>
        ) : (
          <>
            <select
              className="vbar__select"
              value={interval}
              aria-label={t('video.patrolInterval')}
              onChange={(e) => setPatrolInterval(Number(e.target.value))}
            >
              {INTERVALS.map((s) => (
                <option key={s} value={s}>
                  {t('video.everySeconds', { s })}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="vbar__btn"
              disabled={patrolGroup.length === 0}
              onClick={() => act(store, A.startPatrol, patrolGroup.slice(0, 256), interval)}
            >
              {t('video.startPatrol', { n: Math.min(256, patrolGroup.length) })}
            </button>
          </>
        )}
      </div>

      <div className="vbar__group vbar__group--end">
        <select
          className="vbar__select"
          aria-label={t('video.layouts')}
          value={chosen}
          onChange={(e) => {
            const layout = layouts.data?.find((l) => l.id === e.target.value);
            setChosen(e.target.value);
            if (layout) {
              act(store, A.applyLayout, layout);
              setName(layout.name);
            }
          }}
        >
          <option value="">{t('video.pickLayout', { n: layouts.data?.length ?? 0 })}</option>
          {layouts.data?.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
        {canSave && (
          <>
            {chosen && (
              <button
                type="button"
                className="vbar__btn vbar__btn--ghost"
                onClick={() => remove.mutate(chosen, { onSuccess: () => setChosen('') })}
              >
                {t('video.deleteLayout')}
              </button>
            )}
            <input
              className="vbar__name"
              value={name}
              maxLength={40}
              placeholder={layoutName ?? t('video.layoutName')}
              aria-label={t('video.layoutName')}
              onChange={(e) => setName(e.target.value)}
            />
            <button
              type="button"
              className="vbar__btn"
              disabled={save.isPending || name.trim() === ''}
              onClick={() => save.mutate(toLayoutInput(store.getState(), name.trim()))}
            >
              {t('video.saveLayout')}
            </button>
          </>
        )}
        {(save.isError || remove.isError) && (
          <span className="vbar__error" role="alert">
            {errorText(save.error ?? remove.error ?? new CodedError('INTERNAL', ''), i18n.language)}
          </span>
        )}
        {save.isSuccess && <span className="vbar__note">{t('video.saved')}</span>}
      </div>
    </div>
  );
}
