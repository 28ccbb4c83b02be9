import { isEventAlarm, isWarningAlarm } from '../../contract/alarms';
import type { Warning, WarningLevel } from '../../contract/entities';
import type { Event, Severity } from '../../contract/event';

/** One entry of the alarm banner: a severe event or a red/orange warning not yet acknowledged. */
export interface Alarm {
  key: string;
  kind: 'event' | 'warning';
  grade: Severity | WarningLevel;
  title: string;
  detail: string;
  at: string;
}

/** Current alarms, newest first (one pass over the live events; the banner shows the first few). */
export function currentAlarms(events: Iterable<Event>, warnings: Iterable<Warning>): Alarm[] {
  const out: Alarm[] = [];
  for (const e of events)
    if (isEventAlarm(e))
      out.push({
        key: `event:${e.id}`,
        kind: 'event',
        grade: e.severity,
        title: e.title,
        detail: e.address,
        at: e.reportedAt,
      });
  for (const w of warnings)
    if (isWarningAlarm(w))
      out.push({
        key: `warning:${w.id}`,
        kind: 'warning',
        grade: w.level,
        title: w.headline,
        detail: w.event,
        at: w.sent,
      });
  return out.sort((a, b) => b.at.localeCompare(a.at) || a.key.localeCompare(b.key));
}

/** Keys in `next` that were not in `prev`: alarms that just appeared (they sound). */
export function newAlarmKeys(prev: ReadonlySet<string>, next: readonly Alarm[]): string[] {
  return next.filter((a) => !prev.has(a.key)).map((a) => a.key);
}
