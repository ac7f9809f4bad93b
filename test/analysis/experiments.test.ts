import { describe, expect, it } from 'vitest';
import {
  compare,
  findKnee,
  loadSweep,
  meanInterval,
  replicate,
  scaleTraffic,
} from '../../src/analysis/experiments';
import { theoryReport } from '../../src/analysis/nodeTheory';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';

function station(rps: number, cores = 2, extra: Record<string, unknown> = {}) {
  const parsed = parseScenario({
    format: 'scalelab/scenario@1',
    name: 'sweep',
    seed: 3,
    duration: '120s',
    warmup: '10s',
    nodes: [
      { id: 'users', type: 'client', rate: rps, timeout: '2s' },
      { id: 'app', type: 'appServer', cores, concurrency: 1000, backlog: 1000, service: '4ms', ...extra },
    ],
    edges: [{ from: 'users', to: 'app' }],
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.scenario;
}

describe('experiments', () => {
  it('a load sweep finds the knee just below saturation', () => {
    // 2 cores × 4 ms: saturation at 500 req/s. Sweep 100…700.
    const s = station(100);
    const sweep = loadSweep(s, [1, 2, 3, 4, 4.5, 5.5, 7]);
    expect(sweep.points).toHaveLength(7);
    const knee = sweep.points[sweep.knee];
    expect(knee.offeredRps).toBeGreaterThanOrEqual(300);
    expect(knee.offeredRps).toBeLessThan(500);
    // Past saturation goodput stops following offered load.
    const last = sweep.points.at(-1)!;
    expect(last.goodputRps).toBeLessThan(0.8 * last.offeredRps);
  });

  it('findKnee is −1 when nothing breaks', () => {
    const p = { factor: 1, offeredRps: 10, goodputRps: 10, errorRate: 0, p50Ms: 1, p99Ms: 2, meanMs: 1 };
    expect(findKnee([p, { ...p, factor: 2, offeredRps: 20, goodputRps: 20 }])).toBe(-1);
  });

  it('replications give an interval that covers the M/M/c mean', () => {
    const rep = replicate(station(300), 6);
    expect(rep.results).toHaveLength(6);
    // M/M/2 at λ = 0.3/ms, S = 4 ms: W = 4 + Wq; Erlang C with a = 1.2 → Wq ≈ 2.25 ms.
    expect(rep.meanLatencyMs.low).toBeLessThan(6.25 * 1.03);
    expect(rep.meanLatencyMs.high).toBeGreaterThan(6.25 * 0.97);
    // Replications differ from each other.
    expect(rep.results[0].latencyMs.mean).not.toBe(rep.results[1].latencyMs.mean);
  });

  it('meanInterval uses Student t', () => {
    const i = meanInterval([1, 2, 3]);
    expect(i.mean).toBe(2);
    expect(i.high - i.mean).toBeCloseTo(4.302653 * Math.sqrt(1 / 3), 5);
  });

  it('A/B on the same seed: more cores lower latency; the same scenario gives zero difference', () => {
    const ab = compare(station(400), station(400, 4));
    expect(ab.delta.meanMs).toBeLessThan(0);
    expect(ab.a.requests.arrived).toBe(ab.b.requests.arrived); // same arrivals: common random numbers
    const same = compare(station(400), station(400));
    expect(same.delta.meanMs).toBe(0);
  });

  it('scaleTraffic multiplies every client rate', () => {
    const s = scaleTraffic(station(100), 3);
    const c = s.nodes[0];
    expect(c.type === 'client' && c.rate[0].rps).toBe(300);
  });

  it('the theory report predicts utilisation and names the bottleneck and saturation rate', () => {
    const s = station(300);
    const sim = buildSimulation(s);
    sim.runToEnd();
    const rep = theoryReport(s, sim.result());
    const app = rep.nodes.find((n) => n.id === 'app')!;
    expect(app.predictedUtilization).toBeCloseTo(0.6, 1);
    expect(Math.abs(app.measuredUtilization - app.predictedUtilization)).toBeLessThan(0.02);
    expect(rep.bottleneck).toBe('app');
    expect(rep.saturationRps).toBeGreaterThan(480);
    expect(rep.saturationRps).toBeLessThan(520);
  });
});
