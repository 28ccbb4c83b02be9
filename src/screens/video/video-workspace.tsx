import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { useTopicDerived } from '../../live/use-live';
import { CameraList } from './camera-list';
import { filterCameras, type CameraFilter } from './camera-filter';
import { VideoTiles } from './video-tiles';
import { act, wallActions as A, type VideoWallStore } from './wall-store';
import { WallToolbar } from './wall-toolbar';
import './video.css';

/** Steps a running patrol every `intervalSeconds` (a UI timer; nothing is polled). */
function usePatrolTimer(store: VideoWallStore): void {
  const patrol = useStore(store, (s) => s.patrol);
  useEffect(() => {
    if (!patrol) return undefined;
    const timer = setTimeout(() => act(store, A.patrolStep), patrol.intervalSeconds * 1000);
    return () => clearTimeout(timer);
  }, [store, patrol]);
}

/**
 * The video wall (视频墙): the camera list, the toolbar and the tiles. The same unit is the `/video` screen and
 * the duty console's video panel; each passes its own store.
 */
export function VideoWorkspace({ store, canSave }: { store: VideoWallStore; canSave: boolean }) {
  const [filter, setFilter] = useState<CameraFilter>({ text: '', onlineOnly: false });
  const key = `${filter.text}|${filter.onlineOnly}`;
  const { shown, total } = useTopicDerived(
    'cameras',
    (items) => ({ shown: filterCameras(items.values(), filter), total: items.size }),
    key,
  );
  const patrolGroup = useMemo(() => shown.filter((c) => c.online).map((c) => c.id), [shown]);
  usePatrolTimer(store);
  return (
    <div className="vwork">
      <CameraList
        cameras={shown}
        total={total}
        text={filter.text}
        onlineOnly={filter.onlineOnly}
        onFilter={setFilter}
        onPick={(id) => act(store, A.assign, store.getState().selected, id)}
      />
      <section className="vwork__main">
        <WallToolbar store={store} patrolGroup={patrolGroup} canSave={canSave} />
        <VideoTiles store={store} />
      </section>
    </div>
  );
}
