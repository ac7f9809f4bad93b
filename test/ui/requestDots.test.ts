/** The canvas's moving requests (issue 10, point 6): one dot per hop of a sampled request, with its outcome. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestTrace, TraceSpan } from '../../src/components/tracer';
import {
  clearDots,
  dotsOf,
  feedTraces,
  MAX_DOTS,
  pruneDots,
  useDotStore,
  wallSeconds,
} from '../../src/ui/canvas/requestDots';

const span = (
  node: string,
  op: string,
  depth: number,
  at: number,
  end: number | null,
  extra: Partial<TraceSpan> = {},
) =>
  ({
    node,
    op,
    depth,
    arriveMs: at,
    startMs: at,
    endMs: end,
    status: 'ok',
    failedHere: false,
    ...extra,
  }) as TraceSpan;

function trace(spans: TraceSpan[], over: Partial<RequestTrace> = {}): RequestTrace {
  return {
    seq: 1,
    attempt: 1,
    cls: 'page',
    startMs: 1000,
    endMs: 1000 + Math.max(...spans.map((s) => s.endMs ?? 0)) - 1000,
    outcome: 'ok',
    reason: 'ok',
    failedAt: null,
    jobsDoneMs: null,
    spans,
    ...over,
  };
}

const EDGES = new Set(['users->app', 'app->cache', 'app->db', 'browsers->cdn', 'cdn->app']);
const TYPES = new Map([
  ['users', 'client'],
  ['app', 'appServer'],
  ['cache', 'cache'],
  ['db', 'database'],
  ['browsers', 'client'],
  ['cdn', 'cdn'],
]);

describe('request dots', () => {
  beforeEach(() => clearDots());

  it('a cache miss: the get is a miss, the database read ok, in the order they happened', () => {
    const t = trace([
      span('users', 'read', 0, 1000, 1012),
      span('app', 'read', 1, 1000, 1012),
      span('cache', 'cache get', 2, 1001, 1001.2),
      span('db', 'read', 2, 1001.5, 1010),
      span('cache', 'cache set', 2, 1010.5, 1010.7),
    ]);
    const dots = dotsOf(t, 0, 0, EDGES, TYPES);
    expect(dots.map((d) => [d.edge, d.outcome])).toEqual([
      ['users->app', 'ok'],
      ['app->cache', 'miss'],
      ['app->db', 'ok'],
      ['app->cache', 'ok'],
    ]);
    for (let i = 1; i < dots.length; i++) expect(dots[i].delayS).toBeGreaterThanOrEqual(dots[i - 1].delayS);
    // The slower hop (the 8.5 ms database read) travels slower than the 0.2 ms cache get.
    expect(dots[2].durS).toBeGreaterThan(dots[1].durS);
  });

  it('a cache hit, and CDN hits and misses', () => {
    const hit = trace([
      span('users', 'read', 0, 1000, 1002),
      span('app', 'read', 1, 1000, 1002),
      span('cache', 'cache get', 2, 1001, 1001.2),
    ]);
    expect(dotsOf(hit, 0, 0, EDGES, TYPES).map((d) => d.outcome)).toEqual(['ok', 'hit']);
    const cdnHit = trace([span('browsers', 'static', 0, 1000, 1001), span('cdn', 'static', 1, 1000, 1001)]);
    expect(dotsOf(cdnHit, 0, 0, EDGES, TYPES).map((d) => d.outcome)).toEqual(['hit']);
    const cdnMiss = trace([
      span('browsers', 'static', 0, 1000, 1030),
      span('cdn', 'static', 1, 1000, 1030),
      span('app', 'static', 2, 1001, 1029),
    ]);
    expect(dotsOf(cdnMiss, 0, 0, EDGES, TYPES).map((d) => d.outcome)).toEqual(['miss', 'ok']);
  });

  it('a failed request stops at the node that failed it, with the reason', () => {
    const t = trace(
      [
        span('users', 'read', 0, 1000, 1001, { status: 'backlog full' }),
        span('app', 'read', 1, 1000, 1000, { status: 'backlog full', failedHere: true }),
      ],
      { outcome: 'rejected', reason: 'backlog full', failedAt: 'app' },
    );
    const [d] = dotsOf(t, 0, 5000, EDGES, TYPES);
    expect(d).toMatchObject({ edge: 'users->app', outcome: 'failed', reason: 'backlog full' });
    // It stays on screen after arriving, for the reason to be read.
    expect(d.untilMs).toBeGreaterThan(5000 + (d.delayS + d.durS + 2) * 1000);
  });

  it('a timed-out request is marked failed where it was still waiting', () => {
    const t = trace(
      [span('users', 'read', 0, 1000, 6000), span('app', 'read', 1, 1000, null, { status: 'open' })],
      { outcome: 'timeout', reason: 'timeout', failedAt: 'users', endMs: 6000 },
    );
    expect(dotsOf(t, 0, 0, EDGES, TYPES).map((d) => [d.outcome, d.reason])).toEqual([['failed', 'timeout']]);
  });

  it('hops along no drawn edge make no dot', () => {
    const t = trace([span('users', 'read', 0, 1000, 1002), span('ghost', 'read', 1, 1000, 1002)]);
    expect(dotsOf(t, 0, 0, EDGES, TYPES)).toEqual([]);
  });

  it('wall time grows with simulated time, slowly', () => {
    expect(wallSeconds(0)).toBe(0);
    expect(wallSeconds(10)).toBeLessThan(wallSeconds(100));
    expect(wallSeconds(5000)).toBeLessThan(3);
  });

  it('feeds each trace once, caps the dots on screen, and sweeps finished ones', () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      trace(
        [
          span('users', 'read', 0, 1000 + i, 1003 + i),
          span('app', 'read', 1, 1000 + i, 1003 + i),
          span('db', 'read', 2, 1001 + i, 1002 + i),
        ],
        { seq: i + 1, startMs: 1000 + i },
      ),
    );
    feedTraces(many, 0, EDGES, TYPES);
    const count = () => Object.values(useDotStore.getState().byEdge).reduce((n, ds) => n + ds.length, 0);
    expect(count()).toBe(MAX_DOTS);
    feedTraces(many, 0, EDGES, TYPES);
    expect(count()).toBe(MAX_DOTS);
    pruneDots(60_000);
    expect(count()).toBe(0);
  });
});
