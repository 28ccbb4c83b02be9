import type { Principal } from '../../src/contract/auth';
import type { Camera, Sensor, Warning, WarningLevel } from '../../src/contract/entities';
import type { Event } from '../../src/contract/event';
import type { BBox } from '../../src/contract/geo';
import { redactText, safeHiding, type SafeHiding } from '../../src/contract/safe-mode';
import { toUtcInstant } from '../../src/contract/time';
import type { ResolvedTarget, TourTargetQuery } from '../../src/contract/tour';
import type { DistrictTraffic } from '../../src/contract/traffic';
import { inScope, scopedDistricts, viewEvent } from '../auth/visibility';
import type { CityPack } from '../city-packs/load';
import { bboxOf } from '../geo/division-index';
import { distanceM } from '../lifecycle/camera-index';
import type { StatesRepo } from '../store/states-repo';
import type { EventsRepo } from '../store/events-repo';
import type { TourTargetsRepo } from '../store/tour-targets-repo';
import { districtCongestion } from '../subsystems/traffic/district-index';

/** A camera this far from an event, at most, is "its camera" when the event names none. */
export const CAMERA_RADIUS_M = 1_000;

const LEVEL_RANK: Record<WarningLevel, number> = { red: 0, orange: 1, yellow: 2, blue: 3 };

/** The most severe active warning (red first), the newest among equals; expired ones do not count. */
export function pickActiveWarning(warnings: Iterable<Warning>, now: number): Warning | null {
  let best: Warning | null = null;
  for (const w of warnings) {
    if (!w.active || (w.expires !== null && Date.parse(w.expires) <= now)) continue;
    if (
      best === null ||
      LEVEL_RANK[w.level] < LEVEL_RANK[best.level] ||
      (w.level === best.level && w.sent > best.sent)
    )
      best = w;
  }
  return best;
}

/** The district with the highest congestion index among those with traffic states (`visible` ones only). */
export function pickMostCongested(
  rows: readonly DistrictTraffic[],
  visible: (district: string) => boolean,
): DistrictTraffic | null {
  let best: DistrictTraffic | null = null;
  for (const r of rows) {
    if (r.segments === 0 || !visible(r.district)) continue;
    if (
      best === null ||
      r.index > best.index ||
      (r.index === best.index && r.congestedShare > best.congestedShare)
    )
      best = r;
  }
  return best;
}

/** The newest sensor in alarm, of `type` if given, of a type safe mode does not hide. */
export function pickLatestSensorAlarm(
  sensors: Iterable<Sensor>,
  opts: { type?: string | undefined; hiding: SafeHiding; visible: (district: string | null) => boolean },
): Sensor | null {
  let best: Sensor | null = null;
  for (const s of sensors) {
    if (!s.alarm || (opts.type !== undefined && s.type !== opts.type)) continue;
    if (opts.hiding.sensorTypes.has(s.type) || !opts.visible(s.district)) continue;
    if (best === null || s.updatedAt > best.updatedAt) best = s;
  }
  return best;
}

/** The box around every polygon of a warning, cut to the city (a province-wide warning frames the city). */
export function warningBox(w: Warning, city: BBox): BBox {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const a of w.areas)
    for (const ring of a.polygons)
      for (const [lon, lat] of ring) {
        west = Math.min(west, lon);
        south = Math.min(south, lat);
        east = Math.max(east, lon);
        north = Math.max(north, lat);
      }
  const cut: BBox = [
    Math.max(west, city[0]),
    Math.max(south, city[1]),
    Math.min(east, city[2]),
    Math.min(north, city[3]),
  ];
  return cut[0] < cut[2] && cut[1] < cut[3] ? cut : city;
}

/**
 * The camera that shows an event: its own when online, else the nearest online one in range, else its own offline
 * one (the player then shows the offline placeholder rather than nothing).
 */
export function cameraFor(
  e: Pick<Event, 'location' | 'cameraIds'>,
  cameras: readonly Camera[],
  visible: (c: Camera) => boolean,
): Camera | null {
  const own = cameras.find((c) => e.cameraIds.includes(c.id) && visible(c));
  if (own?.online) return own;
  let best: { c: Camera; d: number } | null = null;
  for (const c of cameras) {
    if (!c.online || !visible(c)) continue;
    const d = distanceM(e.location, c.location);
    if (d <= CAMERA_RADIUS_M && (best === null || d < best.d)) best = { c, d };
  }
  return best?.c ?? own ?? null;
}

export interface LiveTargetDeps {
  pack: Pick<CityPack, 'info' | 'streets' | 'roadById' | 'codeTables'>;
  events: Pick<EventsRepo, 'get'>;
  targets: TourTargetsRepo;
  states: Pick<StatesRepo, 'all' | 'get'>;
  now: () => number;
}

/**
 * Resolves a scene's target for a caller, now. Everything respects the caller's districts (an officer's tour shows
 * their districts' events) and safe mode's hide list (hidden categories, sensor types and cameras are never
 * chosen); labels are what the caller may see, and with `safe` without any phone number.
 */
export async function resolveTarget(
  q: TourTargetQuery,
  p: Principal,
  deps: LiveTargetDeps,
): Promise<ResolvedTarget> {
  const hiding = safeHiding(q.hide ?? []);
  const safe = q.safe === '1';
  const city = deps.pack.info;
  const districts = scopedDistricts(p, undefined);
  const open = { districts, excludeCategories: [...hiding.categories] };
  const base: ResolvedTarget = {
    found: false,
    center: null,
    bbox: null,
    label: null,
    facts: {},
    eventId: null,
    camera: null,
    district: null,
    resolvedAt: toUtcInstant(deps.now()),
  };
  const text = (s: string) => (safe ? redactText(s) : s);
  const ofEvent = async (e: Event): Promise<ResolvedTarget> => {
    const seen = viewEvent(e, p);
    // Where it is says more to a room than the category alone: "求助 · 路面积水（漕溪北路1号）".
    const label = text(seen.address ? `${seen.title}（${seen.address}）` : seen.title);
    const cameras = hiding.layers.has('cameras') ? [] : await deps.states.all('cameras');
    const camera = cameraFor(e, cameras, (c) => inScope(p, c.district));
    return {
      ...base,
      found: true,
      center: [e.location.lon, e.location.lat],
      label: { 'zh-CN': label, en: label },
      facts: { severity: e.severity },
      eventId: e.id,
      camera: camera && { id: camera.id, name: camera.name, online: camera.online },
      district: e.district,
    };
  };
  const ofDistrict = (code: string) => city.districts.find((d) => d.code === code);

  switch (q.kind) {
    case 'bbox':
      return q.bbox ? { ...base, found: true, bbox: q.bbox } : base;
    case 'district': {
      const d = q.code ? ofDistrict(q.code) : undefined;
      if (!d?.bbox) return base;
      const openEvents = inScope(p, d.code) ? await deps.targets.openIn(d.code, open) : undefined;
      return {
        ...base,
        found: true,
        bbox: d.bbox,
        label: { 'zh-CN': d.name, en: d.nameEn },
        facts: openEvents === undefined ? {} : { openEvents },
        district: d.code,
      };
    }
    case 'event': {
      const e = q.id ? await deps.events.get(q.id) : null;
      // Out of the caller's districts or hidden: as if there were none (existence is not revealed either).
      if (!e || !inScope(p, e.district) || hiding.categories.has(e.category)) return base;
      return ofEvent(e);
    }
    case 'live':
      break;
  }
  switch (q.ref) {
    case 'most-severe-event': {
      const e = await deps.targets.mostSevere({ ...open, category: q.category });
      return e ? ofEvent(e) : base;
    }
    case 'latest-sensor-alarm': {
      const s = pickLatestSensorAlarm(await deps.states.all('sensors'), {
        type: q.sensorType,
        hiding,
        visible: (d) => inScope(p, d),
      });
      if (!s) return base;
      const e = s.alarmEventId ? await deps.events.get(s.alarmEventId) : null;
      const facts = { reading: s.value, unit: s.unit, sensorType: s.type };
      if (e && inScope(p, e.district) && !hiding.categories.has(e.category)) {
        const r = await ofEvent(e);
        return { ...r, center: [s.location.lon, s.location.lat], facts: { ...r.facts, ...facts } };
      }
      return {
        ...base,
        found: true,
        center: [s.location.lon, s.location.lat],
        label: { 'zh-CN': s.id, en: s.id },
        facts,
        district: s.district,
      };
    }
    case 'most-congested-district': {
      const rows = districtCongestion(await deps.states.all('traffic'), deps.pack);
      const best = pickMostCongested(rows, (d) => districts === undefined || districts.includes(d));
      const d = best ? ofDistrict(best.district) : undefined;
      if (!best || !d?.bbox) return base;
      return {
        ...base,
        found: true,
        bbox: d.bbox,
        label: { 'zh-CN': d.name, en: d.nameEn },
        facts: { index: best.index, band: best.band },
        district: d.code,
      };
    }
    case 'active-warning': {
      const w = pickActiveWarning(await deps.states.all('warnings'), deps.now());
      if (!w) return base;
      return {
        ...base,
        found: true,
        bbox: warningBox(w, city.bounds),
        label: { 'zh-CN': text(w.headline), en: text(w.headline) },
        facts: { warningLevel: w.level },
      };
    }
    case 'busiest-street': {
      const top = await deps.targets.busiestStreet(open);
      const street = top ? deps.pack.streets.all.find((s) => s.code === top.street) : undefined;
      if (!top || !street) return base;
      return {
        ...base,
        found: true,
        bbox: bboxOf(street.feature.geometry),
        label: { 'zh-CN': street.name, en: street.nameEn },
        facts: { openEvents: top.open },
        district: street.parent,
      };
    }
    case undefined:
      return base;
  }
}
