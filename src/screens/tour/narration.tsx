import { useTranslation } from 'react-i18next';
import type { Lang } from '../../i18n';
import type { Scene } from '../../contract/tour';
import type { SceneShow } from './use-scene-runner';
import { fillNarration } from './narration-text';

/** The scene's title and narration, large enough to read from the back of the room. */
export function Narration({ scene, show, lang }: { scene: Scene; show: SceneShow; lang: Lang }) {
  const { t } = useTranslation();
  // Filled once the target is resolved (placeholders never flash as "{label}").
  const text = show.phase === 'resolving' ? '' : fillNarration(scene.narration[lang], show.resolved, lang, t);
  return (
    <section className="tour-narration" aria-live="polite" data-testid="narration">
      <h1 className="tour-narration__title">{scene.title[lang]}</h1>
      <p className="tour-narration__text">{text}</p>
    </section>
  );
}
