import type { Category, Event } from '../../contract/event';
import type { EChartsOption } from '../../components/echart';
import { horizontalBars } from '../../components/chart-theme';

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
  return horizontalBars(
    rows.map((r) => ({ label: r.label, value: r.count })),
    remPx,
  );
}
