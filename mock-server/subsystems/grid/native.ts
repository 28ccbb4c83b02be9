import { z } from 'zod';

/**
 * The grid-management (网格化) patrol platform's API, in its own dialect: snake_case keys, ISO-8601 local
 * times with an explicit offset ("2026-11-24T08:30:00+08:00"), positions from the worker app with the datum
 * it says it used (WGS84 from the current app, GCJ02 from older releases built on AMap). Not our schema.
 */
export const OFFSET_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})$/;
const time = z.string().regex(OFFSET_TIME, 'time must be YYYY-MM-DDTHH:mm:ss±HH:MM');

const Position = z.object({ lng: z.number(), lat: z.number(), coord_sys: z.string().min(1).max(20) });

/** A case a grid worker (网格员) reported from the patrol app. */
export const PatrolCase = z.object({
  case_id: z.string().regex(/^[A-Z0-9-]{6,60}$/, 'case_id must be 6–60 of A–Z, 0–9, -'),
  grid_code: z.string().regex(/^\d{15}$/, 'grid_code must be 15 digits'),
  worker_id: z.string().regex(/^W\d{4,8}$/, 'worker_id must be W + digits'),
  worker_name: z.string().max(20),
  issue_type: z.string().min(1).max(30),
  content: z.string().min(1).max(1000),
  address: z.string().min(1).max(200),
  location: Position,
  photos: z.number().int().min(0).max(20),
  /** 已上报 · 已立案 · 处置中 · 已处置 · 已核实. */
  state: z.string().min(1).max(10),
  /** Handled on the spot by the worker (自行处置), without dispatch. */
  self_handled: z.boolean(),
  reported_at: time,
  updated_at: time,
});
export type PatrolCase = z.input<typeof PatrolCase>;

/** A worker's last position report (every 10 s on duty). */
export const PatrolWorker = z.object({
  worker_id: z.string().regex(/^W\d{4,8}$/, 'worker_id must be W + digits'),
  name: z.string().min(1).max(20),
  grid_code: z.string().regex(/^\d{15}$/, 'grid_code must be 15 digits'),
  location: Position,
  /** 巡查中 · 处置中 · 离岗. */
  state: z.string().min(1).max(10),
  reported_at: time,
});
export type PatrolWorker = z.input<typeof PatrolWorker>;

/** A worker's on-site check of a fixed case (核实): 通过 confirms the fix, 不通过 sends it back. */
export const PatrolVerification = z.object({
  case_id: z.string(),
  worker_id: z.string(),
  result: z.enum(['通过', '不通过']),
  note: z.string().max(200),
  verified_at: time,
});
export type PatrolVerification = z.input<typeof PatrolVerification>;

export const CASES_PATH = '/patrol/cases';
export const WORKERS_PATH = '/patrol/workers';
export const VERIFICATIONS_PATH = '/patrol/verifications';

/**
 * `GET /patrol/cases?since=<time>&offset=&limit=`: cases with updated_at ≥ since, newest change first.
 * Items stay `unknown`: each is judged alone by the adapter.
 */
export const CasesResponse = z.object({
  ok: z.literal(true),
  server_time: time,
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  cases: z.array(z.unknown()),
});
export const WorkersResponse = z.object({
  ok: z.literal(true),
  server_time: time,
  workers: z.array(z.unknown()),
});
export const VerificationsResponse = z.object({
  ok: z.literal(true),
  server_time: time,
  verifications: z.array(PatrolVerification),
});

/** "…±HH:MM" → epoch ms; null when the fields are not a real date and time. */
export function parseOffsetTime(s: string): number | null {
  const m = OFFSET_TIME.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const sign = m[7] === '-' ? -1 : 1;
  const oh = Number(m[8]);
  const om = Number(m[9]);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59 || oh > 14 || om > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, sec);
  // Reject dates the calendar would roll over (02-30 → 03-02).
  if (new Date(utc).getUTCDate() !== d) return null;
  return utc - sign * (oh * 60 + om) * 60_000;
}

/** Formatters are costly to build; one per zone. */
const formats = new Map<string, Intl.DateTimeFormat>();

/** Epoch ms → "YYYY-MM-DDTHH:mm:ss±HH:MM" with the zone's offset at that instant, as the platform writes it. */
export function formatOffsetTime(ms: number, timezone: string): string {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timezone, format);
  }
  const parts = format.formatToParts(new Date(ms));
  const f = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  const local = Date.UTC(+f('year'), +f('month') - 1, +f('day'), +f('hour'), +f('minute'), +f('second'));
  const offsetMin = Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${f('year')}-${f('month')}-${f('day')}T${f('hour')}:${f('minute')}:${f('second')}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
