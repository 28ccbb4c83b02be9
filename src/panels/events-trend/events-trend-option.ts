import { TZDate } from '@date-fns/tz';
import type { EventsHourly } from '../../contract/stats';
import { CHART_GRID_LINE, chartText } from '../../components/chart-theme';
import type { EChartsOption } from '../../components/echart';
import { ACCENT_RGB, css, FEED_STATE_RGB } from '../../theme/palette';

/** 1200 → "1.2k": axis labels stay short in a narrow panel. */
export function compact(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

/** "HH" labels of the hours in the city's time zone. */
export function hourLabels(buckets: EventsHourly['buckets'], timezone: string): string[] {
  return buckets.map((b) => String(new TZDate(Date.parse(b.start), timezone).getHours()).padStart(2, '0'));
}

/** Two lines over the last 24 hours: reported (accent, filled) and closed (green). */
export function eventsTrendOption(
  data: EventsHourly,
  timezone: string,
  names: { reported: string; closed: string },
  remPx: number,
): EChartsOption {
  const text = chartText(remPx, 0.8);
  return {
    animationDuration: 300,
    grid: { left: remPx * 0.3, right: remPx * 0.8, top: remPx * 2, bottom: remPx * 0.2, containLabel: true },
    legend: {
      top: 0,
      right: 0,
      itemWidth: remPx * 1.2,
      itemHeight: remPx * 0.5,
      textStyle: text,
      data: [names.reported, names.closed],
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: hourLabels(data.buckets, timezone),
      axisLabel: { ...text, interval: 5 },
      axisLine: { lineStyle: { color: CHART_GRID_LINE } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitNumber: 2,
      axisLabel: { ...text, formatter: compact },
      splitLine: { lineStyle: { color: CHART_GRID_LINE } },
    },
    series: [
      {
        name: names.reported,
        type: 'line',
        data: data.buckets.map((b) => b.reported),
        smooth: true,
        symbol: 'none',
        lineStyle: { width: remPx * 0.15, color: css(ACCENT_RGB) },
        itemStyle: { color: css(ACCENT_RGB) },
        areaStyle: { color: css(ACCENT_RGB, 0.18) },
      },
      {
        name: names.closed,
        type: 'line',
        data: data.buckets.map((b) => b.closed),
        smooth: true,
        symbol: 'none',
        lineStyle: { width: remPx * 0.15, color: css(FEED_STATE_RGB.healthy) },
        itemStyle: { color: css(FEED_STATE_RGB.healthy) },
      },
    ],
  };
}
