import { createHash } from 'node:crypto';
import type { Warning, WarningLevel } from '../../../src/contract/entities';
import type { Category, EventDraft, Severity } from '../../../src/contract/event';
import {
  reject,
  type Adapter,
  type AdapterContext,
  type AdaptResult,
  type StateUpdate,
} from '../../pipeline/adapter';
import { parseCap } from './cap';
import { parseCapCircle, parseCapPolygon, ringCenter, ringIntersectsBBox, type Ring } from './geometry';
import type { ParsedCapAlert } from './native';

/** What the intake hands the adapter: the XML (bytes or decoded text), with the stored alerts it references. */
export interface CapRecord {
  xml: string | Uint8Array;
  /** Stored warnings named in `references` (looked up by the intake's `prepare`); may be incomplete. */
  referenced: Warning[];
}

/** CAP severity → colour (FORMATS.md: red I ↔ Extreme … blue IV ↔ Minor). */
const LEVEL_BY_SEVERITY: Record<string, WarningLevel> = {
  Extreme: 'red',
  Severe: 'orange',
  Moderate: 'yellow',
  Minor: 'blue',
};
const LEVEL_BY_COLOUR: Record<string, WarningLevel> = { 红: 'red', 橙: 'orange', 黄: 'yellow', 蓝: 'blue' };
const SEVERITY_BY_LEVEL: Record<WarningLevel, Severity> = {
  red: 'I',
  orange: 'II',
  yellow: 'III',
  blue: 'IV',
};
const LEVEL_NAME: Record<WarningLevel, string> = {
  red: '红色',
  orange: '橙色',
  yellow: '黄色',
  blue: '蓝色',
};
const MAX_AREAS = 50;
const MAX_POLYGONS = 50;

/**
 * CAP alert → Warning states (+ an Event for red and orange warnings over the city, for the alarm banner).
 * Update and Cancel withdraw the alerts they reference: each referenced warning is stored again, inactive,
 * at the new message's time — so a Cancel that overtakes its Alert still wins (the Alert is older).
 */
export const warningsAdapter: Adapter = {
  source: 'warnings',
  adapt(raw: unknown, { pack }: AdapterContext): AdaptResult {
    const record = asRecord(raw);
    if (!record) return reject('INTAKE_SCHEMA', 'expected CAP XML text or bytes');
    const parsed = parseCap(record.xml);
    if (!parsed.ok) return parsed;
    const alert = parsed.alert;
    // System messages are heartbeats of the release system; tests, exercises, drafts, acks and errors are
    // not warnings to the public. All are acknowledged (they keep the feed healthy) and shown nowhere.
    if (alert.status !== 'Actual' || alert.msgType === 'Ack' || alert.msgType === 'Error') {
      return { ok: true, drafts: [], states: [] };
    }
    const sent = utc(alert.sent);
    if (sent === null)
      return reject('BAD_TIME', `sent "${alert.sent}" is not a time`, [{ path: 'sent', message: 'invalid' }]);
    if (alert.identifier.length > 200 || alert.sender.length > 199) {
      return reject('INTAKE_SCHEMA', 'identifier and sender must be at most 200 and 199 characters', [
        { path: alert.identifier.length > 200 ? 'identifier' : 'sender', message: 'too long' },
      ]);
    }
    const built = toWarning(alert, sent);
    if ('error' in built)
      return reject(built.code, built.error, [{ path: built.path, message: built.error }]);
    const warning = built.warning;
    const refs = parseReferences(alert.references);
    if (refs === null) {
      return reject('INTAKE_SCHEMA', 'references must be space-separated "sender,identifier,sent" triples', [
        { path: 'references', message: 'malformed' },
      ]);
    }

    const states: StateUpdate[] = [{ topic: 'warnings', item: warning }];
    const drafts: EventDraft[] = [];
    const bounds = pack.manifest.bounds;
    if (warning.active && hasEvent(warning, bounds)) drafts.push(eventOf(warning, 'active', pack, alert));
    if (alert.msgType !== 'Alert') {
      const state = alert.msgType === 'Cancel' ? 'cancelled' : 'superseded';
      for (const ref of refs) {
        const previous = record.referenced.find((w) => w.id === ref.id);
        // Without the earlier alert (not stored, or not yet arrived), it is withdrawn with this message's
        // content: what matters is that it is inactive from this message's time on.
        const withdrawn: Warning = previous
          ? { ...previous, active: false, updatedAt: sent }
          : {
              ...warning,
              id: ref.id,
              sender: ref.sender,
              identifier: ref.identifier,
              sent: utc(ref.sent) ?? sent,
              msgType: 'Alert',
              active: false,
            };
        states.push({ topic: 'warnings', item: withdrawn });
        if (previous && hasEvent(previous, bounds))
          drafts.push(eventOf({ ...previous, updatedAt: sent }, state, pack));
      }
    }
    return { ok: true, drafts, states };
  },
};

function asRecord(raw: unknown): CapRecord | null {
  if (typeof raw === 'string' || raw instanceof Uint8Array) return { xml: raw, referenced: [] };
  if (raw && typeof raw === 'object' && 'xml' in raw) {
    const r = raw as { xml: unknown; referenced?: unknown };
    if (typeof r.xml !== 'string' && !(r.xml instanceof Uint8Array)) return null;
    return { xml: r.xml, referenced: Array.isArray(r.referenced) ? (r.referenced as Warning[]) : [] };
  }
  return null;
}

type Built = { warning: Warning } | { error: string; path: string; code: 'INTAKE_SCHEMA' | 'BAD_TIME' };

function toWarning(alert: ParsedCapAlert, sent: string): Built {
  // Several <info> blocks are one alert in several languages: the city's language first.
  const info = alert.info.find((i) => i.language?.toLowerCase().startsWith('zh')) ?? alert.info[0];
  const areas: Warning['areas'] = [];
  const infoAreas = info?.area ?? [];
  if (infoAreas.length > MAX_AREAS)
    return { error: `more than ${MAX_AREAS} areas`, path: 'info.area', code: 'INTAKE_SCHEMA' };
  for (const [i, area] of infoAreas.entries()) {
    const polygons: Ring[] = [];
    for (const [j, p] of area.polygon.entries()) {
      const r = parseCapPolygon(p);
      if ('error' in r)
        return { error: r.error, path: `info.area[${i}].polygon[${j}]`, code: 'INTAKE_SCHEMA' };
      polygons.push(r.ring);
    }
    for (const [j, c] of area.circle.entries()) {
      const r = parseCapCircle(c);
      if ('error' in r)
        return { error: r.error, path: `info.area[${i}].circle[${j}]`, code: 'INTAKE_SCHEMA' };
      if (r.ring) polygons.push(r.ring);
    }
    if (polygons.length > MAX_POLYGONS) {
      return { error: `more than ${MAX_POLYGONS} polygons`, path: `info.area[${i}]`, code: 'INTAKE_SCHEMA' };
    }
    areas.push({ desc: clip(area.areaDesc, 500), polygons });
  }
  const effective = info?.effective === undefined ? sent : utc(info.effective);
  const expires = info?.expires === undefined ? null : utc(info.expires);
  if (effective === null)
    return { error: 'effective is not a time', path: 'info.effective', code: 'BAD_TIME' };
  if (info?.expires !== undefined && expires === null) {
    return { error: 'expires is not a time', path: 'info.expires', code: 'BAD_TIME' };
  }
  const cancelled = alert.msgType === 'Cancel';
  return {
    warning: {
      id: `${alert.sender},${alert.identifier}`,
      identifier: alert.identifier,
      sender: alert.sender,
      sent,
      msgType: alert.msgType as Warning['msgType'],
      level: levelOf(info),
      event: clip(info?.event ?? '', 200),
      headline: clip(info?.headline ?? info?.event ?? alert.identifier, 500),
      // Display limits of the contract: a long warning is shortened, never refused (losing it is worse).
      description: clip(info?.description ?? '', 4000),
      instruction: clip(info?.instruction ?? '', 4000),
      areas,
      effective,
      expires,
      active: !cancelled && (expires === null || expires > sent),
      updatedAt: sent,
    },
  };
}

/** Chinese CAP names the colour in the text (暴雨橙色预警); otherwise CAP severity decides. */
function levelOf(info: ParsedCapAlert['info'][number] | undefined): WarningLevel {
  if (!info) return 'blue';
  for (const text of [info.event, info.headline ?? '']) {
    const m = /([红橙黄蓝])色预警/.exec(text);
    if (m) return LEVEL_BY_COLOUR[m[1]!]!;
  }
  // Severity "Unknown" with no colour in the text: the lowest colour, so it still shows without alarming.
  return LEVEL_BY_SEVERITY[info.severity] ?? 'blue';
}

/** Red and orange warnings whose area reaches the city raise an event for the alarm banner. */
function hasEvent(w: Warning, bounds: readonly [number, number, number, number]): boolean {
  if (w.level !== 'red' && w.level !== 'orange') return false;
  return w.areas.some((a) => a.polygons.some((r) => ringIntersectsBBox(r as Ring, bounds)));
}

function eventOf(
  w: Warning,
  state: 'active' | 'superseded' | 'cancelled',
  pack: AdapterContext['pack'],
  alert?: ParsedCapAlert,
): EventDraft {
  const rings = w.areas.flatMap((a) => a.polygons as Ring[]);
  const ring = rings.find((r) => ringIntersectsBBox(r, pack.manifest.bounds)) ?? rings[0]!;
  const [lon, lat] = ringCenter(ring);
  const { district, street } = pack.locate(lon, lat);
  const suffix = state === 'cancelled' ? '（已解除）' : state === 'superseded' ? '（已变更）' : '';
  const categories = alert?.info.flatMap((i) => i.category) ?? [];
  return {
    source: 'warnings',
    nativeId: nativeIdOf(w),
    category: categoryOf(categories),
    title: clip(`${w.headline}${suffix}`, 200),
    description: clip(w.description || w.headline, 4000),
    severity: SEVERITY_BY_LEVEL[w.level],
    location: { lon, lat },
    address: clip(w.areas.map((a) => a.desc).join('、'), 300),
    district,
    street,
    grid: null,
    reportedAt: w.sent,
    sourceUpdatedAt: w.updatedAt,
    cameraIds: [],
    reporter: null,
    attributes: {
      warningId: clip(w.id, 400),
      level: LEVEL_NAME[w.level],
      capEvent: w.event,
      msgType: w.msgType,
      warningState: state,
      ...(w.expires ? { expires: w.expires } : {}),
    },
  };
}

function categoryOf(capCategories: readonly string[]): Category {
  if (capCategories.includes('Fire')) return 'fire';
  return capCategories.length === 0 || capCategories.includes('Met') ? 'weather' : 'other';
}

/** Event native ids are at most 160 characters; longer sender,identifier pairs are hashed (stable). */
function nativeIdOf(w: Warning): string {
  return w.id.length <= 160 ? w.id : `sha256:${createHash('sha256').update(w.id).digest('hex').slice(0, 40)}`;
}

function parseReferences(
  text: string | undefined,
): { id: string; sender: string; identifier: string; sent: string }[] | null {
  if (text === undefined || text.trim() === '') return [];
  const out = [];
  for (const triple of text.trim().split(/\s+/)) {
    const parts = triple.split(',');
    if (parts.length !== 3 || parts.some((p) => p === '')) return null;
    const [sender, identifier, sent] = parts as [string, string, string];
    out.push({ id: `${sender},${identifier}`, sender, identifier, sent });
  }
  return out;
}

/** CAP dateTime (always with an offset) → UTC instant. */
function utc(text: string): string | null {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/.test(text)) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
