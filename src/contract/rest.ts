import { z } from 'zod';
import { Category, Event, EventStatus, Severity } from './event';
import { ErrorCode } from './errors';
import { BBox, DistrictCode, StreetCode } from './geo';
import { SafeModeConfig } from './safe-mode';
import { SourceId } from './source';
import { UtcInstant } from './time';

/** Outcome of one record through the pipeline. */
export const IntakeOutcome = z.enum(['accepted', 'updated', 'duplicate', 'stale', 'quarantined']);
export type IntakeOutcome = z.infer<typeof IntakeOutcome>;

/** Answer to a subsystem's push (e.g. the 12345 webhook). */
export const IntakeResponse = z.object({
  outcome: IntakeOutcome,
  id: z.string().nullable(),
});
export type IntakeResponse = z.infer<typeof IntakeResponse>;

/** Answer to a batch push (e.g. the traffic police's minute batch): how each record in it fared. */
export const IntakeBatchResponse = z.object({
  received: z.number().int().nonnegative(),
  outcomes: z.record(IntakeOutcome, z.number().int().nonnegative()),
});
export type IntakeBatchResponse = z.infer<typeof IntakeBatchResponse>;

/** A rejected record, kept with its raw payload so nothing is lost and it can be replayed. */
export const DeadLetter = z.object({
  id: z.number().int(),
  source: SourceId,
  code: ErrorCode,
  message: z.string(),
  raw: z.string(),
  receivedAt: UtcInstant,
  replayedAt: UtcInstant.nullable(),
  /** The outcome of the latest replay (POST /api/dead-letters/:id/replay); absent or null if never replayed. */
  replay: z
    .object({
      outcome: IntakeOutcome,
      /** Ids of what the replay stored (events, or `<topic>:<id>` of entity states). */
      ids: z.array(z.string()),
      /** Why it was quarantined again. */
      reason: z.object({ code: ErrorCode, message: z.string() }).nullable(),
    })
    .nullable()
    .optional(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** Answer to POST /api/dead-letters/:id/replay. */
export const DeadLetterReplay = z.object({
  deadLetter: DeadLetter,
  /** True when the letter had already been replayed successfully: nothing was submitted again. */
  alreadyReplayed: z.boolean(),
});
export type DeadLetterReplay = z.infer<typeof DeadLetterReplay>;

/** A simulator of the demo and whether it runs (GET /api/simulators). */
export const SimulatorStatus = z.object({ source: SourceId, running: z.boolean() });
export type SimulatorStatus = z.infer<typeof SimulatorStatus>;

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int().nonnegative() });

export const EventPage = Page(Event);
export type EventPage = z.infer<typeof EventPage>;
export const DeadLetterPage = Page(DeadLetter);
export type DeadLetterPage = z.infer<typeof DeadLetterPage>;

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item));

/** Query of GET /api/events. */
export const EventQuery = z.object({
  source: csv(SourceId).optional(),
  status: csv(EventStatus).optional(),
  severity: csv(Severity).optional(),
  category: csv(Category).optional(),
  district: csv(DistrictCode).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type EventQuery = z.infer<typeof EventQuery>;

export const DeadLetterQuery = z.object({
  source: SourceId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type DeadLetterQuery = z.infer<typeof DeadLetterQuery>;

/** The parts of the city pack the SPA needs: where the city is and its divisions. */
export const CityInfo = z.object({
  id: z.string(),
  name: z.object({ 'zh-CN': z.string(), en: z.string() }),
  timezone: z.string(),
  center: z.tuple([z.number(), z.number()]),
  zoom: z.number(),
  bounds: BBox,
  districts: z.array(
    z.object({
      code: DistrictCode,
      name: z.string(),
      nameEn: z.string(),
      /** The district's bounding box, for a display focused on one district (`/wall?district=`). */
      bbox: BBox.optional(),
    }),
  ),
  streets: z.array(z.object({ code: StreetCode, name: z.string(), district: DistrictCode })),
  /** What safe mode hides on this city's wall and tours (the pack's `safe-mode.json`). */
  safeMode: SafeModeConfig.optional(),
});
export type CityInfo = z.infer<typeof CityInfo>;

export const ServerInfo = z.object({ buildId: z.string(), startedAt: UtcInstant, version: z.string() });
export type ServerInfo = z.infer<typeof ServerInfo>;
