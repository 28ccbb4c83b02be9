import type { Category, Event } from '../../contract/event';
import type { EChartsOption } from '../../components/echart';

export interface CategoryCount {
  category: Category;
  label: string;
  count: number;
}

/** Open events per category, most frequent first, top `limit`. */
export function countByCategory(
  events: Iterable<Event>,
  label: (c: Category) => string,
  limit = 8,
): CategoryCount[] {
  const counts = new Map<Category, number>();
  for (const e of events)
    if (e.status !== 'closed') counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
  return [...counts]
    .map(([category, count]) => ({ category, label: label(category), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
    .slice(0, limit);
}

/** Horizontal bars, largest on top; sizes in the chart follow the root font size (rem in px). */
export function eventsByCategoryOption(rows: readonly CategoryCount[], remPx: number): EChartsOption {
  const ordered = [...rows].reverse();
  return {
    animationDuration: 300,
    grid: {
      left: remPx * 0.3,
      right: remPx * 2.5,
      top: remPx * 0.2,
      bottom: remPx * 0.2,
      containLabel: true,
    },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: ordered.map((r) => r.label),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: '#9fb0c9', fontSize: remPx * 0.85, fontFamily: 'Noto Sans SC, sans-serif' },
    },
    series: [
      {
        type: 'bar',
        data: ordered.map((r) => r.count),
        barMaxWidth: remPx * 0.9,
        itemStyle: { color: '#4cc2ff', borderRadius: [0, remPx * 0.2, remPx * 0.2, 0] },
        label: { show: true, position: 'right', color: '#e6edf7', fontSize: remPx * 0.85 },
      },
    ],
  };
}
