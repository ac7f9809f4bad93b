/**
 * The width of a chart's container, followed with a ResizeObserver. Where there is none (jsdom,
 * server rendering) or before the first measurement, the chart uses `fallback`. Later widths are
 * applied in a transition: re-rendering charts at a new width can take tens of ms, and a
 * transition lets React yield to the page in between instead of blocking it in one long task.
 */
import { type RefObject, startTransition, useLayoutEffect, useRef, useState } from 'react';

/** Width used before measuring and wherever ResizeObserver is missing, px. */
export const FALLBACK_WIDTH = 560;

/** True where widths can be measured (a browser); false in jsdom and server rendering. */
export const CAN_MEASURE = typeof ResizeObserver !== 'undefined';

/** Whole pixels only: sub-pixel jitter would otherwise recompute every path on each frame. */
function observe(el: HTMLElement, update: (w: number) => void): () => void {
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) update(Math.floor(entry.contentRect.width));
  });
  observer.observe(el);
  return () => observer.disconnect();
}

export function useChartWidth<T extends HTMLElement>(
  fixed?: number,
  fallback = FALLBACK_WIDTH,
): [RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [measured, setMeasured] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (fixed !== undefined || !el || !CAN_MEASURE) return;
    const first = Math.floor(el.getBoundingClientRect().width);
    // The first width is applied at once (no frame drawn at the fallback width).
    if (first > 0) setMeasured((prev) => (prev === first ? prev : first));
    return observe(el, (w) => {
      if (w > 0) startTransition(() => setMeasured((prev) => (prev === w ? prev : w)));
    });
  }, [fixed]);
  return [ref, fixed ?? measured ?? fallback];
}

/**
 * The container's width, or null until it has been measured (where measuring is possible), so a
 * chart is drawn once at the right width rather than at a guess and again. Every width, the first
 * included, is applied in a transition.
 */
export function useMeasuredWidth<T extends HTMLElement>(): [RefObject<T | null>, number | null] {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState<number | null>(CAN_MEASURE ? null : FALLBACK_WIDTH);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !CAN_MEASURE) return;
    const update = (w: number) => {
      if (w > 0) startTransition(() => setWidth((prev) => (prev === w ? prev : w)));
    };
    update(Math.floor(el.getBoundingClientRect().width));
    return observe(el, update);
  }, []);
  return [ref, width];
}
