import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { recoverWallSession } from '../../api/auth';
import { connectLive } from '../../live/socket-client';
import { useTopic } from '../../live/use-live';
import { ConsoleHeader } from '../console/console-header';
import { VideoWorkspace } from './video-workspace';
import { createVideoWallStore } from './wall-store';
import '../console/console.css';

/** The duty console's video panel (`/console/video`): the video wall under the console's own header. */
export function ConsoleVideoScreen() {
  const { t } = useTranslation();
  const store = useMemo(() => createVideoWallStore(4), []);
  const hasCameras = useTopic('cameras', (s) => s.seq >= 0);
  useEffect(() => connectLive({ topics: ['cameras'], onAuthLost: recoverWallSession }), []);
  useEffect(() => {
    document.documentElement.dataset['ready'] = String(hasCameras);
  }, [hasCameras]);
  return (
    <div className="video-screen video-screen--console">
      <ConsoleHeader title={t('video.title')} active="video" />
      <VideoWorkspace store={store} canSave />
    </div>
  );
}
