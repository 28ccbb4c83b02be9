import type { EChartsCoreOption, ECharts } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import { ensureCanvasFont } from './canvas-fonts';

export type EChartsOption = EChartsCoreOption;

/**
 * An ECharts canvas sized by its container (ResizeObserver), never by hard-coded pixels. The library is
 * imported on first use (its own chunk), so it is not part of the wall's first-load JavaScript.
 */
export function EChart({ option, label }: { option: EChartsOption; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ECharts | null>(null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  if (loadError) throw loadError; // the panel's error boundary shows it

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let c: ECharts | null = null;
    let ro: ResizeObserver | null = null;
    let disposed = false;
    import('./echarts-setup').then(
      ({ echarts }) => {
        if (disposed) return;
        const instance = echarts.init(el, undefined, { renderer: 'canvas' });
        c = instance;
        ro = new ResizeObserver(() => instance.resize());
        ro.observe(el);
        setChart(instance);
      },
      (err: unknown) => setLoadError(err instanceof Error ? err : new Error(String(err))),
    );
    return () => {
      disposed = true;
      ro?.disconnect();
      c?.dispose();
    };
  }, []);

  useEffect(() => {
    if (!chart) return;
    // Set the option only once the font subsets for its labels are loaded: ECharts measures and caches
    // text widths on first draw, so a label laid out with a fallback font stays clipped.
    let cancelled = false;
    void ensureCanvasFont(JSON.stringify(option)).then(() => {
      if (!cancelled && !chart.isDisposed()) chart.setOption(option, { notMerge: true, lazyUpdate: true });
    });
    return () => {
      cancelled = true;
    };
  }, [chart, option]);

  return (
    <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height: '100%', minHeight: 0 }} />
  );
}
