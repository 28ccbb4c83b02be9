import type { RequestableAction } from '../../contract/console';
import type { EventStatus } from '../../contract/event';

/** One key per frequent action, shown on its button and in the legend (letters, as typed; case-insensitive). */
export const ACTION_KEYS: Partial<Record<RequestableAction, string>> = {
  accept: 'A',
  forward: 'F',
  dispatch: 'D',
  plan: 'P',
  start: 'S',
  resolve: 'R',
  rework: 'W',
  verify: 'V',
  close: 'C',
  return: 'B',
  reopen: 'O',
  note: 'N',
  merge: 'M',
};
export const ACK_KEY = 'G';

/** The order actions appear in on the action bar (the lifecycle's order). */
export const ACTION_ORDER: readonly RequestableAction[] = [
  'accept',
  'forward',
  'dispatch',
  'plan',
  'start',
  'resolve',
  'verify',
  'rework',
  'close',
  'return',
  'reopen',
  'note',
  'merge',
];

/** Actions the batch bar offers for several selected events at once. */
export const BATCH_ACTIONS = ['accept', 'forward', 'start', 'resolve', 'verify', 'close'] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];

/** Whether an action needs the officer to say more (a reason, a department, a note, ids) before it is sent. */
export function needsDialog(action: RequestableAction, status: EventStatus): boolean {
  switch (action) {
    case 'dispatch':
    case 'return':
    case 'rework':
    case 'reopen':
    case 'note':
    case 'merge':
    case 'plan':
    case 'assign':
      return true;
    case 'close':
      return status !== 'verified';
    default:
      return false;
  }
}
