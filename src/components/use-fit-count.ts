import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * How many rows of `rowRem` (row height plus gap, in rem) fit in the element's height, at least 1 and at
 * most `max`: lists show whole rows only, never a half-clipped last one, at any wall size.
 */
export function useFitCount(ref: RefObject<HTMLElement | null>, rowRem: number, max: number): number {
  const [n, setN] = useState(max);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      const fit = Math.floor((el.clientHeight + 0.35 * rem) / (rowRem * rem));
      setN(Math.max(1, Math.min(max, fit)));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, rowRem, max]);
  return n;
}
