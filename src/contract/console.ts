import { z } from 'zod';
import { ApiError } from './errors';
import { Department, DispatchConfig, EmergencyPlan, EscalationRung, SlaStage, StageSla } from './city-pack';
import { Camera, WarningLevel } from './entities';
import { Category, Event, EventStatus, Severity } from './event';
import { DistrictCode } from './geo';
import { SourceId } from './source';
import { UtcInstant } from './time';

/**
 * The duty console (值班台): lifecycle actions, the queue, event detail, saved views, warning publishing.
 * The state machine itself lives in the server (mock-server/lifecycle/state-machine.ts); the console learns
 * what it may do to an event from `EventDetail.allowedActions`.
 */

/** Actions that move an event between statuses (the edges of the state machine). */
export const TransitionAction = z.enum([
  'accept', // 受理: reported | reopened → accepted
  'forward', // 一键批转: apply the rules' suggested department in one action → dispatched
  'dispatch', // 派遣: to a department the officer chooses (override) → dispatched
  'start', // 开始处置: the department started → in-progress
  'resolve', // 处置完成 → resolved
  'rework', // 核查不通过: resolved → in-progress
  'verify', // 核查 → verified
  'close', // 结案: verified → closed; from any other open status only with a reason
  'return', // 退回: dispatched | in-progress → returned, with a reason
  'reopen', // 重新打开: verified | closed → reopened, with a reason
  'plan', // 一键调度: start an emergency plan, every department notified at once → dispatched
]);
export type TransitionAction = z.infer<typeof TransitionAction>;

/** Actions recorded on an event that keep its status. */
export const AnnotationAction = z.enum([
  'note', // 备注
  'assign', // assignee changed
  'acknowledge', // the wall's alarm acknowledged
  'escalate', // SLA overdue: up the ladder (system)
  'merge', // reports joined into one incident (relatedIds)
  'split', // a report taken out of an incident
  'sla', // SLA clock started for an event stored before the console existed (system)
]);
export type AnnotationAction = z.infer<typeof AnnotationAction>;

export const EventActionKind = z.enum([...TransitionAction.options, ...AnnotationAction.options]);
export type EventActionKind = z.infer<typeof EventActionKind>;

/** Actions a person may request (escalation and SLA starts are the system's). */
export const RequestableAction = EventActionKind.exclude(['escalate', 'sla', 'acknowledge']);
export type RequestableAction = z.infer<typeof RequestableAction>;

const Note = z.string().trim().max(1000);

/** POST /api/events/:id/actions. `version` is the version the officer saw: a stale one gets 409. */
export const EventActionRequest = z.object({
  action: RequestableAction,
  version: z.number().int().nonnegative(),
  note: Note.optional(),
  /** Required for return, reopen, and close before verification. */
  reason: z.string().trim().min(1).max(500).optional(),
  /** dispatch: the department chosen (overrides the suggestion). */
  department: z.string().max(80).optional(),
  assignee: z.string().trim().max(100).optional(),
  /** plan: which emergency plan (default: the one the rules suggest). */
  planId: z.string().max(80).optional(),
  /** merge: the events joined into this one's incident; split: the events taken out of it. */
  eventIds: z.array(z.string().min(3).max(200)).min(1).max(50).optional(),
});
export type EventActionRequest = z.infer<typeof EventActionRequest>;

/** One stored, audited action: the event's timeline entry. */
export const EventAction = z.object({
  id: z.number().int(),
  eventId: z.string(),
  action: EventActionKind,
  /** Username, `system`, or `source:<id>` for a channel's own verification. */
  actor: z.string(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  at: UtcInstant,
  note: z.string().nullable(),
  fromStatus: EventStatus,
  toStatus: EventStatus,
  /** The event's changed fields before and after (status, department, slaDueAt, assignee, relatedIds …). */
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
  /** Action-specific facts: a reason, the departments a plan notified, an escalation's rung … */
  details: z.record(z.string(), z.unknown()),
  /** The event's version after the action. */
  version: z.number().int(),
});
export type EventAction = z.infer<typeof EventAction>;

/** The acted-on event, its new timeline entry and what may be done to it next (as the detail would say). */
export const EventActionResult = z.object({
  event: Event,
  action: EventAction,
  allowedActions: z.array(RequestableAction),
});
export type EventActionResult = z.infer<typeof EventActionResult>;

/** 409 VERSION_CONFLICT carries the event as it is now, so the console can show what changed. */
export const VersionConflict = ApiError.extend({ current: Event });
export type VersionConflict = z.infer<typeof VersionConflict>;

/** POST /api/events/actions/batch: one action on many events, each with the version the officer saw. */
export const BatchActionRequest = z.object({
  action: TransitionAction.exclude(['plan', 'dispatch']).or(z.literal('note')),
  items: z
    .array(z.object({ id: z.string().min(3).max(200), version: z.number().int().nonnegative() }))
    .min(1)
    .max(100),
  note: Note.optional(),
  reason: z.string().trim().min(1).max(500).optional(),
});
export type BatchActionRequest = z.infer<typeof BatchActionRequest>;

export const BatchActionResult = z.object({
  results: z.array(
    z.union([
      z.object({ id: z.string(), ok: z.literal(true), event: Event }),
      z.object({ id: z.string(), ok: z.literal(false) }).extend(ApiError.shape),
    ]),
  ),
});
export type BatchActionResult = z.infer<typeof BatchActionResult>;

/** What the rules suggest for an event: one-key forward applies exactly this. */
export const DispatchSuggestion = z.object({
  ruleId: z.string(),
  department: Department.nullable(),
  sla: StageSla,
  plan: EmergencyPlan.nullable(),
});
export type DispatchSuggestion = z.infer<typeof DispatchSuggestion>;

/** One stage's SLA clock in the event's history. */
export const StageClock = z.object({
  stage: SlaStage,
  enteredAt: UtcInstant,
  dueAt: UtcInstant,
  /** When the event left the stage; null for the current stage. */
  completedAt: UtcInstant.nullable(),
  overdue: z.boolean(),
});
export type StageClock = z.infer<typeof StageClock>;

export const NearbyCamera = Camera.extend({ distanceM: z.number().nonnegative() });
export type NearbyCamera = z.infer<typeof NearbyCamera>;

/** Something the source's record points at (a snapshot URL, photos held by the source platform). */
export const Attachment = z.object({
  kind: z.enum(['image', 'link', 'held-by-source']),
  label: z.string(),
  url: z.string().nullable(),
  count: z.number().int().nonnegative().nullable(),
});
export type Attachment = z.infer<typeof Attachment>;

/** A started emergency plan: who was notified, when, and what it brings. */
export const PlanActivation = z.object({
  plan: EmergencyPlan,
  startedAt: UtcInstant,
  startedBy: z.string(),
  notified: z.array(z.object({ department: Department, notifiedAt: UtcInstant })),
});
export type PlanActivation = z.infer<typeof PlanActivation>;

/** GET /api/console/events/:id: everything the detail pane shows. */
export const EventDetail = z.object({
  event: Event,
  actions: z.array(EventAction),
  /** What the state machine allows now (the console's buttons and shortcuts). */
  allowedActions: z.array(RequestableAction),
  related: z.array(Event),
  cameras: z.array(NearbyCamera),
  suggestion: DispatchSuggestion,
  stages: z.array(StageClock),
  attachments: z.array(Attachment),
  /** The latest emergency plan started for this event, if any. */
  activation: PlanActivation.nullable(),
  /** The escalation rung reached, if any. */
  escalation: EscalationRung.nullable(),
});
export type EventDetail = z.infer<typeof EventDetail>;

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item).max(50));

export const QueueSort = z.enum(['sla', 'reported', 'updated', 'severity']);
export type QueueSort = z.infer<typeof QueueSort>;

/** GET /api/console/queue. */
export const QueueQuery = z.object({
  status: csv(EventStatus).optional(),
  source: csv(SourceId).optional(),
  category: csv(Category).optional(),
  severity: csv(Severity).optional(),
  district: csv(DistrictCode).optional(),
  /** Only events past their stage's due time. */
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** Full text over title, description and address (Chinese included): substring match. */
  q: z.string().trim().max(100).optional(),
  sort: QueueSort.default('sla'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type QueueQuery = z.infer<typeof QueueQuery>;
export type QueueQueryInput = z.input<typeof QueueQuery>;

/**
 * Totals are counted up to this; beyond it (or when a text search stopped counting after its bounded scan) the
 * page says "at least `total`" (`totalCapped`): counting a million rows per keystroke is waste.
 */
export const QUEUE_COUNT_CAP = 10_000;

export const QueuePage = z.object({
  items: z.array(Event),
  total: z.number().int().nonnegative(),
  totalCapped: z.boolean(),
  serverTime: UtcInstant,
});
export type QueuePage = z.infer<typeof QueuePage>;

/** GET /api/console/counts: open events per status and overdue, in the caller's districts. */
export const QueueCounts = z.object({
  byStatus: z.record(EventStatus, z.number().int().nonnegative()),
  overdue: z.number().int().nonnegative(),
  escalated: z.number().int().nonnegative(),
});
export type QueueCounts = z.infer<typeof QueueCounts>;

/** GET /api/console/config: the dispatch data of the city pack the console needs. */
export const ConsoleConfig = z.object({
  kinds: DispatchConfig.shape.kinds,
  departments: z.array(Department),
  plans: z.array(EmergencyPlan),
  escalation: z.array(EscalationRung),
  defaultSla: StageSla,
});
export type ConsoleConfig = z.infer<typeof ConsoleConfig>;

/** A saved queue view (per user): a name and the queue query it restores. */
export const SavedViewInput = z.object({
  name: z.string().trim().min(1).max(40),
  query: z.record(z.string(), z.string().max(500)),
});
export type SavedViewInput = z.infer<typeof SavedViewInput>;
export const SavedView = SavedViewInput.extend({
  id: z.string(),
  createdAt: UtcInstant,
});
export type SavedView = z.infer<typeof SavedView>;

// --- Warning publishing (预警发布) ---

const Lat = z.number().min(-90).max(90);
const Lon = z.number().min(-180).max(180);

/**
 * A warning as the officer drafts it. The area is a polygon drawn on the map (WGS-84 [lon, lat], closed or
 * not: it is closed on the way out) or chosen districts (their outlines are used), or both.
 */
export const WarningDraft = z
  .object({
    level: WarningLevel,
    /** The hazard, e.g. 暴雨, 大风, 高温. */
    event: z.string().trim().min(1).max(40),
    headline: z.string().trim().min(1).max(200),
    description: z.string().trim().min(1).max(2000),
    instruction: z.string().trim().min(1).max(2000),
    /** CAP category: Met (weather) by default. */
    category: z
      .enum(['Met', 'Safety', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'Other'])
      .default('Met'),
    expires: UtcInstant,
    districts: z.array(DistrictCode).max(20).default([]),
    polygon: z
      .array(z.tuple([Lon, Lat]))
      .min(3)
      .max(500)
      .optional(),
    areaDesc: z.string().trim().max(200).optional(),
  })
  .refine((d) => d.districts.length > 0 || d.polygon !== undefined, {
    path: ['districts'],
    message: 'choose districts or draw an area',
  });
export type WarningDraft = z.infer<typeof WarningDraft>;
export type WarningDraftInput = z.input<typeof WarningDraft>;

/** POST /api/warnings/preview: the CAP 1.2 message the draft would be, and whether it validates. */
export const WarningPreview = z.object({
  xml: z.string(),
  valid: z.boolean(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type WarningPreview = z.infer<typeof WarningPreview>;

/** A CAP message the console published (Alert, Update or Cancel). */
export const PublishedWarning = z.object({
  /** `sender,identifier`: the Warning id on the `warnings` topic. */
  id: z.string(),
  identifier: z.string(),
  sender: z.string(),
  sent: UtcInstant,
  msgType: z.enum(['Alert', 'Update', 'Cancel']),
  level: WarningLevel,
  headline: z.string(),
  expires: UtcInstant.nullable(),
  /** Ids of the earlier messages this one updates or cancels. */
  references: z.array(z.string()),
  /** Replaced by a later Update, or withdrawn by a Cancel (or this is the Cancel). */
  superseded: z.boolean(),
  publishedBy: z.string(),
  /** Where other systems fetch the CAP XML. */
  url: z.string(),
});
export type PublishedWarning = z.infer<typeof PublishedWarning>;

export const PublishedWarningList = z.object({ items: z.array(PublishedWarning) });
export type PublishedWarningList = z.infer<typeof PublishedWarningList>;

/** POST /api/warnings/:id/cancel. */
export const WarningCancelRequest = z.object({ reason: z.string().trim().min(1).max(500) });
export type WarningCancelRequest = z.infer<typeof WarningCancelRequest>;
