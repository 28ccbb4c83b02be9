import { z } from 'zod';
import type { Warning, WarningLevel } from './entities';
import type { Event, Severity } from './event';

/**
 * Alarms: what the wall's alarm banner raises and what clears it, shared by the wall and the duty console.
 *
 * An alarm is an event of severity I–II that is not closed, or an active red/orange CAP warning, that the
 * console has not acknowledged. Acknowledging is a normal stored change of the item: the console's action
 * (`POST /api/events/:id/acknowledge`, `POST /api/warnings/:id/acknowledge`, body {@link AlarmAckRequest})
 * sets `acknowledgedAt`/`acknowledgedBy` on the Event (bumping `version`) or the Warning (bumping
 * `updatedAt`), and the live delta that follows takes the alarm off every wall. No separate topic: an
 * acknowledgement a wall missed while disconnected arrives with the resume like any other change.
 */
export const ALARM_SEVERITIES: readonly Severity[] = ['I', 'II'];
export const ALARM_WARNING_LEVELS: readonly WarningLevel[] = ['red', 'orange'];

/** Body of the console's acknowledge action. */
export const AlarmAckRequest = z.object({ note: z.string().max(500).optional() });
export type AlarmAckRequest = z.infer<typeof AlarmAckRequest>;

export function isEventAlarm(e: Pick<Event, 'severity' | 'status' | 'acknowledgedAt'>): boolean {
  return ALARM_SEVERITIES.includes(e.severity) && e.status !== 'closed' && !e.acknowledgedAt;
}

export function isWarningAlarm(w: Pick<Warning, 'level' | 'active' | 'acknowledgedAt'>): boolean {
  return w.active && ALARM_WARNING_LEVELS.includes(w.level) && !w.acknowledgedAt;
}
