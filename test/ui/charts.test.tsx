// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Series } from '../../src/scenario/resultTypes';
import {
  ChartsPanel,
  CostChart,
  HitRatioChart,
  LagChart,
  LatencyChart,
  QueueChart,
  ThroughputChart,
  UtilizationChart,
} from '../../src/ui/charts';

afterEach(cleanup);

const t = [1000, 2000, 3000, 4000, 5000];

function makeSeries(nodes: Series['nodes'] = {}): Series {
  return {
    intervalMs: 1000,
    t,
    rps: [100, 200, 300, 300, 250],
    p50Ms: [5, 6, 7, 9, 8],
    p95Ms: [12, 14, 20, 30, 25],
    p99Ms: [20, 25, 60, 120, Number.NaN],
    errors: [0, 0, 3, 10, 2],
    nodes,
  };
}

const empty: Series = {
  intervalMs: 1000,
  t: [],
  rps: [],
  p50Ms: [],
  p95Ms: [],
  p99Ms: [],
  errors: [],
  nodes: {},
};

const richNodes: Series['nodes'] = {
  db: { utilization: [0.2, 0.5, 0.9, 0.99, 0.95], queue: [0, 1, 5, 30, 12], throughput: [1, 2, 3, 3, 3] },
  app: { utilization: [0.1, 0.2, 0.3, 0.4, 0.3], queue: [0, 0, 0, 2, 1], instances: [1, 1, 2, 2, 2] },
  cache: {
    utilization: [0.05, 0.05, 0.1, 0.1, 0.1],
    queue: [0, 0, 0, 0, 0],
    hitRatio: [0.3, 0.6, 0.8, 0.9, 0.9],
  },
  'db-replica': {
    utilization: [0.1, 0.1, 0.2, 0.2, 0.2],
    queue: [0, 0, 0, 0, 0],
    lagMs: [2, 3, 40, 400, 800],
  },
  jobs: { utilization: [0, 0, 0, 0, 0], queue: [0, 0, 0, 0, 0], depth: [0, 10, 100, 500, 900] },
};

const noop = () => {};

describe('charts', () => {
  const cases = [
    { name: 'latency', el: LatencyChart, testId: 'chart-latency', lines: ['p50', 'p95', 'p99'], unit: 'ms' },
    {
      name: 'throughput',
      el: ThroughputChart,
      testId: 'chart-throughput',
      lines: ['rps', 'errors'],
      unit: 'req/s',
    },
    {
      name: 'utilisation',
      el: UtilizationChart,
      testId: 'chart-utilization',
      lines: ['app', 'cache', 'db', 'db-replica', 'jobs'],
      unit: '%',
    },
    { name: 'queue', el: QueueChart, testId: 'chart-queue', lines: ['app', 'db', 'jobs'], unit: 'waiting' },
    { name: 'lag', el: LagChart, testId: 'chart-lag', lines: ['db-replica'], unit: 'ms' },
    { name: 'hit ratio', el: HitRatioChart, testId: 'chart-hit-ratio', lines: ['cache'], unit: '%' },
  ];

  for (const c of cases) {
    it(`${c.name}: draws a path and a legend entry per line, a title and the unit`, () => {
      const Chart = c.el;
      render(<Chart series={makeSeries(richNodes)} cursorMs={null} onCursor={noop} />);
      const root = screen.getByTestId(c.testId);
      for (const key of c.lines) {
        const path = root.querySelector(`path[data-line="${key}"]`);
        expect(path?.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L/);
        expect(root.querySelector(`[data-legend="${key}"]`)).not.toBeNull();
      }
      expect(root.querySelector('svg')?.getAttribute('aria-label')).toBeTruthy();
      expect(Array.from(root.querySelectorAll('text')).some((el) => el.textContent === c.unit)).toBe(true);
      expect(screen.queryByTestId('chart-cursor')).toBeNull();
    });
  }

  it('gives each node the same colour on every chart', () => {
    render(
      <>
        <UtilizationChart series={makeSeries(richNodes)} cursorMs={null} onCursor={noop} />
        <QueueChart series={makeSeries(richNodes)} cursorMs={null} onCursor={noop} />
      </>,
    );
    const colour = (testId: string) =>
      (screen.getByTestId(testId).querySelector('path[data-line="db"]') as SVGPathElement).style.stroke;
    expect(colour('chart-utilization')).toBe(colour('chart-queue'));
    expect(colour('chart-utilization')).not.toBe(
      (screen.getByTestId('chart-utilization').querySelector('path[data-line="app"]') as SVGPathElement).style
        .stroke,
    );
  });

  it('varies the dash pattern of p50, p95 and p99', () => {
    render(<LatencyChart series={makeSeries()} cursorMs={null} onCursor={noop} />);
    const dashes = ['p50', 'p95', 'p99'].map(
      (k) =>
        screen
          .getByTestId('chart-latency')
          .querySelector(`path[data-line="${k}"]`)
          ?.getAttribute('stroke-dasharray') ?? '',
    );
    expect(new Set(dashes).size).toBe(3);
  });

  it('shows the empty state when there is no data yet', () => {
    render(<LatencyChart series={empty} cursorMs={null} onCursor={noop} />);
    expect(screen.getByTestId('chart-latency').textContent).toContain('Press play to see latency over time');
    expect(screen.getByTestId('chart-latency').querySelector('path')).toBeNull();
  });

  it('draws the cursor line and a readout of the values at the cursor', () => {
    render(<LatencyChart series={makeSeries()} cursorMs={3100} onCursor={noop} />);
    const cursor = screen.getByTestId('chart-cursor');
    expect(cursor.querySelector('line')).not.toBeNull();
    // Nearest sample to 3.1 s is t = 3 s: p50 7, p95 20, p99 60.
    const texts = Array.from(cursor.querySelectorAll('text')).map((el) => el.textContent);
    expect(texts).toEqual(['t = 3.0 s', 'p50', '7 ms', 'p95', '20 ms', 'p99', '60 ms']);
    expect(cursor.querySelectorAll('circle')).toHaveLength(3);
  });

  it('leaves a gap-line out of the readout where its value is missing', () => {
    render(<LatencyChart series={makeSeries()} cursorMs={5000} onCursor={noop} />);
    const text = screen.getByTestId('chart-cursor').textContent ?? '';
    expect(text).toContain('p95');
    expect(text).not.toContain('p99');
  });

  it('reports the hovered sample time through onCursor, and null on leaving', () => {
    const onCursor = vi.fn();
    render(<ThroughputChart series={makeSeries()} cursorMs={null} onCursor={onCursor} />);
    const overlay = screen.getByTestId('chart-throughput-hover');
    // jsdom lays nothing out (the overlay's box is at 0,0), so clientX is the offset into the plot.
    const width = Number(overlay.getAttribute('width'));
    fireEvent.pointerMove(overlay, { clientX: width });
    expect(onCursor).toHaveBeenLastCalledWith(5000);
    fireEvent.pointerMove(overlay, { clientX: 0 });
    // The axis starts at 0 s; the plot's left edge is nearest the first sample.
    expect(onCursor).toHaveBeenLastCalledWith(1000);
    fireEvent.pointerLeave(overlay);
    expect(onCursor).toHaveBeenLastCalledWith(null);
  });

  it('switches the latency axis to a log scale and back', () => {
    render(<LatencyChart series={makeSeries()} cursorMs={null} onCursor={noop} />);
    const root = screen.getByTestId('chart-latency');
    const button = screen.getByRole('button', { name: 'log' });
    const before = root.querySelector('path[data-line="p50"]')?.getAttribute('d');
    expect(button.getAttribute('aria-pressed')).toBe('false');
    act(() => button.click());
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(Array.from(root.querySelectorAll('text')).some((el) => el.textContent === 'ms (log)')).toBe(true);
    expect(root.querySelector('path[data-line="p50"]')?.getAttribute('d')).not.toBe(before);
    act(() => button.click());
    expect(root.querySelector('path[data-line="p50"]')?.getAttribute('d')).toBe(before);
  });

  it('draws cost from costSeries, or from instances × costPerHour', () => {
    const { unmount } = render(
      <CostChart series={makeSeries()} costSeries={[1, 1, 2, 2, 2]} cursorMs={2000} onCursor={noop} />,
    );
    expect(screen.getByTestId('chart-cursor').textContent).toContain('$1.00/h');
    unmount();
    render(
      <CostChart series={makeSeries(richNodes)} costPerHour={{ app: 0.5 }} cursorMs={4000} onCursor={noop} />,
    );
    expect(screen.getByTestId('chart-cursor').textContent).toContain('$1.00/h');
  });
});

describe('ChartsPanel', () => {
  const ids = (container: HTMLElement) =>
    Array.from(container.querySelectorAll('[data-testid^="chart-"]'))
      .map((el) => el.getAttribute('data-testid'))
      .filter((id) => !id?.endsWith('-hover'));

  it('always shows latency and throughput, even before any data', () => {
    const { container } = render(<ChartsPanel series={empty} cursorMs={null} onCursor={noop} />);
    expect(ids(container)).toEqual(['chart-latency', 'chart-throughput']);
  });

  it('adds the per-node charts whose metrics the series carries', () => {
    const { container } = render(
      <ChartsPanel series={makeSeries(richNodes)} cursorMs={null} onCursor={noop} />,
    );
    expect(ids(container)).toEqual([
      'chart-latency',
      'chart-throughput',
      'chart-utilization',
      'chart-queue',
      'chart-lag',
      'chart-hit-ratio',
    ]);
    const onlyUtil = { app: { utilization: [0.1, 0.2, 0.3, 0.4, 0.5] } };
    cleanup();
    const again = render(<ChartsPanel series={makeSeries(onlyUtil)} cursorMs={null} onCursor={noop} />);
    expect(ids(again.container)).toEqual(['chart-latency', 'chart-throughput', 'chart-utilization']);
  });

  it('shares one cursor: every chart marks it', () => {
    render(<ChartsPanel series={makeSeries(richNodes)} cursorMs={2000} onCursor={noop} />);
    expect(screen.getAllByTestId('chart-cursor')).toHaveLength(6);
  });
});
