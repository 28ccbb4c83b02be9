import { randomBytes } from 'node:crypto';
import { tzOffset } from '@date-fns/tz';
import type { WarningDraft, WarningPreview } from '../../src/contract/console';
import type { WarningLevel } from '../../src/contract/entities';
import type { CityPack } from '../city-packs/load';
import { parseCap } from '../subsystems/warnings/cap';
import { capTime, toCapXml } from '../subsystems/warnings/cap-writer';
import type { CapAlert, CapInfo } from '../subsystems/warnings/native';

/** FORMATS.md: red I ↔ Extreme … blue IV ↔ Minor. */
const SEVERITY: Record<WarningLevel, CapInfo['severity']> = {
  red: 'Extreme',
  orange: 'Severe',
  yellow: 'Moderate',
  blue: 'Minor',
};
const COLOUR: Record<WarningLevel, string> = { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' };

export interface Sender {
  sender: string;
  senderName: string;
}

/** `sender,identifier,sent` of a message, as CAP `references` lists them. */
export function referenceOf(a: Pick<CapAlert, 'sender' | 'identifier' | 'sent'>): string {
  return `${a.sender},${a.identifier},${a.sent}`;
}

/** A CAP identifier unique to this sender: no spaces, commas, < or & (CAP 1.2 §3.2.1). */
export function newIdentifier(now: number, timezone: string): string {
  const local = capTime(now, tzOffset(timezone, new Date(now)))
    .slice(0, 19)
    .replace(/\D/g, '');
  return `IOC-${local}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

/**
 * The officer's draft → a CAP 1.2 alert (Alert or Update). The colour is written into `event` (暴雨红色预警), as
 * China's warning release system does, so every reader — our own adapter included — reads the same level as
 * the CAP severity says. Chosen districts become their outlines' convex hulls with GB/T 2260 geocodes; a drawn
 * area is closed and written latitude first (CAP §3.3.5.2).
 */
export function alertOfDraft(
  draft: WarningDraft,
  opts: Sender & { pack: CityPack; now: number; msgType: 'Alert' | 'Update'; references?: string[] },
): CapAlert {
  const { pack, now } = opts;
  const tz = pack.manifest.timezone;
  const sent = capTime(now, tzOffset(tz, new Date(now)));
  const expires = Date.parse(draft.expires);
  const districts = pack.districts.all.filter((d) => draft.districts.includes(d.code));
  const polygons: string[] = [];
  if (draft.polygon) polygons.push(polygonText(draft.polygon));
  for (const d of districts) polygons.push(polygonText(convexHull(outerVertices(d.feature.geometry))));
  const areaDesc =
    draft.areaDesc?.trim() ||
    [...districts.map((d) => d.name), ...(draft.polygon ? ['图上划定区域'] : [])].join('、');
  return {
    identifier: newIdentifier(now, tz),
    sender: opts.sender,
    sent,
    status: 'Actual',
    msgType: opts.msgType,
    scope: 'Public',
    ...(opts.references?.length ? { references: opts.references.join(' ') } : {}),
    info: [
      {
        language: 'zh-CN',
        category: [draft.category],
        event: `${draft.event}${COLOUR[draft.level]}预警`,
        responseType: ['Prepare'],
        urgency: draft.level === 'red' || draft.level === 'orange' ? 'Immediate' : 'Expected',
        severity: SEVERITY[draft.level],
        certainty: 'Likely',
        effective: sent,
        expires: capTime(expires, tzOffset(tz, new Date(expires))),
        senderName: opts.senderName,
        headline: draft.headline,
        description: draft.description,
        instruction: draft.instruction,
        area: [
          {
            areaDesc,
            polygon: polygons,
            geocode: districts.map((d) => ({ valueName: 'GB/T 2260', value: d.code })),
          },
        ],
      },
    ],
  };
}

/** A Cancel of `previous` (and everything it referenced): the same info, headed as withdrawn, all clear. */
export function cancelOf(
  previous: CapAlert,
  chain: readonly string[],
  opts: Sender & { pack: CityPack; now: number; reason: string },
): CapAlert {
  const tz = opts.pack.manifest.timezone;
  const sent = capTime(opts.now, tzOffset(tz, new Date(opts.now)));
  const info = previous.info?.[0];
  return {
    identifier: newIdentifier(opts.now, tz),
    sender: opts.sender,
    sent,
    status: 'Actual',
    msgType: 'Cancel',
    scope: 'Public',
    references: chain.join(' '),
    note: opts.reason,
    info: info
      ? [
          {
            ...info,
            responseType: ['AllClear'],
            effective: sent,
            headline: `${opts.senderName}解除${info.event}`,
            description: `${opts.senderName}解除${info.event}：${opts.reason}`,
          },
        ]
      : [],
  };
}

/** Writes the alert and validates it against the CAP 1.2 schema, as it would leave. */
export function renderAndValidate(alert: CapAlert): WarningPreview {
  const xml = toCapXml(alert);
  const parsed = parseCap(xml);
  if (parsed.ok) return { xml, valid: true, errors: [] };
  return { xml, valid: false, errors: parsed.details ?? [{ path: '(alert)', message: parsed.message }] };
}

function polygonText(ring: readonly [number, number][]): string {
  const closed = [...ring];
  const [first, last] = [closed[0]!, closed[closed.length - 1]!];
  if (first[0] !== last[0] || first[1] !== last[1]) closed.push(first);
  return closed.map(([lon, lat]) => `${lat.toFixed(5)},${lon.toFixed(5)}`).join(' ');
}

function outerVertices(g: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }): [number, number][] {
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as [number, number][][][];
  return polygons.flatMap((p) => p[0] ?? []);
}

/** Convex hull (Andrew's monotone chain), counter-clockwise, open. */
export function convexHull(points: readonly [number, number][]): [number, number][] {
  const pts = [...new Map(points.map((p) => [`${p[0]},${p[1]}`, p])).values()].sort(
    (a, b) => a[0] - b[0] || a[1] - b[1],
  );
  if (pts.length < 3) return pts;
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: [number, number][]) => {
    const h: [number, number][] = [];
    for (const p of list) {
      while (h.length >= 2 && cross(h[h.length - 2]!, h[h.length - 1]!, p) <= 0) h.pop();
      h.push(p);
    }
    h.pop();
    return h;
  };
  return [...half(pts), ...half([...pts].reverse())];
}
