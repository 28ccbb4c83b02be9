import type { Event } from '../../contract/event';
import { horizontalBars } from '../../components/chart-theme';
import type { EChartsOption } from '../../components/echart';

export interface PlaceCount {
  code: string;
  label: string;
  count: number;
}

/**
 * Open events per district, or per 街道 when the display is focused on one district (`by: 'street'`).
 * Events without the division code are counted under `unknownLabel`, so the bars add up to the open total.
 */
export function countByPlace(
  events: Iterable<Event>,
  by: 'district' | 'street',
  names: ReadonlyMap<string, string>,
  unknownLabel: string,
  limit = 8,
): PlaceCount[] {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.status === 'closed') continue;
    const code = (by === 'district' ? e.district : e.street) ?? '';
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts]
    .map(([code, count]) => ({ code, label: code === '' ? unknownLabel : (names.get(code) ?? code), count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
    .slice(0, limit);
}

export function eventsByDistrictOption(rows: readonly PlaceCount[], remPx: number): EChartsOption {
  return horizontalBars(
    rows.map((r) => ({ label: r.label, value: r.count })),
    remPx,
  );
}
