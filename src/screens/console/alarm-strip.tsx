import { useTranslation } from 'react-i18next';
import { useAcknowledge, useAcknowledgeWarning } from '../../api/console';
import { isEventAlarm, isWarningAlarm } from '../../contract/alarms';
import type { Warning } from '../../contract/entities';
import type { Event } from '../../contract/event';
import { useTopicDerived } from '../../live/use-live';

const SHOWN = 4;

interface Alarms {
  events: Event[];
  warnings: Warning[];
}

const newestFirst = <T extends { updatedAt: string }>(a: T, b: T) => (a.updatedAt < b.updatedAt ? 1 : -1);

/**
 * The alarms the wall's banner shows until the console acknowledges them (severe events I–II, red and orange
 * warnings), from the live stream: acknowledge here and every wall drops it.
 */
export function AlarmStrip({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const ackEvent = useAcknowledge();
  const ackWarning = useAcknowledgeWarning();
  const events = useTopicDerived(
    'events',
    (items) => [...items.values()].filter(isEventAlarm).sort(newestFirst),
    'alarms',
  );
  const warnings = useTopicDerived(
    'warnings',
    (items) => [...items.values()].filter(isWarningAlarm).sort(newestFirst),
    'alarms',
  );
  const alarms: Alarms = { events, warnings };
  const total = alarms.events.length + alarms.warnings.length;
  if (total === 0) return null;
  return (
    <div className="alarms" role="region" aria-label={t('alarm.title')} data-testid="alarm-strip">
      <strong className="alarms__title">
        {t('alarm.title')} {total}
      </strong>
      {alarms.warnings.slice(0, SHOWN).map((w) => (
        <span key={w.id} className="alarms__item" data-warning-id={w.id}>
          <span className={`chip chip--warn-${w.level}`}>{t(`warningLevel.${w.level}`)}</span>
          <span className="alarms__text" title={w.headline}>
            {w.headline}
          </span>
          <button
            type="button"
            className="btn btn--small btn--alarm"
            disabled={ackWarning.isPending}
            onClick={() => ackWarning.mutate(w.id)}
          >
            {t('console.actions.acknowledge')}
          </button>
        </span>
      ))}
      {alarms.events.slice(0, Math.max(0, SHOWN - alarms.warnings.length)).map((e) => (
        <span key={e.id} className="alarms__item" data-event-id={e.id}>
          <span className={`chip chip--sev chip--sev-${e.severity}`}>{t(`severityShort.${e.severity}`)}</span>
          <button type="button" className="link alarms__text" title={e.title} onClick={() => onOpen(e.id)}>
            {e.title}
          </button>
          <button
            type="button"
            className="btn btn--small btn--alarm"
            disabled={ackEvent.isPending}
            onClick={() => ackEvent.mutate(e.id)}
          >
            {t('console.actions.acknowledge')}
          </button>
        </span>
      ))}
      {total > SHOWN && <span className="muted">{t('alarm.more', { n: total - SHOWN })}</span>}
    </div>
  );
}
