import { useTranslation } from 'react-i18next';
import type { StageClock } from '../../../contract/console';
import { cityTime } from '../format';

/** Each stage's SLA clock: due time, when it was done, overdue marked. */
export function StageClocks({ stages, timezone }: { stages: readonly StageClock[]; timezone: string }) {
  const { t } = useTranslation();
  return (
    <ol className="stages" data-testid="stages">
      {stages.map((s, i) => (
        <li
          key={`${s.stage}-${i}`}
          className={`stages__item ${s.overdue ? 'stages__item--overdue' : ''} ${s.completedAt ? '' : 'stages__item--current'}`}
        >
          <span className="stages__name">{t(`console.detail.stage.${s.stage}`)}</span>
          <span className="stages__due">{t('console.detail.due', { t: cityTime(s.dueAt, timezone) })}</span>
          {s.completedAt && (
            <span className="stages__done">
              {t('console.detail.doneAt', { t: cityTime(s.completedAt, timezone) })}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
