import { TZDate } from '@date-fns/tz';
import type { Event } from '../../contract/event';

export interface EventKpis {
  today: number;
  open: number;
  severe: number;
}

/** Start of the local day containing `now` in `timezone`, as epoch ms. */
export function startOfLocalDay(now: number, timezone: string): number {
  const d = new TZDate(now, timezone);
  return new TZDate(d.getFullYear(), d.getMonth(), d.getDate(), 0, 0, 0, timezone).getTime();
}

/** KPIs over the live events: reported today (city time), not closed, and open severe (I–II). */
export function computeKpis(events: Iterable<Event>, now: number, timezone: string): EventKpis {
  const dayStart = startOfLocalDay(now, timezone);
  let today = 0;
  let open = 0;
  let severe = 0;
  for (const e of events) {
    if (Date.parse(e.reportedAt) >= dayStart) today++;
    if (e.status !== 'closed') {
      open++;
      if (e.severity === 'I' || e.severity === 'II') severe++;
    }
  }
  return { today, open, severe };
}
