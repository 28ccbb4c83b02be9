import { useTranslation } from 'react-i18next';
import type { Event } from '../../contract/event';
import { useEventsDerived } from '../../live/use-live';
import { PanelFrame } from '../panel-frame/panel-frame';
import { formatLocalTime } from './format-time';
import './newest-events.css';

const SHOWN = 12;

/** The newest reports, most recent first. Citizen text is rendered as text (React escapes it), never as HTML. */
export function NewestEventsPanel({ timezone }: { timezone: string }) {
  const { t } = useTranslation();
  const newest = useEventsDerived((items) => newestEvents(items.values(), SHOWN), SHOWN);
  return (
    <PanelFrame name="newest-events" title={t('wall.newestEvents')}>
      {newest.length === 0 ? (
        <p className="newest__empty">{t('wall.noEvents')}</p>
      ) : (
        <ol className="newest" aria-live="polite">
          {newest.map((e) => (
            <li key={e.id} className="newest__item" data-event-id={e.id} data-severity={e.severity}>
              <span className="newest__sev">{t(`severityShort.${e.severity}`)}</span>
              <span className="newest__main">
                <span className="newest__title">{e.title}</span>
                <span className="newest__desc">{e.address}</span>
              </span>
              <span className="newest__meta">
                <time dateTime={e.reportedAt}>{formatLocalTime(e.reportedAt, timezone)}</time>
                <span>{t(`source.${e.source}`)}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </PanelFrame>
  );
}

export function newestEvents(events: Iterable<Event>, n: number): Event[] {
  return [...events]
    .sort((a, b) => b.reportedAt.localeCompare(a.reportedAt) || b.id.localeCompare(a.id))
    .slice(0, n);
}
