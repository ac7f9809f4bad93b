// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useExperimentStore } from '../../src/store/experimentStore';
import { setExperimentClientFactory } from '../../src/store/experiments';
import { ExperimentsPanel } from '../../src/ui/experiments/ExperimentsPanel';
import { kneeSentence } from '../../src/ui/experiments/SweepSection';
import { ExperimentClient, type ExperimentWorkerLike } from '../../src/worker/experimentClient';
import type {
  FromExperiment,
  RunSummary,
  SweepOutcome,
  ToExperiment,
} from '../../src/worker/experimentProtocol';
import { freshSession, twoNodeScenario } from './helpers';

class FakeExperimentWorker implements ExperimentWorkerLike {
  sent: ToExperiment[] = [];
  private listener: ((e: MessageEvent<FromExperiment>) => void) | null = null;
  postMessage(m: ToExperiment) {
    this.sent.push(m);
  }
  addEventListener(_: 'message', l: (e: MessageEvent<FromExperiment>) => void) {
    this.listener = l;
  }
  emit(m: FromExperiment) {
    this.listener?.({ data: m } as MessageEvent<FromExperiment>);
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
  return { kind: 'sweep', points, knee: 2 };
}

let fake: FakeExperimentWorker;

describe('experiments panel', () => {
  beforeEach(async () => {
    await freshSession({ ...twoNodeScenario(), duration: '10m', warmup: '30s' });
    fake = new FakeExperimentWorker();
    setExperimentClientFactory(() => new ExperimentClient(fake));
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
    const job = fake.sent[0];
    if (job.type !== 'sweep') throw new Error('no sweep sent');
    expect(job.factors).toHaveLength(10);
    expect(job.window).toEqual({ fromMs: 30_000, toMs: 150_000 });
    expect(job.scenario.nodes.map((n) => n.id)).toEqual(['users', 'app']);
    act(() => fake.emit({ type: 'progress', id: job.id, done: 1.5, total: 10 }));
    expect(screen.getByTestId('sweep-progress').textContent).toMatch(/run 2 of 10/);
    expect((screen.getByTestId('replications-run') as HTMLButtonElement).disabled).toBe(true);
    // Points appear as runs finish.
    act(() => fake.emit({ type: 'run', id: job.id, index: 0, summary: summary(25, 20) }));
    expect(screen.getByRole('img', { name: /against offered load/ })).toBeTruthy();
    fireEvent.click(screen.getByTestId('experiment-cancel'));
    expect(fake.sent[1]).toEqual({ type: 'cancel', id: job.id });
    await act(async () => fake.emit({ type: 'cancelled', id: job.id }));
    expect(screen.queryByTestId('sweep-progress')).toBeNull();
    // Again, to the end.
    fireEvent.click(screen.getByTestId('sweep-run'));
    const again = fake.sent[2];
    await act(async () => fake.emit({ type: 'done', id: again.id, outcome: sweepOutcome() }));
    expect(screen.getByTestId('sweep-knee')).toBeTruthy();
    expect(screen.getByTestId('sweep-knee-text').textContent).toMatch(
      /The knee: up to ≈ 75 req\/s \(0.75× traffic\)/,
    );
  });

  it('runs N replications and shows 95% intervals', async () => {
    render(<ExperimentsPanel />);
    fireEvent.change(screen.getByTestId('replications-n'), { target: { value: '3' } });
    fireEvent.click(screen.getByTestId('replications-run'));
    const job = fake.sent[0];
    if (job.type !== 'replicate') throw new Error('no replicate sent');
    expect(job.n).toBe(3);
    const iv = (mean: number) => ({ mean, low: mean * 0.9, high: mean * 1.1, n: 3 });
    await act(async () =>
      fake.emit({
        type: 'done',
        id: job.id,
        outcome: {
          kind: 'replicate',
          runs: [summary(1, 1), summary(1, 1), summary(1, 1)],
          meanMs: iv(10),
          p99Ms: iv(100),
          throughputRps: iv(500),
          errorRate: iv(0.01),
        },
      }),
    );
    const table = screen.getByTestId('replications-table').textContent ?? '';
    expect(table).toMatch(/3 runs/);
    expect(table).toMatch(/90\.0 ms – 110 ms/);
  });

  it('compares with a preset on the same seed and colours the deltas', async () => {
    render(<ExperimentsPanel />);
    fireEvent.click(screen.getByTestId('ab-run'));
    const job = fake.sent[0];
    if (job.type !== 'compare') throw new Error('no compare sent');
    expect(job.seed).toBe(job.a.seed);
    expect(job.b.name).not.toBe(job.a.name);
    await act(async () =>
      fake.emit({
        type: 'done',
        id: job.id,
        outcome: { kind: 'compare', a: summary(100, 200, 0.05), b: summary(100, 100), seed: job.seed },
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
