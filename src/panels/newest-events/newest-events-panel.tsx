import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFitCount } from '../../components/use-fit-count';
import type { Event } from '../../contract/event';
import { useEventsDerived } from '../../live/use-live';
import { PanelFrame } from '../panel-frame/panel-frame';
import { formatLocalTime } from './format-time';
import './newest-events.css';

/** The newest reports, most recent first. Citizen text is rendered as text (React escapes it), never as HTML. */
export function NewestEventsPanel({ timezone, limit = 12 }: { timezone: string; limit?: number }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  // A row is two lines (1rem + 0.85rem at line-height 1.35), 0.7rem padding and a 0.35rem gap.
  const shown = useFitCount(box, 3.6, limit);
  const newest = useEventsDerived((items) => newestEvents(items.values(), shown), shown);
  return (
    <PanelFrame name="newest-events" title={t('wall.newestEvents')}>
      <div ref={box} className="newest__box">
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
      </div>
    </PanelFrame>
  );
}

/** The `n` most recently reported events in one pass (no sort of the whole live set), newest first. */
export function newestEvents(events: Iterable<Event>, n: number): Event[] {
  const top: Event[] = [];
  const before = (a: Event, b: Event) =>
    a.reportedAt > b.reportedAt || (a.reportedAt === b.reportedAt && a.id > b.id);
  for (const e of events) {
    if (top.length === n && !before(e, top[n - 1]!)) continue;
    let i = top.length === n ? n - 1 : top.length;
    while (i > 0 && before(e, top[i - 1]!)) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = e;
  }
  return top;
}
