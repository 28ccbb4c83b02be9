import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFitCount } from '../../components/use-fit-count';
import type { Warning, WarningLevel } from '../../contract/entities';
import { useHealth, useTopicDerived } from '../../live/use-live';
import { PanelFrame } from '../panel-frame/panel-frame';
import './active-warnings.css';

const LEVEL_ORDER: Record<WarningLevel, number> = { red: 0, orange: 1, yellow: 2, blue: 3 };

/** Active warnings, most severe first, then newest. */
export function activeWarnings(warnings: Iterable<Warning>, limit: number): Warning[] {
  return [...warnings]
    .filter((w) => w.active)
    .sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || b.sent.localeCompare(a.sent))
    .slice(0, limit);
}

export function ActiveWarningsPanel({ limit = 5 }: { limit?: number }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const shown = useFitCount(box, 2.3, limit);
  const list = useTopicDerived('warnings', (items) => activeWarnings(items.values(), shown), shown);
  const feed = useHealth((h) => h.items.get('warnings')?.state);
  return (
    <PanelFrame
      name="active-warnings"
      title={t('wall.warnings.title')}
      stale={feed === 'stale' || feed === 'down'}
    >
      <div ref={box} className="warnings__box">
        {list.length === 0 ? (
          <p className="panel__empty">{t('wall.warnings.none')}</p>
        ) : (
          <ol className="warnings">
            {list.map((w) => (
              <li key={w.id} className="warning" data-level={w.level} data-warning-id={w.id}>
                <span className="warning__level">{t(`warningLevel.${w.level}`)}</span>
                <span className="warning__headline">{w.headline}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </PanelFrame>
  );
}
