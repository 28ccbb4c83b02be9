import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { ensureCanvasFont } from './canvas-fonts';

// Only what the panels use: the wall's first load stays small (echarts/core tree-shakes the rest).
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export type EChartsOption = echarts.EChartsCoreOption;

/** An ECharts canvas sized by its container (ResizeObserver), never by hard-coded pixels. */
export function EChart({ option, label }: { option: EChartsOption; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // Set the option only once the font subsets for its labels are loaded: ECharts measures and caches
    // text widths on first draw, so a label laid out with a fallback font stays clipped.
    let cancelled = false;
    void ensureCanvasFont(JSON.stringify(option)).then(() => {
      if (!cancelled) chart.current?.setOption(option, { notMerge: false, lazyUpdate: true });
    });
    return () => {
      cancelled = true;
    };
  }, [option]);

  return (
    <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height: '100%', minHeight: 0 }} />
  );
}
