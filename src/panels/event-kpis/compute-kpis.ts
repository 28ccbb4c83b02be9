import { TZDate } from '@date-fns/tz';
import type { Event } from '../../contract/event';

export interface EventKpis {
  /** Reported today (city time). */
  today: number;
  /** Not closed. */
  open: number;
  /** Not closed and past their SLA deadline. */
  overdue: number;
  /** Of today's events, how many are closed already. */
  closedToday: number;
  /** closedToday / today (结案率), null when nothing was reported today. */
  closureRate: number | null;
}

/** Start of the local day containing `now` in `timezone`, as epoch ms. */
export function startOfLocalDay(now: number, timezone: string): number {
  const d = new TZDate(now, timezone);
  return new TZDate(d.getFullYear(), d.getMonth(), d.getDate(), 0, 0, 0, timezone).getTime();
}

/** KPIs over the live events in one pass (100k events: a few ms, at most once a second). */
export function computeKpis(events: Iterable<Event>, now: number, timezone: string): EventKpis {
  // Contract instants are ISO-8601 UTC strings of one format, so they compare as strings: no Date.parse per event.
  const dayStartIso = new Date(startOfLocalDay(now, timezone)).toISOString();
  const nowIso = new Date(now).toISOString();
  let today = 0;
  let open = 0;
  let overdue = 0;
  let closedToday = 0;
  for (const e of events) {
    const closed = e.status === 'closed';
    if (e.reportedAt >= dayStartIso) {
      today++;
      if (closed) closedToday++;
    }
    if (!closed) {
      open++;
      if (e.slaDueAt !== null && e.slaDueAt < nowIso) overdue++;
    }
  }
  return { today, open, overdue, closedToday, closureRate: today > 0 ? closedToday / today : null };
}
