import type { EventActionKind } from '../../src/contract/console';
import { CodedError } from '../../src/contract/errors';
import type { Event, EventStatus } from '../../src/contract/event';
import { toUtcInstant } from '../../src/contract/time';
import type { DispatchRules } from './dispatch-rules';
import { isTransition, transition } from './state-machine';

/** What an action asks for; the route fills it from the request, the system from its own reasons. */
export interface ActionInput {
  action: EventActionKind;
  note?: string | undefined;
  reason?: string | undefined;
  department?: string | undefined;
  assignee?: string | undefined;
  planId?: string | undefined;
  /** escalate: the rung to go to. */
  level?: number | undefined;
  /** Facts the system adds to the timeline entry (e.g. which report reopened the event). */
  details?: Record<string, unknown> | undefined;
}

/** One event's change and its timeline entry. */
export interface PlannedChange {
  next: Event;
  note: string | null;
  details: Record<string, unknown>;
}

/** Fields the console owns and the timeline diffs (before/after). */
export const TRACKED = [
  'status',
  'department',
  'slaDueAt',
  'assignee',
  'escalationLevel',
  'relatedIds',
  'acknowledgedAt',
  'acknowledgedBy',
] as const satisfies readonly (keyof Event)[];

export function diff(
  prev: Event,
  next: Event,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const k of TRACKED) {
    const a = prev[k] ?? null;
    const b = next[k] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      before[k] = a;
      after[k] = b;
    }
  }
  return { before, after };
}

/**
 * The change one action makes to one event, decided from the event as it is now, the city pack's rules and
 * the clock; null when it changes nothing (e.g. an alarm acknowledged twice). Throws a CodedError when the
 * action may not happen. Merge and split touch several events and are planned by the service.
 */
export function planAction(
  current: Event,
  input: ActionInput,
  ctx: { rules: DispatchRules; now: number; actor: string },
): PlannedChange | null {
  const { rules, now } = ctx;
  const reason = input.reason?.trim() || undefined;
  const note = input.note?.trim() || reason || null;
  const base = (next: Event, details: Record<string, unknown> = {}): PlannedChange => ({
    next,
    note,
    details: { ...(reason ? { reason } : {}), ...input.details, ...details },
  });
  const move = (e: Event, to: EventStatus): Event => {
    const next: Event = { ...e, status: to, escalationLevel: 0 };
    return { ...next, slaDueAt: rules.dueAt(next, now) };
  };

  if (isTransition(input.action)) {
    const t = transition(current.status, input.action, reason !== undefined);
    if (!t.ok) throw new CodedError(t.code, t.message);
    switch (input.action) {
      case 'accept':
        return base({ ...move(current, t.to), assignee: input.assignee ?? current.assignee ?? ctx.actor });
      case 'forward': {
        const suggestion = rules.suggest(current);
        if (!suggestion.department)
          throw new CodedError(
            'UNKNOWN_CODE',
            `no department of the suggested kind serves ${current.district}`,
          );
        return base(
          {
            ...move(current, t.to),
            department: suggestion.department.id,
            assignee: current.assignee ?? ctx.actor,
          },
          { department: suggestion.department.id, ruleId: suggestion.ruleId, override: false },
        );
      }
      case 'dispatch': {
        const chosen = input.department === undefined ? undefined : rules.department(input.department);
        if (!chosen) {
          throw new CodedError('BAD_REQUEST', `dispatch needs a known department, got ${input.department}`, [
            { path: 'department', message: 'unknown or missing department' },
          ]);
        }
        const suggested = rules.suggest(current).department?.id ?? null;
        return base(
          { ...move(current, t.to), department: chosen.id, assignee: current.assignee ?? ctx.actor },
          { department: chosen.id, suggested, override: chosen.id !== suggested },
        );
      }
      case 'plan': {
        const plan = input.planId ? rules.plan(input.planId) : rules.planFor(current);
        if (!plan) {
          throw new CodedError('BAD_REQUEST', 'no emergency plan applies to this event', [
            { path: 'planId', message: 'unknown plan, or none for this category and severity' },
          ]);
        }
        const notified = rules.planDepartments(plan, current.district);
        const at = toUtcInstant(now);
        const moved = t.to === current.status ? current : move(current, t.to);
        return base(
          { ...moved, department: notified[0]?.id ?? current.department ?? null },
          { planId: plan.id, notified: notified.map((d) => ({ department: d.id, notifiedAt: at })) },
        );
      }
      default:
        return base(move(current, t.to));
    }
  }

  switch (input.action) {
    case 'note':
      if (!note)
        throw new CodedError('BAD_REQUEST', 'a note needs text', [{ path: 'note', message: 'empty' }]);
      return base(current);
    case 'assign':
      if (current.status === 'closed')
        throw new CodedError('ILLEGAL_TRANSITION', 'a closed event has no assignee to change');
      return base({ ...current, assignee: input.assignee?.trim() || null });
    case 'acknowledge':
      if (current.acknowledgedAt) return null;
      return base({ ...current, acknowledgedAt: toUtcInstant(now), acknowledgedBy: ctx.actor });
    case 'escalate': {
      const level = input.level ?? 0;
      if (current.status === 'closed' || level <= (current.escalationLevel ?? 0)) return null;
      // The sweep read the event due at `dueAt`; if it has moved to another stage since, that clock is gone.
      if (input.details?.['dueAt'] !== undefined && input.details['dueAt'] !== current.slaDueAt) return null;
      const rung = rules.rung(level);
      return base(
        { ...current, escalationLevel: level },
        { level, fromLevel: current.escalationLevel ?? 0, role: rung?.role ?? null },
      );
    }
    case 'sla': {
      if (current.status === 'closed' || current.slaDueAt !== null) return null;
      return base({ ...current, slaDueAt: rules.dueAt(current, now) });
    }
    default:
      throw new CodedError('BAD_REQUEST', `${input.action} is not a single-event action`);
  }
}
