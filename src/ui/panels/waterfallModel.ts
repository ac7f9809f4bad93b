/**
 * The rows of a request's waterfall, with the time each one accounts for, so that the rows add
 * up to the request's end-to-end latency exactly.
 *
 * Every instant between the client sending the attempt and getting its answer is given to one
 * row: the deepest thing the request was waiting on at that instant. Starting at the call the
 * client sent, an instant inside one of a span's child calls (from when the child left, `latencyMs`
 * before it arrived, until its answer got back, `latencyMs` after it answered) belongs to that
 * child — the one sent last when several are outstanding, as after a timed-out call's retry —;
 * within the child, the legs over the network belong to network rows, the rest to the child or
 * further down. An instant inside no child belongs to the span itself (its queue wait and its own
 * work). Before the first hop arrives and after the answer, the instant is the network's; outside
 * every hop (a request that reached no node) it is the client's.
 *
 * An async job (from its enqueue to its ack) and everything under it runs off the request's path:
 * those rows are shown and account for nothing.
 */
import type { RequestTrace, TraceSpan } from '../../components/tracer';

export interface WaterfallRow {
  kind: 'hop' | 'network-in' | 'network-out' | 'client';
  /** Index of the span in trace.spans (−1 for the client row). */
  span: number;
  /** Nesting for indentation (a network row sits at its hop's depth). */
  depth: number;
  /** Time this row accounts for on the request's path, ms; the rows add up to the latency. */
  ownMs: number;
  /** A job or work under one: after the answer, not part of the latency (ownMs 0). */
  offPath: boolean;
  /** Interval the row's bar covers, ms (for a hop: arrival to answer, or to the request's end). */
  fromMs: number;
  toMs: number;
}

export interface Waterfall {
  rows: WaterfallRow[];
  /** End-to-end latency of the attempt, ms. */
  latencyMs: number;
}

function isOffPath(spans: readonly TraceSpan[], i: number): boolean {
  for (let k = i; k >= 0; k = spans[k].parent) if (spans[k].op === 'job') return true;
  return false;
}

export function waterfallOf(trace: RequestTrace): Waterfall {
  const spans = trace.spans;
  const start = trace.startMs;
  const end = trace.endMs;
  const off = spans.map((_, i) => isOffPath(spans, i));
  const children: number[][] = spans.map(() => []);
  const roots: number[] = [];
  spans.forEach((s, i) => {
    if (off[i]) return;
    if (s.parent >= 0 && s.parent < spans.length) children[s.parent].push(i);
    else roots.push(i);
  });
  const leave = (i: number) => spans[i].arriveMs - spans[i].latencyMs;
  const back = (i: number) =>
    spans[i].endMs === null ? Number.POSITIVE_INFINITY : spans[i].endMs! + spans[i].latencyMs;
  const own = new Float64Array(spans.length);
  const netIn = new Float64Array(spans.length);
  const netOut = new Float64Array(spans.length);
  let client = 0;

  /** The row an instant t belongs to: [kind, span]. */
  const pick = (among: readonly number[], t: number): number => {
    let best = -1;
    for (const c of among)
      if (leave(c) <= t && t < back(c) && (best < 0 || leave(c) >= leave(best))) best = c;
    return best;
  };
  const attribute = (t: number, dt: number) => {
    let i = pick(roots, t);
    if (i < 0) {
      client += dt;
      return;
    }
    for (;;) {
      const s = spans[i];
      if (t < s.arriveMs) {
        netIn[i] += dt;
        return;
      }
      if (s.endMs !== null && t >= s.endMs) {
        netOut[i] += dt;
        return;
      }
      const c = pick(children[i], t);
      if (c < 0) {
        own[i] += dt;
        return;
      }
      i = c;
    }
  };

  const cuts = new Set<number>([start, end]);
  spans.forEach((s, i) => {
    if (off[i]) return;
    for (const t of [leave(i), s.arriveMs, s.endMs ?? end, back(i)]) if (t > start && t < end) cuts.add(t);
  });
  const times = [...cuts].sort((a, b) => a - b);
  for (let k = 0; k + 1 < times.length; k++) {
    const a = times[k];
    const b = times[k + 1];
    if (b > a) attribute(a + (b - a) / 2, b - a);
  }

  const rows: WaterfallRow[] = [];
  if (client > 0 || spans.length === 0)
    rows.push({
      kind: 'client',
      span: -1,
      depth: 0,
      ownMs: client,
      offPath: false,
      fromMs: start,
      toMs: end,
    });
  const visit = (i: number) => {
    const s = spans[i];
    const stop = s.endMs ?? Math.max(end, s.arriveMs);
    if (s.latencyMs > 0)
      rows.push({
        kind: 'network-in',
        span: i,
        depth: s.depth,
        ownMs: netIn[i],
        offPath: false,
        fromMs: leave(i),
        toMs: s.arriveMs,
      });
    rows.push({
      kind: 'hop',
      span: i,
      depth: s.depth,
      ownMs: own[i],
      offPath: false,
      fromMs: s.arriveMs,
      toMs: stop,
    });
    for (const c of children[i]) visit(c);
    if (s.latencyMs > 0 && s.endMs !== null)
      rows.push({
        kind: 'network-out',
        span: i,
        depth: s.depth,
        ownMs: netOut[i],
        offPath: false,
        fromMs: s.endMs,
        toMs: s.endMs + s.latencyMs,
      });
  };
  for (const r of roots) visit(r);
  spans.forEach((s, i) => {
    if (off[i])
      rows.push({
        kind: 'hop',
        span: i,
        depth: s.depth,
        ownMs: 0,
        offPath: true,
        fromMs: s.arriveMs,
        toMs: s.endMs ?? Math.max(end, s.arriveMs),
      });
  });
  return { rows, latencyMs: end - start };
}

/**
 * The request to open after a run: the slowest successful one (the most hops on a tie), else the
 * slowest of all — never a 0 ms one-hop failure when there is anything better.
 */
export function mostInformative(traces: readonly RequestTrace[]): RequestTrace | null {
  let best: RequestTrace | null = null;
  const score = (t: RequestTrace): [number, number, number] => [
    t.outcome === 'ok' ? 1 : 0,
    t.endMs - t.startMs,
    t.spans.length,
  ];
  for (const t of traces) {
    if (best === null) {
      best = t;
      continue;
    }
    const a = score(t);
    const b = score(best);
    if (a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2])))) best = t;
  }
  return best;
}
