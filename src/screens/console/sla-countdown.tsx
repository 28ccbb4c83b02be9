import { useTranslation } from 'react-i18next';
import type { Event } from '../../contract/event';
import { duration } from './format';

/** Time left in the event's current stage, or how long it is overdue (red), from the shared 1 Hz clock. */
export function SlaCountdown({ event, now }: { event: Pick<Event, 'slaDueAt' | 'status'>; now: number }) {
  const { t } = useTranslation();
  if (!event.slaDueAt || event.status === 'closed')
    return <span className="sla sla--none">{t('console.sla.none')}</span>;
  const left = Date.parse(event.slaDueAt) - now;
  const overdue = left < 0;
  const soon = !overdue && left < 10 * 60_000;
  return (
    <span className={`sla ${overdue ? 'sla--overdue' : soon ? 'sla--soon' : ''}`} data-overdue={overdue}>
      {overdue
        ? t('console.sla.overdue', { t: duration(left, t) })
        : t('console.sla.left', { t: duration(left, t) })}
    </span>
  );
}
