import type { SlaStage } from '../../src/contract/city-pack';
import type { RequestableAction, TransitionAction } from '../../src/contract/console';
import type { ErrorCode } from '../../src/contract/errors';
import type { EventStatus } from '../../src/contract/event';

/**
 * The event lifecycle (DESIGN.md): 上报 reported → 受理 accepted → 派遣 dispatched → 处置 in-progress → 处置完成
 * resolved → 核查 verified → 结案 closed, plus 退回 returned (back to the dispatcher, with a reason) and 重新打开
 * reopened. The one place transitions are decided; the service stores them, the console asks which are allowed.
 */
interface Edge {
  from: readonly EventStatus[];
  /** The status after the action (a function when it depends on where the event is). */
  to: EventStatus | ((from: EventStatus) => EventStatus);
  /** Whether the action needs a reason from this status. */
  reason?: (from: EventStatus) => boolean;
}

const BEFORE_DISPATCH: readonly EventStatus[] = ['reported', 'accepted', 'returned', 'reopened'];

export const EDGES: Record<TransitionAction, Edge> = {
  accept: { from: ['reported', 'reopened'], to: 'accepted' },
  // One-key forward accepts and dispatches in one action, so it also works on a fresh report.
  forward: { from: BEFORE_DISPATCH, to: 'dispatched' },
  dispatch: { from: ['accepted', 'returned', 'reopened'], to: 'dispatched' },
  // An emergency plan may start before or after dispatch; it dispatches when the event was not yet.
  plan: {
    from: [...BEFORE_DISPATCH, 'dispatched', 'in-progress'],
    to: (from) => (BEFORE_DISPATCH.includes(from) ? 'dispatched' : from),
  },
  start: { from: ['dispatched'], to: 'in-progress' },
  resolve: { from: ['in-progress'], to: 'resolved' },
  rework: { from: ['resolved'], to: 'in-progress', reason: () => true },
  verify: { from: ['resolved'], to: 'verified' },
  // Closure only after verification, unless an officer closes with a reason.
  close: {
    from: [
      'reported',
      'accepted',
      'dispatched',
      'in-progress',
      'resolved',
      'verified',
      'returned',
      'reopened',
    ],
    to: 'closed',
    reason: (from) => from !== 'verified',
  },
  return: { from: ['dispatched', 'in-progress'], to: 'returned', reason: () => true },
  reopen: { from: ['verified', 'closed'], to: 'reopened', reason: () => true },
};

export const TRANSITIONS = Object.keys(EDGES) as TransitionAction[];

export type TransitionResult =
  | { ok: true; to: EventStatus }
  | { ok: false; code: Extract<ErrorCode, 'ILLEGAL_TRANSITION' | 'REASON_REQUIRED'>; message: string };

/** Where `action` takes an event in `from`, or why it may not. */
export function transition(
  from: EventStatus,
  action: TransitionAction,
  hasReason: boolean,
): TransitionResult {
  const edge = EDGES[action];
  if (!edge.from.includes(from)) {
    return {
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      message: `cannot ${action} an event that is ${from} (allowed from ${edge.from.join(', ')})`,
    };
  }
  if (edge.reason?.(from) && !hasReason) {
    return {
      ok: false,
      code: 'REASON_REQUIRED',
      message:
        action === 'close'
          ? `closing a ${from} event before verification needs a reason`
          : `${action} needs a reason`,
    };
  }
  return { ok: true, to: typeof edge.to === 'function' ? edge.to(from) : edge.to };
}

export function isTransition(action: string): action is TransitionAction {
  return action in EDGES;
}

/** What a person may do to an event in `status` (the console's buttons); reasons are asked for when needed. */
export function allowedActions(status: EventStatus): RequestableAction[] {
  const moves = TRANSITIONS.filter((a) => EDGES[a].from.includes(status));
  const notes: RequestableAction[] =
    status === 'closed' ? ['note', 'merge', 'split'] : ['note', 'assign', 'merge', 'split'];
  return [...moves, ...notes];
}

/** The SLA stage an event in `status` is in (what must happen next), or null once closed. */
export function stageOf(status: EventStatus): SlaStage | null {
  switch (status) {
    case 'reported':
    case 'reopened':
      return 'accept';
    case 'accepted':
    case 'returned':
      return 'dispatch';
    case 'dispatched':
      return 'start';
    case 'in-progress':
      return 'resolve';
    case 'resolved':
      return 'verify';
    case 'verified':
      return 'close';
    case 'closed':
      return null;
  }
}
