// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../src/scenario/resultTypes';
import { useRunStore } from '../../src/store/runStore';
import { reloadNow } from '../../src/store/session';
import { useViewStore } from '../../src/store/viewStore';
import { BelowCanvas } from '../../src/ui/panels/BelowCanvas';
import { FailureReasons } from '../../src/ui/panels/FailureReasons';
import { explainReason, failureRows } from '../../src/ui/panels/failureModel';
import { TheoryPanel } from '../../src/ui/panels/TheoryPanel';
import type { TheoryView } from '../../src/worker/insight';
import { type FakeWorker, freshSession } from './helpers';

let worker: FakeWorker;

function loaded() {
  const load = worker.sent.find((m) => m.type === 'load');
  if (load?.type === 'load') worker.emit({ type: 'loaded', token: load.token, endMs: 60000 });
}

const theory: TheoryView = {
  rows: [
    {
      id: 'app',
      node: 'app',
      type: 'appServer',
      path: 'request',
      sheds: false,
      visitRatio: 1,
      saturationRps: 333,
      servers: 4,
      instances: 1,
      arrivalRps: 300,
      serviceMs: 12,
      predictedUtilization: 0.9,
      measuredUtilization: 0.93,
      predictedMs: 40,
      measuredMs: 55,
      includesDownstream: false,
      approximate: true,
      stable: true,
    },
  ],
  bottleneck: 'app',
  saturationRps: 333,
  windowRps: 280,
  window: { fromMs: 10000, toMs: 30000 },
  offeredRps: 600,
  offeredScope: 'now',
  retryFactor: 1.25,
  autoscaled: [],
  hitRatios: {},
  atMs: 30000,
};

describe('failure model', () => {
  it('sums reasons over nodes, most first, with shares and the nodes where they happened', () => {
    const rows = failureRows({ app: { 'backlog full': 30, timeout: 10 }, db: { timeout: 60 } });
    expect(rows.map((r) => [r.reason, r.count])).toEqual([
      ['timeout', 70],
      ['backlog full', 30],
    ]);
    expect(rows[0].share).toBeCloseTo(0.7);
    expect(rows[0].nodes.map((n) => n.id)).toEqual(['db', 'app']);
  });

  it('explains every reason the engine knows in one plain sentence', () => {
    for (const r of [
      'timeout',
      'backlog full',
      'rate limited',
      'circuit open',
      'target down',
      'queue full',
      'no route',
      'hop limit',
      'crashed',
      'shutting down',
    ])
      expect(explainReason(r)).toMatch(new RegExp(`^${r}: .{20,}`));
    expect(explainReason('backlog full', 'appServer')).toMatch(/503/);
  });
});

describe('insight panels', () => {
  beforeEach(async () => {
    ({ worker } = await freshSession());
    loaded();
  });
  afterEach(cleanup);

  it('shows live failures by reason from the worker, then the result’s when the run finished', () => {
    render(<FailureReasons />);
    expect(screen.getByTestId('failure-reasons').textContent).toMatch(/Press play/);
    act(() => worker.emit({ type: 'status', status: 'running', nowMs: 5000, endMs: 60000 }));
    act(() =>
      worker.emit({
        type: 'insight',
        insight: { nowMs: 5000, failures: { app: { 'target down': 12 } }, theory: null },
      }),
    );
    const row = screen.getByTestId('failure-target-down');
    expect(row.textContent).toMatch(/target down/);
    expect(row.textContent).toMatch(/12/);
    expect(row.textContent).toMatch(/failed or removed/);
    expect(screen.getByTestId('failure-reasons').textContent).toMatch(/since t = 0, live/);
    const result = {
      requests: {
        arrived: 100,
        completed: 90,
        failed: 10,
        timedOut: 0,
        rejected: 0,
        inFlight: 0,
        retries: 0,
      },
      errorRate: 0.1,
      warmupMs: 10000,
      failureReasons: { 'backlog full': 10 },
      nodes: { app: { type: 'appServer', failures: { 'backlog full': 10 } } },
      series: { intervalMs: 1000, t: [], rps: [], p50Ms: [], p95Ms: [], p99Ms: [], errors: [], nodes: {} },
    } as unknown as Result;
    act(() => worker.emit({ type: 'status', status: 'finished', nowMs: 60000, endMs: 60000 }));
    act(() => worker.emit({ type: 'result', id: null, result }));
    expect(screen.queryByTestId('failure-target-down')).toBeNull();
    expect(screen.getByTestId('failure-backlog-full').textContent).toMatch(/waiting room was full/);
    expect(screen.getByTestId('failure-reasons').textContent).toMatch(/after the warm-up/);
  });

  it('shows the theory: headline with bottleneck and saturation, rows with the approximation marked', () => {
    render(<TheoryPanel />);
    expect(screen.getByTestId('theory-panel').textContent).toMatch(/once the\s+warm-up/);
    act(() => worker.emit({ type: 'insight', insight: { nowMs: 30000, failures: {}, theory } }));
    const headline = screen.getByTestId('theory-headline').textContent ?? '';
    expect(headline).toMatch(/app saturates first, at ≈ 333\/s of requests from the clients/);
    // The load it compares with is named, and whether retries are in it.
    expect(headline).toMatch(
      /You are offering 600\/s now \(first attempts; retries not counted — they added 25% more/,
    );
    expect(headline).toMatch(/1\.80× what it can take: past it its queue grows/);
    expect(screen.getByTestId('theory-window').textContent).toMatch(
      /rows at the 280\/s the clients sent from 10\.0 s to 30\.0 s/,
    );
    const row = screen.getByTestId('theory-app');
    expect(row.textContent).toMatch(/90\.0%|90%/);
    expect(row.className).toBe('is-bottleneck');
    expect(row.querySelector('abbr.approx')?.getAttribute('title')).toMatch(/not exponential/);
  });

  it('switches tabs under the canvas and badges the failure count', () => {
    render(<BelowCanvas />);
    expect(screen.getByTestId('tab-charts').getAttribute('aria-selected')).toBe('true');
    act(() =>
      worker.emit({
        type: 'insight',
        insight: { nowMs: 1, failures: { app: { timeout: 1234 } }, theory: null },
      }),
    );
    expect(screen.getByTestId('tab-failures').textContent).toMatch(/1\.2k/);
    fireEvent.click(screen.getByTestId('tab-theory'));
    expect(useViewStore.getState().tab).toBe('theory');
    expect(screen.getByTestId('theory-panel')).toBeTruthy();
    fireEvent.click(screen.getByTestId('tab-failures'));
    expect(screen.getByTestId('failure-timeout')).toBeTruthy();
    act(() => useViewStore.getState().setTab('charts'));
  });

  it('drops the insight when the run is rebuilt', () => {
    act(() =>
      worker.emit({ type: 'insight', insight: { nowMs: 1, failures: { app: { timeout: 1 } }, theory } }),
    );
    expect(useRunStore.getState().insight).not.toBeNull();
    act(() => reloadNow());
    expect(useRunStore.getState().insight).toBeNull();
  });
});
