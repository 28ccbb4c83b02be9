import type { EmergencyPlan, SlaStage } from '../../src/contract/city-pack';
import type {
  Attachment,
  EventAction,
  EventDetail,
  NearbyCamera,
  PlanActivation,
  RequestableAction,
  StageClock,
} from '../../src/contract/console';
import type { Event, EventStatus } from '../../src/contract/event';
import type { DispatchRules } from './dispatch-rules';
import { allowedActions, stageOf } from './state-machine';

/** Cameras within this distance are "nearby" (a city block or two); at most this many are listed. */
export const NEARBY_CAMERA_M = 800;
export const NEARBY_CAMERA_COUNT = 8;

/**
 * The detail pane's view of an event, composed from what is stored: the timeline, the per-stage SLA clocks
 * (each transition's `before.slaDueAt` is the due time of the stage it ended), attachments the source's record
 * points at, the latest emergency plan started, and the escalation rung reached.
 */
export function composeDetail(args: {
  event: Event;
  actions: EventAction[];
  related: Event[];
  cameras: NearbyCamera[];
  rules: DispatchRules;
  now: number;
}): EventDetail {
  const { event, actions, rules, now } = args;
  const suggestion = rules.suggest(event);
  return {
    event,
    actions,
    allowedActions: actionsAllowed(event.status, suggestion.plan),
    related: args.related,
    cameras: args.cameras,
    suggestion,
    stages: stageClocks(event, actions, rules, now),
    attachments: attachmentsOf(event),
    activation: activationOf(actions, rules),
    escalation: event.escalationLevel ? rules.rung(event.escalationLevel) : null,
  };
}

/** What an officer may do to the event now. One-key dispatch is offered only where an emergency plan applies. */
export function actionsAllowed(status: EventStatus, plan: EmergencyPlan | null): RequestableAction[] {
  return allowedActions(status).filter((a) => a !== 'plan' || plan !== null);
}

export function stageClocks(
  event: Event,
  actions: readonly EventAction[],
  rules: DispatchRules,
  now: number,
): StageClock[] {
  const sla = rules.slaFor(event);
  const clocks: StageClock[] = [];
  let enteredAt: string | null = null;
  for (const a of actions) {
    if (a.fromStatus === a.toStatus) continue;
    const stage = stageOf(a.fromStatus);
    const due = typeof a.before['slaDueAt'] === 'string' ? (a.before['slaDueAt'] as string) : null;
    if (stage && due) clocks.push(clock(stage, enteredAt ?? back(due, sla[stage]), due, a.at, now));
    enteredAt = a.at;
  }
  const current = stageOf(event.status);
  if (current && event.slaDueAt)
    clocks.push(clock(current, enteredAt ?? back(event.slaDueAt, sla[current]), event.slaDueAt, null, now));
  return clocks;
}

function clock(
  stage: SlaStage,
  enteredAt: string,
  dueAt: string,
  completedAt: string | null,
  now: number,
): StageClock {
  const end = completedAt === null ? now : Date.parse(completedAt);
  return { stage, enteredAt, dueAt, completedAt, overdue: end > Date.parse(dueAt) };
}

/** A stage's start from its due time (for the first stage, whose start is the receipt, not an action). */
function back(due: string, minutes: number): string {
  return new Date(Date.parse(due) - minutes * 60_000).toISOString();
}

/** Attributes that reference media: URLs become links (images by extension), counts of photos the source holds. */
export function attachmentsOf(e: Event): Attachment[] {
  const out: Attachment[] = [];
  for (const [key, value] of Object.entries(e.attributes)) {
    if (typeof value === 'string' && /url$/i.test(key) && /^https?:\/\//i.test(value)) {
      const image = /\.(jpe?g|png|webp|gif)(\?|$)/i.test(value) || /pic|photo|image|snapshot/i.test(key);
      out.push({ kind: image ? 'image' : 'link', label: key, url: value, count: null });
    } else if (typeof value === 'number' && /^(photos|images|attachments)$/i.test(key) && value > 0) {
      out.push({ kind: 'held-by-source', label: key, url: null, count: value });
    }
  }
  return out;
}

function activationOf(actions: readonly EventAction[], rules: DispatchRules): PlanActivation | null {
  const started = actions.findLast((a) => a.action === 'plan');
  if (!started) return null;
  const plan = rules.plan(String(started.details['planId']));
  if (!plan) return null;
  const notified =
    (started.details['notified'] as { department: string; notifiedAt: string }[] | undefined) ?? [];
  return {
    plan,
    startedAt: started.at,
    startedBy: started.actorName ?? started.actor,
    notified: notified.flatMap((n) => {
      const department = rules.department(n.department);
      return department ? [{ department, notifiedAt: n.notifiedAt }] : [];
    }),
  };
}
