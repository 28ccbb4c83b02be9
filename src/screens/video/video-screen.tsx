import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { recoverWallSession, useSession } from '../../api/auth';
import { CameraId } from '../../contract/video';
import { AccountBar } from '../../components/account-bar';
import { connectLive } from '../../live/socket-client';
import { useTopic } from '../../live/use-live';
import { READ_ONLY_ROLES } from './read-only';
import { VideoWorkspace } from './video-workspace';
import {
  act,
  createVideoWallStore,
  isGrid,
  MAX_TILES,
  wallActions as A,
  type VideoWallStore,
} from './wall-store';

/**
 * A wall set up by URL (a display that cannot save layouts is pointed at one): `?grid=9&cameras=<id>,<id>,…`
 * (empty entries leave a tile empty).
 */
function fromUrl(search: string): VideoWallStore {
  const q = new URLSearchParams(search);
  const grid = Number(q.get('grid') ?? 4);
  const store = createVideoWallStore(isGrid(grid) ? grid : 4);
  const ids = (q.get('cameras') ?? '').split(',').slice(0, MAX_TILES);
  ids.forEach((id, i) => {
    if (CameraId.safeParse(id).success) act(store, A.assign, i, id);
  });
  act(store, A.select, 0);
  return store;
}

/**
 * `/video`: the video wall as a screen of its own, for every role that may view video (the wall display signs in
 * with its token like on /wall). Cameras come from the live `cameras` topic (district-scoped for officers).
 */
export function VideoScreen() {
  const { t } = useTranslation();
  const me = useSession().data?.me;
  const store = useMemo(() => fromUrl(window.location.search), []);
  const hasCameras = useTopic('cameras', (s) => s.seq >= 0);
  useEffect(() => connectLive({ topics: ['cameras'], onAuthLost: recoverWallSession }), []);
  useEffect(() => {
    document.documentElement.dataset['ready'] = String(hasCameras);
  }, [hasCameras]);
  useEffect(() => {
    if (new URLSearchParams(window.location.search).has('bench'))
      void import('./bench-hook').then((m) => m.installVideoBenchHook(store));
  }, [store]);
  const canSave = me ? !READ_ONLY_ROLES.includes(me.principal.role) : false;
  return (
    <div className="video-screen">
      <AccountBar title={t('video.title')} />
      <VideoWorkspace store={store} canSave={canSave} />
    </div>
  );
}
