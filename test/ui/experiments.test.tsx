// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunSummary, replicationStats, type SweepOutcome } from '../../src/experiments';
import { useExperimentStore } from '../../src/store/experimentStore';
import { setExperimentClientFactory } from '../../src/store/experiments';
import { ExperimentsPanel } from '../../src/ui/experiments/ExperimentsPanel';
import { kneeSentence } from '../../src/ui/experiments/SweepSection';
import type {
  ExperimentCallbacks,
  ExperimentEnd,
  ExperimentRequest,
  ExperimentService,
} from '../../src/worker/experimentClient';
import { freshSession, twoNodeScenario } from './helpers';

/** The experiment service, faked: records each request and lets the test drive how it goes. */
class FakeService implements ExperimentService {
  jobs: { id: number; request: ExperimentRequest; cb: ExperimentCallbacks; end(e: ExperimentEnd): void }[] =
    [];
  cancelled: number[] = [];
  private nextId = 1;
  start(request: ExperimentRequest, cb: ExperimentCallbacks = {}) {
    const id = this.nextId++;
    let end: (e: ExperimentEnd) => void = () => {};
    const promise = new Promise<ExperimentEnd>((resolve) => {
      end = resolve;
    });
    this.jobs.push({ id, request, cb, end });
    return { id, end: promise };
  }
  cancel(id: number) {
    this.cancelled.push(id);
    this.jobs.find((j) => j.id === id)?.end({ status: 'cancelled' });
  }
}

function summary(offered: number, p99: number, errorRate = 0): RunSummary {
  return {
    offeredRps: offered,
    throughputRps: offered * (1 - errorRate),
    errorRate,
    meanMs: p99 / 3,
    p50Ms: p99 / 4,
    p99Ms: p99,
    costPerHour: 1,
    simulatedMs: 60000,
    failureReasons: {},
    utilization: { app: 0.5 },
  };
}

function sweepOutcome(): SweepOutcome {
  const loads = [25, 50, 75, 100];
  const p99 = [20, 21, 25, 400];
  const points = loads.map((l, i) => {
    const s = summary(l, p99[i], i === 3 ? 0.2 : 0);
    return {
      factor: l / 100,
      offeredRps: l,
      goodputRps: s.throughputRps,
      errorRate: s.errorRate,
      p50Ms: s.p50Ms,
      p99Ms: s.p99Ms,
      meanMs: s.meanMs,
      summary: s,
    };
  });
  return { kind: 'sweep', points, knee: 2, saturationRps: 80, bottleneck: 'app', refined: 0 };
}

let fake: FakeService;

describe('experiments panel', () => {
  beforeEach(async () => {
    await freshSession({ ...twoNodeScenario(), duration: '10m', warmup: '30s' });
    fake = new FakeService();
    setExperimentClientFactory(() => fake);
    useExperimentStore.setState({
      active: null,
      sweep: null,
      replications: null,
      compare: null,
      error: null,
    });
  });
  afterEach(() => {
    cleanup();
    setExperimentClientFactory(null);
  });

  it('says what each run simulates and measures: a long scenario is cut to its busiest two minutes', () => {
    render(<ExperimentsPanel />);
    expect(screen.getByTestId('sweep').textContent).toMatch(
      /first 2 min 30 s of the scenario's 10 min and measures the 2 min with the most traffic, from 30 s to 2 min 30 s/,
    );
  });

  it('names the failure a long scenario is measured from, by the name on the canvas', async () => {
    const s = twoNodeScenario();
    s.nodes[1].label = 'API box';
    await freshSession({
      ...s,
      duration: '10m',
      warmup: '30s',
      events: [{ at: '4m', do: 'fail', node: 'app' }],
    });
    render(<ExperimentsPanel />);
    expect(screen.getByTestId('sweep').textContent).toMatch(
      /first 6 min of the scenario's 10 min and measures the 2 min from 4 min to 6 min, starting when API box fails/,
    );
  });

  it('runs a sweep in the worker with progress and cancel, then draws the knee', async () => {
    render(<ExperimentsPanel />);
    fireEvent.click(screen.getByTestId('sweep-run'));
    const job = fake.jobs[0];
    const req = job.request;
    if (req.type !== 'sweep') throw new Error('no sweep sent');
    expect(req.factors).toHaveLength(10);
    expect(req.window).toEqual({ fromMs: 30_000, toMs: 150_000 });
    expect(req.scenario.nodes.map((n) => n.id)).toEqual(['users', 'app']);
    act(() => job.cb.onProgress?.(1.5, 10));
    expect(screen.getByTestId('sweep-progress').textContent).toMatch(/run 2 of 10/);
    expect((screen.getByTestId('replications-run') as HTMLButtonElement).disabled).toBe(true);
    // Points appear as runs finish.
    act(() => job.cb.onRun?.(0, summary(25, 20), { factor: 0.25, offeredRps: 25 }));
    expect(screen.getByRole('img', { name: /against offered load/ })).toBeTruthy();
    fireEvent.click(screen.getByTestId('experiment-cancel'));
    expect(fake.cancelled).toEqual([job.id]);
    await act(async () => {});
    expect(screen.queryByTestId('sweep-progress')).toBeNull();
    // Again, to the end.
    fireEvent.click(screen.getByTestId('sweep-run'));
    const again = fake.jobs[1];
    await act(async () => again.end({ status: 'done', outcome: sweepOutcome() }));
    expect(screen.getByTestId('sweep-knee')).toBeTruthy();
    expect(screen.getByTestId('sweep-knee-text').textContent).toMatch(
      /The knee: up to ≈ 75 req\/s \(0.75× traffic\)/,
    );
  });

  it('runs N replications and shows 95% intervals', async () => {
    render(<ExperimentsPanel />);
    fireEvent.change(screen.getByTestId('replications-n'), { target: { value: '3' } });
    fireEvent.click(screen.getByTestId('replications-run'));
    const job = fake.jobs[0];
    if (job.request.type !== 'replicate') throw new Error('no replicate sent');
    expect(job.request.n).toBe(3);
    const iv = (mean: number) => ({ mean, low: mean * 0.9, high: mean * 1.1, n: 3 });
    await act(async () =>
      job.end({
        status: 'done',
        outcome: {
          kind: 'replicate',
          runs: [summary(1, 1), summary(1, 1), summary(1, 1)],
          n: 3,
          meanMs: iv(10),
          p99Ms: iv(100),
          throughputRps: iv(500),
          errorRate: { mean: 0.05, low: 0.032, high: 0.068, n: 3 },
          utilization: { app: iv(0.5) },
        },
      }),
    );
    const table = screen.getByTestId('replications-table').textContent ?? '';
    expect(table).toMatch(/3 runs/);
    expect(table).toMatch(/90\.0 ms – 110 ms/);
    // An error rate's spread is in percentage points (5% ± 1.8 pp), not ±36% of itself.
    expect(table).toMatch(/±1\.8 pp/);
    expect(table).not.toMatch(/±36%/);
  });

  it('compares with a preset on the same seed and colours the deltas', async () => {
    render(<ExperimentsPanel />);
    fireEvent.click(screen.getByTestId('ab-run'));
    const job = fake.jobs[0];
    const req = job.request;
    if (req.type !== 'compare') throw new Error('no compare sent');
    expect(req.seed).toBe(req.a.seed);
    expect(req.b.name).not.toBe(req.a.name);
    const a = summary(100, 200, 0.05);
    const b = summary(100, 100);
    const stats = replicationStats([a]);
    const d = { mean: 0, low: 0, high: 0, n: 1 };
    const diff = { meanMs: d, p99Ms: d, throughputRps: d, errorRate: d };
    await act(async () =>
      job.end({
        status: 'done',
        outcome: {
          kind: 'compare',
          a,
          b,
          seed: req.seed,
          statsA: stats,
          statsB: stats,
          diff,
          unpaired: diff,
        },
      }),
    );
    const table = screen.getByTestId('ab-table');
    expect(table.textContent).toMatch(/p99 latency200 ms100 ms−100 ms/);
    expect(table.querySelectorAll('.delta-better').length).toBeGreaterThan(0);
  });

  it('names the knee, or says there is none, or that even the lightest load is past it', () => {
    const o = sweepOutcome();
    expect(kneeSentence(o.points, -1)).toMatch(/No knee up to 1× traffic/);
    const broken = o.points.map((p) => ({ ...p, errorRate: 0.5 }));
    expect(kneeSentence(broken, -1)).toMatch(/Already past the knee at 0.25× traffic/);
    expect(kneeSentence(broken, -1, true)).toMatch(/the measured window holds the scenario's failure/);
  });
});
