import type { CongestionLevelBand } from '../../contract/traffic';
import { horizontalBars } from '../../components/chart-theme';
import type { EChartsOption } from '../../components/echart';
import { CONGESTION_RGB, css } from '../../theme/palette';
import type { DistrictIndex } from './congestion-index';

/** Band colours from the traffic layer's ramp, so the panel and the roads read the same. */
export const BAND_COLOR: Record<CongestionLevelBand, string> = {
  smooth: css(CONGESTION_RGB.free),
  'basically-smooth': css([150, 210, 70]),
  light: css(CONGESTION_RGB.slow),
  moderate: css(CONGESTION_RGB.congested),
  severe: css(CONGESTION_RGB.jammed),
};

export function trafficCongestionOption(
  rows: readonly DistrictIndex[],
  names: ReadonlyMap<string, string>,
  remPx: number,
): EChartsOption {
  return horizontalBars(
    rows.map((r) => ({
      label: names.get(r.district) ?? r.district,
      value: Math.round(r.index * 10) / 10,
      color: BAND_COLOR[r.band],
    })),
    remPx,
  );
}
