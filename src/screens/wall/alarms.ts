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

export interface AlarmPicture {
  /** Every current alarm's key (new ones sound). */
  keys: Set<string>;
  /** The newest `limit` alarms, newest first (what the banner lists). */
  shown: Alarm[];
}

const newerAlarm = (a: Alarm, b: Alarm) => a.at > b.at || (a.at === b.at && a.key < b.key);

/** Current alarms in one pass over the live events: all keys, and the newest few as banner entries. */
export function currentAlarms(events: Iterable<Event>, warnings: Iterable<Warning>, limit = 3): AlarmPicture {
  const keys = new Set<string>();
  const shown: Alarm[] = [];
  const offer = (a: Alarm) => {
    if (shown.length === limit && !newerAlarm(a, shown[limit - 1]!)) return;
    let i = shown.length === limit ? limit - 1 : shown.length;
    while (i > 0 && newerAlarm(a, shown[i - 1]!)) {
      shown[i] = shown[i - 1]!;
      i--;
    }
    shown[i] = a;
  };
  for (const e of events) {
    if (!isEventAlarm(e)) continue;
    const key = `event:${e.id}`;
    keys.add(key);
    if (shown.length < limit || e.reportedAt >= shown[shown.length - 1]!.at)
      offer({ key, kind: 'event', grade: e.severity, title: e.title, detail: e.address, at: e.reportedAt });
  }
  for (const w of warnings) {
    if (!isWarningAlarm(w)) continue;
    const key = `warning:${w.id}`;
    keys.add(key);
    offer({ key, kind: 'warning', grade: w.level, title: w.headline, detail: w.event, at: w.sent });
  }
  return { keys, shown };
}

/** Keys in `next` that were not in `prev`: alarms that just appeared (they sound). */
export function newAlarmKeys(prev: ReadonlySet<string>, next: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const k of next) if (!prev.has(k)) out.push(k);
  return out;
}
