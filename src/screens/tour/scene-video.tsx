import { useTranslation } from 'react-i18next';
import { useTopic } from '../../live/use-live';
import type { ResolvedTarget, Scene } from '../../contract/tour';
import { VideoPlayer } from '../../video/video-player';

/**
 * The scene's camera, playing in a corner: the resolved event's camera (`target`) or a named one, with its live
 * state from the cameras topic when the page holds it. Nothing while safe mode hides cameras.
 */
export function SceneVideo({
  scene,
  resolved,
  hidden,
}: {
  scene: Scene;
  resolved: ResolvedTarget | null;
  hidden: boolean;
}) {
  const { t } = useTranslation();
  const wanted = scene.video?.camera;
  const id = wanted === 'target' ? (resolved?.camera?.id ?? null) : (wanted ?? null);
  const live = useTopic('cameras', (s) => (id ? s.items.get(id) : undefined));
  if (hidden || !wanted) return null;
  if (!id)
    return (
      <div className="tour-video tour-video--none" data-testid="scene-video" data-state="none">
        {t('tour.noCamera')}
      </div>
    );
  const camera = live ?? (resolved?.camera?.id === id ? resolved.camera : { id, name: id, online: true });
  return (
    <div className="tour-video" data-testid="scene-video" data-camera-id={id}>
      <VideoPlayer key={id} camera={camera} compact />
    </div>
  );
}
