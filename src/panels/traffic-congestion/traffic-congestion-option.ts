import type { CongestionLevelBand, DistrictTraffic } from '../../contract/traffic';
import { horizontalBars } from '../../components/chart-theme';
import type { EChartsOption } from '../../components/echart';
import { CONGESTION_RGB, css } from '../../theme/palette';

/** Band colours from the traffic layer's ramp, so the panel and the roads read the same. */
export const BAND_COLOR: Record<CongestionLevelBand, string> = {
  smooth: css(CONGESTION_RGB.free),
  'basically-smooth': css([150, 210, 70]),
  light: css(CONGESTION_RGB.slow),
  moderate: css(CONGESTION_RGB.congested),
  severe: css(CONGESTION_RGB.jammed),
};

/** Bands of the 0–10 index after the Chinese 交通运行指数: [0,2) smooth … [8,10] severe. */
export function bandOf(index: number): CongestionLevelBand {
  if (index < 2) return 'smooth';
  if (index < 4) return 'basically-smooth';
  if (index < 6) return 'light';
  if (index < 8) return 'moderate';
  return 'severe';
}

/**
 * The index over the districts shown: their indices weighted by the road length that has a state (the
 * server's per-district figure is already length- and class-weighted). Null when no district has data.
 */
export function overallIndex(
  rows: readonly DistrictTraffic[],
): { index: number; band: CongestionLevelBand } | null {
  let w = 0;
  let sum = 0;
  for (const r of rows) {
    w += r.lengthKm;
    sum += r.lengthKm * r.index;
  }
  if (w === 0) return null;
  const index = sum / w;
  return { index, band: bandOf(index) };
}

/** Districts with data, worst first, top `limit` (only `focus` on a display focused on one district). */
export function congestionRows(
  items: readonly DistrictTraffic[],
  focus: string | null,
  limit: number,
): DistrictTraffic[] {
  return items
    .filter((d) => d.segments > 0 && (focus === null || d.district === focus))
    .sort((a, b) => b.index - a.index || a.district.localeCompare(b.district))
    .slice(0, limit);
}

export function trafficCongestionOption(rows: readonly DistrictTraffic[], remPx: number): EChartsOption {
  return horizontalBars(
    rows.map((r) => ({ label: r.name, value: Math.round(r.index * 10) / 10, color: BAND_COLOR[r.band] })),
    remPx,
  );
}
