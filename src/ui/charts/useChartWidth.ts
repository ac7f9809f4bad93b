/**
 * The width of a chart's container, followed with a ResizeObserver. Where there is none (jsdom,
 * server rendering) or before the first measurement, the chart uses `fallback`.
 */
import { type RefObject, useLayoutEffect, useRef, useState } from 'react';

/** Width used before measuring and wherever ResizeObserver is missing, px. */
export const FALLBACK_WIDTH = 560;

export function useChartWidth<T extends HTMLElement>(
  fixed?: number,
  fallback = FALLBACK_WIDTH,
): [RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [measured, setMeasured] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (fixed !== undefined || !el || typeof ResizeObserver === 'undefined') return;
    const update = (w: number) => {
      // Whole pixels only: sub-pixel jitter would otherwise recompute every path on each frame.
      const rounded = Math.floor(w);
      if (rounded > 0) setMeasured((prev) => (prev === rounded ? prev : rounded));
    };
    update(el.getBoundingClientRect().width);
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) update(entry.contentRect.width);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [fixed]);
  return [ref, fixed ?? measured ?? fallback];
}
