import { XMLParser } from 'fast-xml-parser';

/** Road classes the basemap style and the simulators understand (OSM `highway` values, normalized). */
export const ROAD_CLASSES = [
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'residential',
  'service',
] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

/** Classes the traffic simulators drive on (primary..residential; motorway/trunk when a city has them). */
export const DRIVABLE_CLASSES: ReadonlySet<RoadClass> = new Set([
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'residential',
]);

export type LonLat = [number, number];

export interface OsmRoad {
  /** OSM way id. */
  id: string;
  class: RoadClass;
  /** `*_link` ramps keep their parent class and are flagged, so the style can thin them. */
  link: boolean;
  name: string | null;
  nameEn: string | null;
  ref: string | null;
  bridge: boolean;
  tunnel: boolean;
  /** One or more runs of WGS-84 positions; a way is split where the export lacks a referenced node. */
  parts: LonLat[][];
}

export interface OsmData {
  roads: OsmRoad[];
  signals: LonLat[];
  nodeCount: number;
  wayCount: number;
}

interface XmlTag {
  k: string;
  v: string;
}
interface XmlNode {
  id: string;
  lat: string;
  lon: string;
  tag?: XmlTag[];
}
interface XmlWay {
  id: string;
  nd?: { ref: string }[];
  tag?: XmlTag[];
}

const CLASS_OF: Record<string, RoadClass> = {
  motorway: 'motorway',
  trunk: 'trunk',
  primary: 'primary',
  secondary: 'secondary',
  tertiary: 'tertiary',
  // Minor public streets render and simulate alike; OSM's finer split is not worth a style rule.
  unclassified: 'residential',
  residential: 'residential',
  living_street: 'residential',
  service: 'service',
};

/** Maps an OSM `highway` value to a road class and link flag, or null for non-roads (footway, crossing …). */
export function normalizeHighway(value: string): { class: RoadClass; link: boolean } | null {
  const link = value.endsWith('_link');
  const cls = CLASS_OF[link ? value.slice(0, -'_link'.length) : value];
  return cls ? { class: cls, link } : null;
}

function tagsOf(tags: XmlTag[] | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const t of tags ?? []) m.set(t.k, String(t.v));
  return m;
}

function firstOf(tags: Map<string, string>, keys: string[]): string | null {
  for (const k of keys) {
    const v = tags.get(k)?.trim();
    if (v) return v;
  }
  return null;
}

const yes = (v: string | undefined): boolean => v !== undefined && v !== 'no';

/** Parses an OSM XML export (nodes + ways, as Overpass writes them) into roads and traffic signals. */
export function parseOsm(xml: string): OsmData {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    // Keep ids and tag values as strings: way ids exceed 2^31 and names may look numeric.
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => name === 'node' || name === 'way' || name === 'nd' || name === 'tag',
    processEntities: true,
  });
  const doc = parser.parse(xml) as { osm?: { node?: XmlNode[]; way?: XmlWay[] } };
  const nodes = doc.osm?.node ?? [];
  const ways = doc.osm?.way ?? [];

  const pos = new Map<string, LonLat>();
  const signals: LonLat[] = [];
  for (const n of nodes) {
    const p: LonLat = [Number(n.lon), Number(n.lat)];
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
    pos.set(n.id, p);
    // "traffic_signals;crossing" exists in the data: match the value as a list.
    const hw = n.tag?.find((t) => t.k === 'highway')?.v;
    if (hw && String(hw).split(';').includes('traffic_signals')) signals.push(p);
  }

  const roads: OsmRoad[] = [];
  for (const w of ways) {
    const tags = tagsOf(w.tag);
    const hw = normalizeHighway(tags.get('highway') ?? '');
    if (!hw) continue;
    const parts: LonLat[][] = [];
    let run: LonLat[] = [];
    for (const nd of w.nd ?? []) {
      const p = pos.get(nd.ref);
      if (p) run.push(p);
      else {
        if (run.length >= 2) parts.push(run);
        run = [];
      }
    }
    if (run.length >= 2) parts.push(run);
    if (parts.length === 0) continue;
    roads.push({
      id: w.id,
      ...hw,
      // `name` is the local (Chinese) name in China; name:zh is the fallback for ways tagged only that way.
      name: firstOf(tags, ['name', 'name:zh', 'name:zh-Hans']),
      nameEn: firstOf(tags, ['name:en', 'int_name']),
      ref: firstOf(tags, ['ref']),
      bridge: yes(tags.get('bridge')),
      tunnel: yes(tags.get('tunnel')),
      parts,
    });
  }
  return { roads, signals, nodeCount: nodes.length, wayCount: ways.length };
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle length of a polyline in metres. */
export function lengthM(coords: readonly LonLat[]): number {
  let total = 0;
  for (let i = 1; i < coords.length; i++) {
    const [lon1, lat1] = coords[i - 1]!;
    const [lon2, lat2] = coords[i]!;
    const p1 = (lat1 * Math.PI) / 180;
    const p2 = (lat2 * Math.PI) / 180;
    const dp = p2 - p1;
    const dl = ((lon2 - lon1) * Math.PI) / 180;
    const a = Math.sin(dp / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2;
    total += 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
  }
  return total;
}

/** Rounds to 6 decimals (~0.1 m), the precision of every generated coordinate. */
export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
