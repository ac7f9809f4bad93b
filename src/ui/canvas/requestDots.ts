/**
 * The moving dots on the edges are real requests: the ones the worker's tracer sampled (see
 * src/components/tracer.ts; the driver sends the newest every half second). Each sampled request
 * becomes one dot per hop it made — from the node that called to the node that was called — set
 * off in the order the hops happened and travelling slower the longer that hop took (log-scaled
 * simulated time, so a 1 ms and a 1 s hop both stay watchable). A dot carries how the hop went:
 * ok, a cache hit or miss, or failed — a failed hop stops at the node that failed it, with the
 * reason beside it. Clicking a dot opens its request's waterfall.
 *
 * Pure scheduling plus a small zustand store the edges read by edge id; the browser animates the
 * dots (SVG animateMotion), so a busy edge costs a few elements, not a frame loop.
 */
import { create } from 'zustand';
import type { RequestTrace, TraceSpan } from '../../components/tracer';

export type DotOutcome = 'ok' | 'failed' | 'hit' | 'miss' | 'stale';

/** Outcomes in legend order, with what each means. */
export const OUTCOMES: { outcome: DotOutcome; label: string; title: string }[] = [
  { outcome: 'ok', label: 'ok', title: 'A hop answered normally' },
  { outcome: 'hit', label: 'hit', title: 'A cache or CDN lookup that found the entry' },
  {
    outcome: 'miss',
    label: 'miss',
    title: 'A cache or CDN lookup that did not: the request went on downstream',
  },
  {
    outcome: 'stale',
    label: 'stale',
    title: 'A replica read of a key whose newest write had not been applied yet',
  },
  { outcome: 'failed', label: 'failed', title: 'The hop failed here; the mark names the reason' },
];

export interface Dot {
  /** Unique per dot. */
  key: string;
  /** Edge id `${from}->${to}`. */
  edge: string;
  outcome: DotOutcome;
  /** Why it failed, for failed dots. */
  reason?: string;
  /** Wall seconds from the dot's creation until it sets off, and along the edge. */
  delayS: number;
  durS: number;
  /** Wall ms (performance.now clock) after which the dot is gone. */
  untilMs: number;
  /** The request's trace, for the waterfall. */
  trace: RequestTrace;
}

/** Wall seconds for `ms` of simulated time: log-scaled so fast and slow hops both stay watchable. */
export function wallSeconds(ms: number): number {
  return 0.8 * Math.log10(1 + Math.max(0, ms) / 5);
}

/** Shortest time a dot takes along an edge, wall s. */
export const MIN_TRAVEL_S = 0.45;
/** How long a failed dot stays at the node that failed it, wall s. */
export const FAILED_HOLD_S = 2.5;
/** Most dots on the canvas at once (older ones make room). */
export const MAX_DOTS = 80;

export function traceKey(t: RequestTrace): string {
  return `${t.seq}.${t.attempt}@${t.startMs}`;
}

/** The span that called `spans[i]`: the latest earlier span one level up (spans are in arrival order). */
function parentOf(spans: readonly TraceSpan[], i: number): TraceSpan | null {
  const d = spans[i].depth;
  if (d === 0) return null;
  for (let j = i - 1; j >= 0; j--) if (spans[j].depth === d - 1) return spans[j];
  return null;
}

/** Whether span i was followed by a call further down (a CDN miss goes on to its origin). */
function hasChild(spans: readonly TraceSpan[], i: number): boolean {
  return i + 1 < spans.length && spans[i + 1].depth === spans[i].depth + 1;
}

/** A cache get that a database read followed at the same level, under the same caller: a miss. */
function missedGet(spans: readonly TraceSpan[], i: number, types: ReadonlyMap<string, string>): boolean {
  const d = spans[i].depth;
  for (let j = i + 1; j < spans.length && spans[j].depth >= d; j++) {
    if (spans[j].depth === d && spans[j].op === 'read' && types.get(spans[j].node) === 'database')
      return true;
  }
  return false;
}

function outcomeOf(
  trace: RequestTrace,
  spans: readonly TraceSpan[],
  i: number,
  types: ReadonlyMap<string, string>,
): { outcome: DotOutcome; reason?: string } {
  const s = spans[i];
  if (s.failedHere) return { outcome: 'failed', reason: s.status };
  if (trace.outcome === 'timeout' && s.endMs === null && !spans.slice(i + 1).some((x) => x.depth > s.depth))
    return { outcome: 'failed', reason: 'timeout' };
  if (s.status === 'stale') return { outcome: 'stale' };
  if (s.op === 'cache get') return { outcome: missedGet(spans, i, types) ? 'miss' : 'hit' };
  if (types.get(s.node) === 'cdn' && s.op === 'static')
    return { outcome: hasChild(spans, i) ? 'miss' : 'hit' };
  return { outcome: 'ok' };
}

/**
 * The dots of one request: one per hop along an existing edge, `startS` wall seconds from now
 * plus the (scaled) simulated time since the request began.
 */
export function dotsOf(
  trace: RequestTrace,
  startS: number,
  nowMs: number,
  edges: ReadonlySet<string>,
  types: ReadonlyMap<string, string>,
): Dot[] {
  const out: Dot[] = [];
  const spans = trace.spans;
  const base = traceKey(trace);
  for (let i = 0; i < spans.length; i++) {
    const parent = parentOf(spans, i);
    if (!parent) continue;
    const edge = `${parent.node}->${spans[i].node}`;
    if (!edges.has(edge)) continue;
    const { outcome, reason } = outcomeOf(trace, spans, i, types);
    const hopMs = (spans[i].endMs ?? trace.endMs) - spans[i].arriveMs;
    const delayS = startS + wallSeconds(spans[i].arriveMs - trace.startMs);
    const durS = MIN_TRAVEL_S + wallSeconds(hopMs);
    const hold = outcome === 'failed' ? FAILED_HOLD_S : 0.1;
    out.push({
      key: `${base}#${i}`,
      edge,
      outcome,
      reason,
      delayS,
      durS,
      untilMs: nowMs + (delayS + durS + hold) * 1000,
      trace,
    });
  }
  return out;
}

interface DotState {
  /** Dots by edge id (each list a new array only when that edge's dots change). */
  byEdge: Record<string, Dot[]>;
  /** Traces already turned into dots. */
  seen: Set<string>;
  /** The request a dot click picked, for the waterfall. */
  picked: RequestTrace | null;
  pick(trace: RequestTrace | null): void;
}

export const useDotStore = create<DotState>()((set) => ({
  byEdge: {},
  seen: new Set(),
  picked: null,
  pick: (picked) => set({ picked }),
}));

const NO_DOTS: Dot[] = [];

/** The dots on one edge (a stable empty list when there are none). */
export function useEdgeDots(edge: string): Dot[] {
  return useDotStore((s) => s.byEdge[edge] ?? NO_DOTS);
}

/** Spreads a batch of new requests over the next interval, in the order they started. */
const SPREAD_S = 0.5;

/** Turns the requests not seen before into dots; drops dots whose time is over. */
export function feedTraces(
  traces: readonly RequestTrace[],
  nowMs: number,
  edges: ReadonlySet<string>,
  types: ReadonlyMap<string, string>,
): void {
  const { byEdge, seen } = useDotStore.getState();
  const fresh = traces.filter((t) => !seen.has(traceKey(t)));
  const nextSeen = new Set(seen);
  for (const t of fresh) nextSeen.add(traceKey(t));
  // Keep the memory of seen traces bounded: the tracer's list is short, so recent keys suffice.
  if (nextSeen.size > 500) for (const k of [...nextSeen].slice(0, nextSeen.size - 200)) nextSeen.delete(k);
  const first = Math.min(...fresh.map((t) => t.startMs));
  const span = Math.max(...fresh.map((t) => t.startMs)) - first || 1;
  const added = fresh.flatMap((t) => dotsOf(t, ((t.startMs - first) / span) * SPREAD_S, nowMs, edges, types));
  useDotStore.setState({ byEdge: merge(byEdge, added, nowMs), seen: nextSeen });
}

/** Drops dots whose time is over (a timer calls this while dots remain). */
export function pruneDots(nowMs: number): void {
  const { byEdge } = useDotStore.getState();
  const next = merge(byEdge, [], nowMs);
  if (next !== byEdge) useDotStore.setState({ byEdge: next });
}

export function clearDots(): void {
  useDotStore.setState({ byEdge: {}, seen: new Set(), picked: null });
}

function merge(byEdge: Record<string, Dot[]>, added: Dot[], nowMs: number): Record<string, Dot[]> {
  let changed = added.length > 0;
  const next: Record<string, Dot[]> = {};
  let total = 0;
  for (const [edge, dots] of Object.entries(byEdge)) {
    const live = dots.filter((d) => d.untilMs > nowMs);
    if (live.length !== dots.length) changed = true;
    if (live.length > 0) next[edge] = live.length === dots.length ? dots : live;
    total += live.length;
  }
  // Over the cap, new dots are dropped (the ones on screen finish their trip).
  for (const d of added.slice(0, Math.max(0, MAX_DOTS - total))) next[d.edge] = [...(next[d.edge] ?? []), d];
  return changed ? next : byEdge;
}
