import { z } from 'zod';
import { SensorType, WarningLevel } from './entities';
import { Category, Severity } from './event';
import { BBox, DistrictCode } from './geo';
import type { CityInfo } from './rest';
import { SAFE_LAYER_IDS, SafeHideItem } from './safe-mode';
import { UtcInstant } from './time';
import { CongestionLevelBand } from './traffic';

/**
 * The leader tour (领导巡览): a scripted walk through the city's state, as data. A tour file lives in the city
 * pack (`tours/<id>.json`, the default) and may be edited and saved to the store (PUT /api/tours/:id); both are
 * checked with `checkTour`, whose issues name the scene (number and title) and the field.
 */

/** Map layers a scene can show (the wall's layers). */
export const TOUR_LAYER_IDS = SAFE_LAYER_IDS;
export const TourLayer = z.enum(TOUR_LAYER_IDS);
export type TourLayer = z.infer<typeof TourLayer>;

/** Panels a scene can put beside the map (the wall's panels, by their PanelFrame name). */
export const PANEL_IDS = [
  'event-kpis',
  'events-trend',
  'events-by-category',
  'events-by-district',
  'traffic-congestion',
  'sensor-alarms',
  'active-warnings',
  'newest-events',
  'feed-health',
] as const;
export const PanelId = z.enum(PANEL_IDS);
export type PanelId = z.infer<typeof PanelId>;

/** KPIs of the event-kpis panel a scene can single out. */
export const KPI_IDS = ['today', 'open', 'overdue', 'closure-rate'] as const;
export const KpiId = z.enum(KPI_IDS);
export type KpiId = z.infer<typeof KpiId>;

/**
 * Live references, resolved on the server when the scene is shown (GET /api/tour-target), so a tour never shows
 * yesterday's city: the most severe open event (I first, then the newest), the district with the highest
 * congestion index, the most severe active warning, the 街道 with most open events, the newest sensor alarm.
 */
export const LIVE_REFS = [
  'most-severe-event',
  'most-congested-district',
  'active-warning',
  'busiest-street',
  'latest-sensor-alarm',
] as const;
export const LiveRef = z.enum(LIVE_REFS);
export type LiveRef = z.infer<typeof LiveRef>;

/** Live references that resolve to an event (and so to its camera). */
export const EVENT_REFS: readonly LiveRef[] = ['most-severe-event', 'latest-sensor-alarm'];

const Localized = (max: number) =>
  z.object({ 'zh-CN': z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) }).strict();

/** The map's zoom range (the map view's minimum is 10.5; beyond 19 the basemap has no detail). */
export const Zoom = z.number().min(10.5).max(19);
export const Bearing = z.number().min(-180).max(360);
/** MapLibre's default maximum pitch. */
export const Pitch = z.number().min(0).max(60);
const Lon = z.number().min(-180).max(180);
const Lat = z.number().min(-90).max(90);

/** Where a scene looks: a camera position, or a target the map flies to and frames. */
export const SceneTarget = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('view'),
      center: z.tuple([Lon, Lat]),
      zoom: Zoom,
      bearing: Bearing.default(0),
      pitch: Pitch.default(0),
    })
    .strict(),
  z.object({ kind: z.literal('district'), code: DistrictCode }).strict(),
  z.object({ kind: z.literal('event'), id: z.string().min(3).max(200) }).strict(),
  z.object({ kind: z.literal('bbox'), bbox: BBox }).strict(),
  z
    .object({
      kind: z.literal('live'),
      ref: LiveRef,
      /** most-severe-event: only events of this category. */
      category: Category.optional(),
      /** latest-sensor-alarm: only sensors of this type. */
      sensorType: SensorType.optional(),
    })
    .strict(),
]);
export type SceneTarget = z.infer<typeof SceneTarget>;
export type SceneTargetKind = SceneTarget['kind'];

const SceneId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes');

/** One scene of a tour. */
export const Scene = z
  .object({
    id: SceneId,
    title: Localized(40),
    /** Shown large (and optionally spoken); `{label}` and `{value}` are filled from the resolved target. */
    narration: Localized(400),
    target: SceneTarget,
    /** Bearing and pitch to arrive at, for targets other than `view` (which carries its own). */
    bearing: Bearing.optional(),
    pitch: Pitch.optional(),
    /** The closest a target is framed; a point target (an event) is shown at this zoom. */
    maxZoom: Zoom.optional(),
    layers: z.array(TourLayer).max(TOUR_LAYER_IDS.length),
    panels: z.array(PanelId).max(3).default([]),
    /** KPIs of the event-kpis panel to single out (needs that panel). */
    kpis: z.array(KpiId).max(KPI_IDS.length).default([]),
    /** A camera to play: `target` (the resolved event's camera) or a 20-digit GB/T 28181 id. */
    video: z
      .object({
        camera: z.union([z.literal('target'), z.string().regex(/^\d{20}$/, '20-digit GB/T 28181 id')]),
      })
      .strict()
      .optional(),
    durationSec: z.number().int().min(5).max(600),
  })
  .strict();
export type Scene = z.infer<typeof Scene>;
export type SceneInput = z.input<typeof Scene>;

export const TourId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9-]+$/);

const PLACEHOLDER = /\{([^{}]*)\}/g;
const PLACEHOLDERS = new Set(['label', 'value']);

/** Checks between fields (after each field has its shape). */
function sceneChecks(scenes: readonly Scene[], ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], reason: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: ['scenes', ...path], message, params: { reason } });
  const ids = new Set<string>();
  scenes.forEach((s, i) => {
    if (ids.has(s.id)) issue([i, 'id'], 'duplicate-id', `another scene already has the id "${s.id}"`);
    ids.add(s.id);
    for (const key of ['layers', 'panels', 'kpis'] as const) {
      const seen = new Set<string>();
      (s[key] as readonly string[]).forEach((v, j) => {
        if (seen.has(v)) issue([i, key, j], 'duplicate', `"${v}" is listed twice`);
        seen.add(v);
      });
    }
    if (s.kpis.length > 0 && !s.panels.includes('event-kpis'))
      issue([i, 'kpis'], 'kpis-need-panel', 'KPIs are singled out in the event-kpis panel: add that panel');
    const t = s.target;
    if (t.kind === 'view' && (s.bearing !== undefined || s.pitch !== undefined))
      issue(
        [i, s.bearing !== undefined ? 'bearing' : 'pitch'],
        'view-has-angle',
        'a view target carries its own bearing and pitch',
      );
    if (t.kind === 'view' && s.maxZoom !== undefined)
      issue([i, 'maxZoom'], 'view-has-zoom', 'a view target carries its own zoom');
    if (t.kind === 'live' && t.category !== undefined && t.ref !== 'most-severe-event')
      issue(
        [i, 'target', 'category'],
        'category-not-for-ref',
        `"category" only narrows most-severe-event, not ${t.ref}`,
      );
    if (t.kind === 'live' && t.sensorType !== undefined && t.ref !== 'latest-sensor-alarm')
      issue(
        [i, 'target', 'sensorType'],
        'sensor-type-not-for-ref',
        `"sensorType" only narrows latest-sensor-alarm, not ${t.ref}`,
      );
    const resolvesEvent = t.kind === 'event' || (t.kind === 'live' && EVENT_REFS.includes(t.ref));
    if (s.video?.camera === 'target' && !resolvesEvent)
      issue(
        [i, 'video', 'camera'],
        'camera-needs-event',
        '"target" plays the camera of an event: the target must be an event or an event reference',
      );
    const labelled = t.kind !== 'view' && t.kind !== 'bbox';
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const m of s.narration[lang].matchAll(PLACEHOLDER)) {
        const name = m[1] ?? '';
        if (!PLACEHOLDERS.has(name))
          issue(
            [i, 'narration', lang],
            'unknown-placeholder',
            `unknown placeholder {${name}} (use {label} or {value})`,
          );
        else if (!labelled)
          issue(
            [i, 'narration', lang],
            'placeholder-needs-target',
            `{${name}} needs a district, event or live target`,
          );
      }
    }
  });
}

/** A tour file. */
export const Tour = z
  .object({
    id: TourId,
    title: Localized(60),
    /** Hidden in safe mode on top of the city pack's list (safe-mode.json). */
    safeMode: z
      .object({ hide: z.array(SafeHideItem).max(60) })
      .strict()
      .optional(),
    scenes: z.array(Scene).min(1).max(40),
  })
  .strict()
  .superRefine((t, ctx) => sceneChecks(t.scenes, ctx));
export type Tour = z.infer<typeof Tour>;
export type TourInput = z.input<typeof Tour>;

/** One problem of a tour, named by scene (0-based index, its id and title when readable) and field. */
export interface TourIssue {
  /** null: a tour-level field. */
  scene: number | null;
  sceneId: string | null;
  sceneTitle: string | null;
  /** Path inside the scene (or the tour), dotted: `narration.zh-CN`, `target.code`. */
  field: string;
  /** zod's issue code, or `custom` with `reason` saying which rule. */
  code: string;
  reason: string | null;
  message: string;
}

const get = (v: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
    v,
  );

function toIssue(
  raw: unknown,
  path: readonly PropertyKey[],
  code: string,
  message: string,
  reason: string | null,
): TourIssue {
  const keys = path.map((k) => (typeof k === 'symbol' ? String(k) : k));
  const inScene = keys[0] === 'scenes' && typeof keys[1] === 'number';
  const scene = inScene ? (keys[1] as number) : null;
  const title = scene === null ? undefined : get(raw, 'scenes', scene, 'title', 'zh-CN');
  const id = scene === null ? undefined : get(raw, 'scenes', scene, 'id');
  return {
    scene,
    sceneId: typeof id === 'string' ? id : null,
    sceneTitle: typeof title === 'string' ? title : null,
    field: (inScene ? keys.slice(2) : keys).join('.') || (inScene ? '(scene)' : '(tour)'),
    code,
    reason,
    message,
  };
}

/** Checks against the city: districts it has, views and boxes over its map. */
export function tourCityIssues(tour: Tour, city: Pick<CityInfo, 'bounds' | 'districts'>): TourIssue[] {
  const issues: TourIssue[] = [];
  const add = (i: number, field: (string | number)[], reason: string, message: string) =>
    issues.push(toIssue(tour, ['scenes', i, ...field], 'custom', message, reason));
  const codes = new Set(city.districts.map((d) => d.code));
  // The map view lets the camera this far outside the city's bounds (maxBounds in map-view.tsx).
  const [w, s, e, n] = city.bounds;
  const inMap = (lon: number, lat: number) =>
    lon >= w - 0.3 && lon <= e + 0.3 && lat >= s - 0.2 && lat <= n + 0.2;
  tour.scenes.forEach((scene, i) => {
    const t = scene.target;
    if (t.kind === 'district' && !codes.has(t.code))
      add(i, ['target', 'code'], 'unknown-district', `district ${t.code} is not one of the city's districts`);
    if (t.kind === 'view' && !inMap(t.center[0], t.center[1]))
      add(i, ['target', 'center'], 'outside-city', 'the centre is outside the city map');
    if (t.kind === 'bbox' && (t.bbox[2] < w || t.bbox[0] > e || t.bbox[3] < s || t.bbox[1] > n))
      add(i, ['target', 'bbox'], 'outside-city', 'the box does not overlap the city');
  });
  return issues;
}

export type TourCheck = { ok: true; tour: Tour } | { ok: false; issues: TourIssue[] };

/** Parses and checks a tour (and, given the city, its places); every issue names its scene and field. */
export function checkTour(raw: unknown, city?: Pick<CityInfo, 'bounds' | 'districts'>): TourCheck {
  const parsed = Tour.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => {
        const reason = i.code === 'custom' ? (i.params?.['reason'] as string | undefined) : undefined;
        // A misspelt field is named by its own (wrong) key.
        const path = i.code === 'unrecognized_keys' ? [...i.path, i.keys.join(',')] : i.path;
        return toIssue(raw, path, i.code, i.message, reason ?? null);
      }),
    };
  }
  const cityIssues = city ? tourCityIssues(parsed.data, city) : [];
  return cityIssues.length > 0 ? { ok: false, issues: cityIssues } : { ok: true, tour: parsed.data };
}

/** `scene 3 "交通早高峰" (rush-hour) · narration.en: …`: how an issue reads in a log or an error message. */
export function formatTourIssue(i: TourIssue): string {
  const where =
    i.scene === null
      ? 'tour'
      : `scene ${i.scene + 1}${i.sceneTitle ? ` "${i.sceneTitle}"` : ''}${i.sceneId ? ` (${i.sceneId})` : ''}`;
  return `${where} · ${i.field}: ${i.message}`;
}

/** The path of an issue inside the tour (`scenes.2.narration.en`), as REST error details carry it. */
export function issuePath(i: TourIssue): string {
  return i.scene === null ? i.field : `scenes.${i.scene}.${i.field}`;
}

/** A tour as stored: the pack's file (`source: pack`, version 0) until someone saves it. */
export const TourRecord = z.object({
  tour: Tour,
  /** Bumped by every save; a save names the version it edited (another save in between is a conflict). */
  version: z.number().int().nonnegative(),
  source: z.enum(['pack', 'saved']),
  updatedAt: UtcInstant.nullable(),
  updatedBy: z.string().nullable(),
});
export type TourRecord = z.infer<typeof TourRecord>;

/** GET /api/tours: one line per tour. */
export const TourSummary = z.object({
  id: TourId,
  title: z.object({ 'zh-CN': z.string(), en: z.string() }),
  scenes: z.number().int().nonnegative(),
  version: z.number().int().nonnegative(),
  source: z.enum(['pack', 'saved']),
  updatedAt: UtcInstant.nullable(),
});
export type TourSummary = z.infer<typeof TourSummary>;

/** PUT /api/tours/:id. The tour is checked with `checkTour` (not by the route schema) for issues per scene. */
export const TourSave = z.object({ tour: z.unknown(), version: z.number().int().nonnegative() });
export type TourSave = z.infer<typeof TourSave>;

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .max(2000)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item).max(60));

/**
 * GET /api/tour-target: a scene's target resolved now (every kind but `view`, which needs no server). `hide`
 * lists what safe mode hides (those things are never chosen); `safe=1` also drops personal data from labels.
 */
export const TourTargetQuery = z.object({
  kind: z.enum(['district', 'event', 'bbox', 'live']),
  code: DistrictCode.optional(),
  id: z.string().min(3).max(200).optional(),
  bbox: z
    .string()
    .max(200)
    .transform((s) => s.split(',').map(Number))
    .pipe(BBox)
    .optional(),
  ref: LiveRef.optional(),
  category: Category.optional(),
  sensorType: SensorType.optional(),
  hide: csv(SafeHideItem).optional(),
  safe: z.enum(['0', '1']).optional(),
});
export type TourTargetQuery = z.infer<typeof TourTargetQuery>;

/** Facts about a resolved target, for the narration's `{value}`. */
export const TargetFacts = z.object({
  severity: Severity.optional(),
  /** Congestion index 0–10 and its band. */
  index: z.number().optional(),
  band: CongestionLevelBand.optional(),
  openEvents: z.number().int().nonnegative().optional(),
  warningLevel: WarningLevel.optional(),
  reading: z.number().nullable().optional(),
  unit: z.string().optional(),
  sensorType: SensorType.optional(),
});
export type TargetFacts = z.infer<typeof TargetFacts>;

/** A target resolved at show time. `found: false`: nothing matches now (the scene shows the whole city). */
export const ResolvedTarget = z.object({
  found: z.boolean(),
  /** A point to fly to (shown at the scene's maxZoom) … */
  center: z.tuple([z.number(), z.number()]).nullable(),
  /** … or a box to frame. */
  bbox: BBox.nullable(),
  label: z.object({ 'zh-CN': z.string(), en: z.string() }).nullable(),
  facts: TargetFacts,
  eventId: z.string().nullable(),
  /** The camera that sees it (the event's own, else the nearest online one). */
  camera: z.object({ id: z.string(), name: z.string(), online: z.boolean() }).nullable(),
  district: DistrictCode.nullable(),
  resolvedAt: UtcInstant,
});
export type ResolvedTarget = z.infer<typeof ResolvedTarget>;
