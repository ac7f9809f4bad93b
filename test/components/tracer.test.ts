import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { RequestTrace } from '../../src/components/tracer';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Scenario } from '../../src/scenario/types';

function preset(name: string): Scenario {
  const r = parseScenario(JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')));
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

function scenario(input: Record<string, unknown>): Scenario {
  const r = parseScenario({ format: 'scalelab/scenario@1', name: 'tracer test', ...input });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

/** Runs in 1 s slices, taking traces after each slice when tracing (as the worker does). */
function run(s: Scenario, tracing: boolean, durationMs: number) {
  const sim = buildSimulation(s, { durationMs });
  if (tracing) sim.setTracing(true, 50);
  const seen: RequestTrace[] = [];
  for (let t = 1000; !sim.finished; t += 1000) {
    sim.advance(t);
    if (tracing) for (const tr of sim.traces()) if (!seen.includes(tr)) seen.push(tr);
  }
  return { result: JSON.stringify(sim.result()), traces: seen };
}

const PRESETS = [
  'full-stack',
  'retry-storm-no-jitter',
  'reddit-5-queues-and-workers',
  'cache-stampede-coalesce',
  'poison-messages',
];

describe('RequestTracer', () => {
  test.each(PRESETS)('%s: the result is the same with tracing on and off', (name) => {
    const s = preset(name);
    const off = run(s, false, 30_000);
    const on = run(s, true, 30_000);
    expect(on.traces.length).toBeGreaterThan(0);
    expect(on.result).toBe(off.result);
  });

  test('spans nest inside their request, children after their parent', () => {
    const { traces } = run(preset('full-stack'), true, 30_000);
    expect(traces.length).toBeGreaterThan(5);
    for (const tr of traces) {
      expect(tr.endMs).toBeGreaterThanOrEqual(tr.startMs);
      expect(tr.cls.length).toBeGreaterThan(0);
      // Async jobs may run on after the answer: the trace's work ends when they are done.
      const lastMs = Math.max(tr.endMs, tr.jobsDoneMs ?? tr.endMs);
      for (let i = 0; i < tr.spans.length; i++) {
        const sp = tr.spans[i];
        expect(sp.arriveMs).toBeGreaterThanOrEqual(tr.startMs);
        expect(sp.arriveMs).toBeLessThanOrEqual(lastMs);
        if (sp.endMs !== null) {
          expect(sp.endMs).toBeGreaterThanOrEqual(sp.arriveMs);
          expect(sp.endMs).toBeLessThanOrEqual(lastMs);
        }
        if (i > 0) expect(sp.arriveMs).toBeGreaterThanOrEqual(tr.spans[i - 1].arriveMs);
        if (sp.depth > 0) {
          const parent = tr.spans.slice(0, i).some((p) => p.depth === sp.depth - 1);
          expect(parent).toBe(true);
        }
        // The span that sent it comes before it, one level up; only the client's call has none.
        if (i === 0) expect(sp.parent).toBe(-1);
        else if (sp.parent >= 0) {
          expect(sp.parent).toBeLessThan(i);
          expect(tr.spans[sp.parent].depth).toBe(sp.depth - 1);
        } else expect(sp.depth).toBe(0);
        // It left its sender one edge latency before it arrived (edges in the preset: 0–30 ms).
        expect(sp.latencyMs).toBeGreaterThanOrEqual(0);
        expect(sp.latencyMs).toBeLessThanOrEqual(30);
      }
      if (tr.outcome === 'ok' && tr.spans.length > 0) {
        expect(tr.spans[0].depth).toBe(0);
        expect(tr.spans[0].status).toBe('ok');
      }
    }
    // A request through the whole stack crosses more than one node.
    expect(traces.some((t) => new Set(t.spans.map((s) => s.node)).size >= 3)).toBe(true);
  });

  test('each hop says when its service began: after the wait in a busy queue, at once when idle', () => {
    // One database connection at ρ = 0.9 (exp 1 ms at 900/s): most reads wait; the app server has
    // 256 cores for 0.09 busy on average, so it never makes anyone wait for its CPU.
    const s = scenario({
      seed: 3,
      duration: '20s',
      nodes: [
        { id: 'users', type: 'client', rate: 900, timeout: '1h' },
        { id: 'app', type: 'appServer', cores: 256, concurrency: 1e6, backlog: 1e6, service: '0.1ms' },
        { id: 'db', type: 'database', connections: 1, backlog: 1e6, service: { read: '1ms' } },
      ],
      edges: [
        { from: 'users', to: 'app' },
        { from: 'app', to: 'db' },
      ],
    });
    const { traces } = run(s, true, 20_000);
    const spans = traces.flatMap((t) => t.spans);
    const app = spans.filter((sp) => sp.node === 'app');
    const db = spans.filter((sp) => sp.node === 'db' && sp.endMs !== null);
    expect(db.length).toBeGreaterThan(100);
    for (const sp of app) expect(sp.startMs).toBe(sp.arriveMs);
    for (const sp of db) {
      expect(sp.startMs).not.toBeNull();
      expect(sp.startMs!).toBeGreaterThanOrEqual(sp.arriveMs);
      expect(sp.startMs!).toBeLessThanOrEqual(sp.endMs!);
    }
    // P(wait) = ρ = 0.9 in an M/M/1: with 350+ sampled reads, far more than half waited.
    const waited = db.filter((sp) => sp.startMs! > sp.arriveMs).length;
    expect(waited / db.length).toBeGreaterThan(0.75);
  });

  test('a traced attempt that fails is followed by its retries, attempt by attempt', () => {
    // The app is down from 3 s: every attempt fails at once ("target down") and is retried twice,
    // 100 ms then 200 ms later (no jitter).
    const s = scenario({
      seed: 5,
      duration: '6s',
      nodes: [
        { id: 'users', type: 'client', rate: 200, retry: { max: 2, backoff: '100ms', jitter: false } },
        { id: 'app', type: 'appServer', service: '2ms' },
      ],
      edges: [{ from: 'users', to: 'app' }],
      events: [{ at: '3s', do: 'fail', node: 'app' }],
    });
    const { traces } = run(s, true, 6_000);
    const bySeq = new Map<number, RequestTrace[]>();
    for (const t of traces) bySeq.set(t.seq, [...(bySeq.get(t.seq) ?? []), t]);
    const chains = [...bySeq.values()].filter((ts) => ts.some((t) => t.attempt > 1));
    expect(chains.length).toBeGreaterThan(0);
    for (const ts of chains) {
      ts.sort((a, b) => a.attempt - b.attempt);
      expect(ts.map((t) => t.attempt)).toEqual(ts.map((_, i) => i + 1));
      for (let i = 1; i < ts.length; i++) {
        // Each retry is sent after the previous attempt ended, by its backoff (100 ms · 2^(i−1)).
        expect(ts[i].startMs - ts[i - 1].endMs).toBeCloseTo(100 * 2 ** (i - 1), 9);
        expect(ts[i].cls).toBe(ts[0].cls);
      }
      for (const t of ts) {
        expect(t.reason).toBe('target down');
        expect(t.spans[0]?.node).toBe('app');
      }
    }
    // Three attempts in all for a request that failed throughout.
    expect(chains.some((ts) => ts.length === 3)).toBe(true);
  });

  test('the newest failure is kept with the earlier attempts of its request', () => {
    // Down from 3 s to 4 s, three retries 1 s apart: the last request to fail had its attempts
    // spread over more than 20 sampled requests' time, so the ring alone would have lost them.
    const s = scenario({
      seed: 2,
      duration: '8s',
      nodes: [
        {
          id: 'users',
          type: 'client',
          rate: 200,
          retry: { max: 3, backoff: '300ms', multiplier: 1, jitter: false },
        },
        { id: 'app', type: 'appServer', service: '2ms' },
      ],
      edges: [{ from: 'users', to: 'app' }],
      events: [
        { at: '3s', do: 'fail', node: 'app' },
        { at: '4s', do: 'recover', node: 'app' },
      ],
    });
    const sim = buildSimulation(s);
    sim.setTracing(true, 10);
    sim.runToEnd();
    const taken = sim.traces();
    const failed = taken.filter((t) => t.outcome !== 'ok');
    expect(failed.length).toBeGreaterThanOrEqual(2);
    const last = failed[failed.length - 1];
    const chain = failed.filter((t) => t.seq === last.seq);
    expect(chain.map((t) => t.attempt)).toEqual(chain.map((_, i) => i + 1));
    expect(chain.length).toBeGreaterThanOrEqual(2);
    // They come first, oldest attempt first, ahead of the ring of recent (successful) samples.
    expect(taken.slice(0, chain.length)).toEqual(chain);
  });

  test("a failed request's trace names the failing node and its reason", () => {
    const s = scenario({
      seed: 7,
      duration: '10s',
      nodes: [
        { id: 'users', type: 'client', rate: [{ at: 0, rps: 200 }], timeout: '5s' },
        { id: 'lb', type: 'loadBalancer' },
        { id: 'app', type: 'appServer', instances: 2, cores: 2, service: '10ms' },
      ],
      edges: [
        { from: 'users', to: 'lb', latency: '1ms' },
        { from: 'lb', to: 'app', latency: '1ms' },
      ],
      events: [{ at: '3s', do: 'fail', node: 'app' }],
    });
    const { traces } = run(s, true, 10_000);
    const failed = traces.filter((t) => t.outcome !== 'ok');
    expect(failed.length).toBeGreaterThan(0);
    const tr = failed[0];
    expect(tr.outcome).toBe('failed');
    expect(tr.reason).toBe('target down');
    expect(tr.failedAt).toBe('app');
    const here = tr.spans.find((sp) => sp.failedHere);
    expect(here?.node).toBe('app');
    expect(here?.status).toBe('target down');
    // The load balancer passed the failure up without counting it as its own.
    const lb = tr.spans.find((sp) => sp.node === 'lb');
    expect(lb?.failedHere).toBe(false);
    expect(lb?.status).toBe('target down');
    // Good requests before the failure were sampled too, with both hops.
    const ok = traces.find((t) => t.outcome === 'ok');
    expect(ok?.spans.map((sp) => [sp.node, sp.depth])).toEqual([
      ['lb', 0],
      ['app', 1],
    ]);
  });

  describe('async jobs', () => {
    /** Async writes → app → queue → worker (→ db): each job takes ~50 ms after its answer. */
    function jobScenario(worker: Record<string, unknown>, queue: Record<string, unknown> = {}) {
      return scenario({
        seed: 5,
        duration: '20s',
        nodes: [
          {
            id: 'users',
            type: 'client',
            rate: 100,
            timeout: '1h',
            mix: [{ name: 'vote', op: 'write', async: true }],
          },
          { id: 'app', type: 'appServer', cores: 8, service: '1ms' },
          { id: 'q', type: 'queue', visibilityTimeout: '500ms', ...queue },
          { id: 'w', type: 'worker', instances: 2, concurrency: 8, service: '50ms', ...worker },
          { id: 'db', type: 'database', connections: 20, service: { write: '2ms' } },
        ],
        edges: [
          { from: 'users', to: 'app' },
          { from: 'app', to: 'q' },
          { from: 'q', to: 'w' },
          { from: 'w', to: 'db' },
        ],
      });
    }

    const jobOf = (t: RequestTrace) => t.spans.find((sp) => sp.op === 'job');

    test('a traced async write is followed to its ack: the job at the queue, its delivery, its DB write', () => {
      const { traces } = run(jobScenario({}), true, 20_000);
      const withJobs = traces.filter((t) => jobOf(t) !== undefined);
      expect(withJobs.length).toBeGreaterThan(20);
      for (const t of withJobs) {
        const job = jobOf(t)!;
        const enqueue = t.spans.find((sp) => sp.node === 'q' && sp.op === 'enqueue')!;
        expect(job.node).toBe('q');
        expect(job.arriveMs).toBe(enqueue.arriveMs);
        expect(job.depth).toBe(enqueue.depth);
        expect(job.status).toBe('ok');
        // Answered once enqueued, done later: the trace was kept after its job, not at the answer.
        expect(t.jobsDoneMs).toBe(job.endMs);
        expect(job.endMs!).toBeGreaterThan(t.endMs);
        const worker = t.spans.filter((sp) => sp.node === 'w');
        expect(worker).toHaveLength(1);
        expect(worker[0].arriveMs).toBe(job.startMs);
        expect(worker[0].depth).toBe(job.depth + 1);
        expect(worker[0].endMs).toBe(job.endMs);
        const db = t.spans.find((sp) => sp.node === 'db')!;
        expect(db.op).toBe('write');
        expect(db.depth).toBe(job.depth + 2);
        expect(db.arriveMs).toBeGreaterThan(worker[0].arriveMs);
      }
      // A job takes exp(50 ms) + a 2 ms write after an idle worker picks it up: with 40+ traces
      // the mean gap after the answer is 52 ± 8 ms (1σ); [30, 80] is about ±3σ.
      const gaps = withJobs.map((t) => t.jobsDoneMs! - t.endMs);
      const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
      expect(mean).toBeGreaterThan(30);
      expect(mean).toBeLessThan(80);
    });

    test('a job that keeps failing shows each delivery and ends dead-lettered', () => {
      const { traces } = run(jobScenario({ poisonRate: 1 }, { maxReceives: 3 }), true, 20_000);
      const done = traces.filter((t) => t.jobsDoneMs !== null);
      expect(done.length).toBeGreaterThan(10);
      for (const t of done) {
        expect(jobOf(t)!.status).toBe('dead-lettered');
        expect(jobOf(t)!.failedHere).toBe(true);
        const deliveries = t.spans.filter((sp) => sp.node === 'w');
        expect(deliveries).toHaveLength(3);
        for (const d of deliveries) expect(d.status).toBe('poison message');
        // Each redelivery waits for the visibility timeout of the one before.
        expect(deliveries[1].arriveMs - deliveries[0].arriveMs).toBeGreaterThanOrEqual(500);
      }
    });

    test('answered requests wait for their jobs in a bounded set; the oldest is kept as it stands', () => {
      // Jobs that never finish (no dead-letter limit): every traced request waits for ever.
      const sim = buildSimulation(jobScenario({ poisonRate: 1 }), { durationMs: 20_000 });
      sim.setTracing(true, 10);
      sim.runToEnd();
      const traces = sim.traces();
      // 2 000 requests, 1 in 10 traced: all but the 16 newest waiting ones kept, as they stood.
      expect(traces.length).toBe(20);
      for (const t of traces) {
        expect(t.jobsDoneMs).toBeNull();
        expect(jobOf(t)!.endMs).toBeNull();
      }
    });
  });

  test('keeps a bounded number of finished traces', () => {
    const sim = buildSimulation(preset('full-stack'), { durationMs: 30_000 });
    sim.setTracing(true, 1);
    sim.runToEnd();
    expect(sim.traces().length).toBeLessThanOrEqual(20);
  });
});
