import type { EChartsOption } from './echart';
import { ACCENT_RGB, css, GRID_LINE_RGB, TEXT_2_RGB, TEXT_RGB } from '../theme/palette';

/** Text and line styles shared by every chart option, sized in rem (px per rem passed in). */
export function chartText(remPx: number, size = 0.85) {
  return {
    color: css(TEXT_2_RGB),
    fontSize: Math.round(remPx * size),
    fontFamily: 'Noto Sans SC, sans-serif',
  };
}
export const CHART_VALUE_COLOR = css(TEXT_RGB);
export const CHART_GRID_LINE = css(GRID_LINE_RGB);

/** The wall's horizontal bar chart (shared by the count panels): labels left, values at the bar ends. */
export function horizontalBars(
  rows: readonly { label: string; value: number; color?: string }[],
  remPx: number,
): EChartsOption {
  const ordered = [...rows].reverse();
  return {
    animationDuration: 300,
    grid: { left: remPx * 0.3, right: remPx * 3, top: remPx * 0.2, bottom: remPx * 0.2, containLabel: true },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: ordered.map((r) => r.label),
      axisLine: { show: false },
      axisTick: { show: false },
      // Every row labelled (ECharts would drop labels it finds crowded): callers size `rows` to the panel.
      axisLabel: { ...chartText(remPx), interval: 0 },
    },
    series: [
      {
        type: 'bar',
        data: ordered.map((r) => ({ value: r.value, itemStyle: { color: r.color ?? css(ACCENT_RGB) } })),
        barMaxWidth: remPx * 0.9,
        itemStyle: { borderRadius: [0, remPx * 0.2, remPx * 0.2, 0] },
        label: { show: true, position: 'right', ...chartText(remPx), color: CHART_VALUE_COLOR },
      },
    ],
  };
}
