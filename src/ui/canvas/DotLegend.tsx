/** The key to the moving requests' colours, and the feed that turns sampled requests into dots. */
import { useEffect, useRef } from 'react';
import { useRunStore } from '../../store/runStore';
import { clearDots, feedTraces, OUTCOMES, pruneDots } from './requestDots';

/** How often finished dots are swept off, wall ms. */
const PRUNE_MS = 200;

/** Feeds every new list of sampled requests from the worker into the canvas's dots. */
export function useRequestDots(edges: ReadonlySet<string>, types: ReadonlyMap<string, string>): void {
  const wiring = useRef({ edges, types });
  wiring.current = { edges, types };
  useEffect(() => {
    clearDots();
    const unsub = useRunStore.subscribe((s, prev) => {
      if (s.traces && s.traces !== prev.traces)
        feedTraces(s.traces, performance.now(), wiring.current.edges, wiring.current.types);
      if (!s.traces && prev.traces) clearDots();
    });
    const timer = setInterval(() => pruneDots(performance.now()), PRUNE_MS);
    return () => {
      unsub();
      clearInterval(timer);
    };
  }, []);
}

export function DotLegend() {
  return (
    <ul
      className="dot-legend"
      aria-label="Moving requests"
      title="Sampled requests travelling their hops; click one for its waterfall"
    >
      {OUTCOMES.map((o) => (
        <li key={o.outcome} title={o.title}>
          <svg width="10" height="10" aria-hidden="true" className={`edge-dot outcome-${o.outcome}`}>
            <circle cx="5" cy="5" r="4.5" />
          </svg>
          {o.label}
        </li>
      ))}
    </ul>
  );
}
