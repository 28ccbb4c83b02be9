import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../i18n';
import type { Tour } from '../../contract/tour';

/**
 * One segment per scene: done, current, to come. In auto mode the current one fills over the scene's duration (a CSS
 * animation, restarted per showing), so the room sees how long a scene stays.
 */
export function ProgressBar({
  tour,
  index,
  nonce,
  running,
  lang,
}: {
  tour: Tour;
  index: number;
  nonce: number;
  running: boolean;
  lang: Lang;
}) {
  const { t } = useTranslation();
  return (
    <ol
      className="tour-progress"
      aria-label={t('tour.progress', { n: index + 1, total: tour.scenes.length })}
    >
      {tour.scenes.map((s, i) => (
        <li
          key={s.id}
          className="tour-progress__step"
          data-state={i < index ? 'done' : i === index ? 'current' : 'todo'}
          title={s.title[lang]}
        >
          {i === index && (
            <span
              key={nonce}
              className={`tour-progress__fill${running ? ' tour-progress__fill--timed' : ''}`}
              style={{ '--scene-duration': `${s.durationSec}s` } as CSSProperties}
            />
          )}
        </li>
      ))}
    </ol>
  );
}
