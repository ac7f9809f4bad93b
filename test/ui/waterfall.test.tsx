// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestTrace } from '../../src/components/tracer';
import { useRunStore } from '../../src/store/runStore';
import { useViewStore } from '../../src/store/viewStore';
import { BelowCanvas } from '../../src/ui/panels/BelowCanvas';
import { RequestWaterfall } from '../../src/ui/panels/RequestWaterfall';

const okTrace: RequestTrace = {
  seq: 1,
  attempt: 1,
  cls: 'page view',
  startMs: 1000,
  endMs: 1042,
  outcome: 'ok',
  reason: 'ok',
  failedAt: null,
  jobsDoneMs: null,
  spans: [
    {
      node: 'lb',
      op: 'read',
      arriveMs: 1001,
      startMs: 1001,
      endMs: 1041,
      status: 'ok',
      failedHere: false,
      depth: 0,
      parent: -1,
      latencyMs: 1,
    },
    {
      node: 'app',
      op: 'read',
      arriveMs: 1002,
      startMs: 1002,
      endMs: 1040,
      status: 'ok',
      failedHere: false,
      depth: 1,
      parent: 0,
      latencyMs: 1,
    },
    {
      node: 'db',
      op: 'read',
      arriveMs: 1010,
      startMs: 1022,
      endMs: 1030,
      status: 'ok',
      failedHere: false,
      depth: 2,
      parent: 1,
      latencyMs: 0,
    },
  ],
};

const failedTrace: RequestTrace = {
  seq: 501,
  attempt: 1,
  cls: 'checkout',
  startMs: 5000,
  endMs: 5003,
  outcome: 'failed',
  reason: 'target down',
  jobsDoneMs: null,
  failedAt: 'app',
  spans: [
    {
      node: 'lb',
      op: 'write',
      arriveMs: 5001,
      startMs: 5001,
      endMs: 5002.5,
      status: 'target down',
      failedHere: false,
      depth: 0,
      parent: -1,
      latencyMs: 1,
    },
    {
      node: 'app',
      op: 'write',
      arriveMs: 5002,
      startMs: null,
      endMs: 5002,
      status: 'target down',
      failedHere: true,
      depth: 1,
      parent: 0,
      latencyMs: 0,
    },
  ],
};

/** The rows of hops (not the network legs). */
function hops(): HTMLElement[] {
  return screen.getAllByTestId('waterfall-row').filter((r) => !r.classList.contains('is-network'));
}

beforeEach(() => {
  useRunStore.getState().set({ traces: null });
});
afterEach(cleanup);

describe('RequestWaterfall', () => {
  it('asks to press play when nothing was sampled yet', () => {
    render(<RequestWaterfall />);
    expect(screen.getByTestId('waterfall').textContent).toMatch(/Press play/);
  });

  it('lists sampled requests newest first, and opens on the slowest successful one', () => {
    useRunStore.getState().set({ traces: [okTrace, failedTrace] });
    render(<RequestWaterfall />);
    const picks = screen.getAllByRole('button');
    expect(picks.map((b) => b.textContent)).toEqual([
      'checkout3.00 msfailed: target down',
      'page view42.0 msok',
    ]);
    // Not the newest (a 3 ms failure): the 42 ms page view through three nodes.
    expect(screen.getByTestId('waterfall-view').textContent).toMatch(
      /page view at 1\.0 s: 42\.0 ms end to end/,
    );
    fireEvent.click(screen.getByTestId('trace-501'));
    const rows = hops();
    expect(rows).toHaveLength(2);
    expect(rows[1].textContent).toContain('app');
    expect(rows[1].textContent).toContain('failed here: target down');
    expect(rows[1].querySelector('.waterfall-bad')).not.toBeNull();
    expect(rows[0].textContent).toContain('target down (from downstream)');
    expect(screen.getByTestId('waterfall-view').textContent).toMatch(/failed: target down at app/);
  });

  it('shows the network legs as rows, and the rows add up to the latency', () => {
    useRunStore.getState().set({ traces: [okTrace] });
    render(<RequestWaterfall />);
    const rows = screen.getAllByTestId('waterfall-row');
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual([
      'network → lb',
      'lb read',
      'network → app',
      'app read',
      'db read',
      'network ← app',
      'network ← lb',
    ]);
    // Own times: 1 to reach lb, which forwards at once (0), 1 to reach app, app 1002..1010 and
    // 1030..1040 (18), db 1010..1030 (20), 1 back to lb, 1 back to the client: 42.
    const own = rows.map((r) => r.querySelectorAll('td')[2].textContent);
    expect(own).toEqual(['1.00 ms', '0.00 ms', '1.00 ms', '18.0 ms', '20.0 ms', '1.00 ms', '1.00 ms']);
    expect(screen.getByTestId('waterfall-sum').textContent).toMatch(/add up to42\.0 ms= 42\.0 ms end to end/);
  });

  it('draws each hop as a bar on the shared time axis of the picked request', () => {
    useRunStore.getState().set({ traces: [okTrace, failedTrace] });
    render(<RequestWaterfall />);
    fireEvent.click(screen.getByTestId('trace-1'));
    const rows = hops();
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual(['lb read', 'app read', 'db read']);
    const db = rows[2];
    const bar = db.querySelector('.waterfall-bar') as HTMLElement;
    // 1010..1030 on an axis 1000..1042: left 10/42, width 20/42.
    expect(Number.parseFloat(bar.style.left)).toBeCloseTo((10 / 42) * 100, 3);
    expect(Number.parseFloat(bar.style.width)).toBeCloseTo((20 / 42) * 100, 3);
    // At the node from 1010 to 1030: 20 ms.
    expect(db.querySelectorAll('td')[3].textContent).toBe('20.0 ms');
    // It waited 12 ms for a connection: the first 12/42 of the axis is the paler wait segment.
    expect(db.querySelectorAll('td')[1].textContent).toBe('12.0 ms');
    const wait = db.querySelector('.waterfall-wait') as HTMLElement;
    expect(Number.parseFloat(wait.style.left)).toBeCloseTo((10 / 42) * 100, 3);
    expect(Number.parseFloat(wait.style.width)).toBeCloseTo((12 / 42) * 100, 3);
    // No wait, no segment; a hop never served shows no wait at all.
    expect(rows[0].querySelector('.waterfall-wait')).toBeNull();
    expect(db.querySelector('.waterfall-bad')).toBeNull();
    // The picked request stays on screen when newer samples arrive.
    act(() => useRunStore.getState().set({ traces: [failedTrace] }));
    expect(hops()).toHaveLength(3);
  });

  it('names a retry as the next attempt of its request', () => {
    const retry: RequestTrace = { ...failedTrace, attempt: 2, startMs: 5103, endMs: 5104, spans: [] };
    useRunStore.getState().set({ traces: [failedTrace, retry] });
    render(<RequestWaterfall />);
    expect(screen.getByTestId('trace-501-2').textContent).toMatch(/^checkout · retry 1/);
    fireEvent.click(screen.getByTestId('trace-501-2'));
    expect(screen.getByTestId('waterfall-view').textContent).toMatch(
      /checkout \(attempt 2 of request #501\) at/,
    );
  });

  it('follows an async write past its answer to its job, with a line where the client was answered', () => {
    const span = (
      node: string,
      op: string,
      a: number,
      st: number | null,
      e: number | null,
      depth: number,
      parent: number,
    ) => ({
      node,
      op,
      arriveMs: a,
      startMs: st,
      endMs: e,
      status: 'ok',
      failedHere: false,
      depth,
      parent,
      latencyMs: 0,
    });
    const vote: RequestTrace = {
      ...okTrace,
      seq: 7,
      cls: 'vote',
      startMs: 2000,
      endMs: 2010,
      jobsDoneMs: 2100,
      spans: [
        span('app', 'write', 2000, 2000, 2010, 0, -1),
        span('q', 'enqueue', 2009, 2009, 2009, 1, 0),
        span('q', 'job', 2009, 2050, 2100, 1, 0),
        span('w', 'write', 2050, 2050, 2100, 2, 2),
        span('db', 'write', 2060, 2060, 2070, 3, 3),
      ],
    };
    useRunStore.getState().set({ traces: [vote] });
    render(<RequestWaterfall />);
    const view = screen.getByTestId('waterfall-view');
    expect(view.textContent).toMatch(/10\.0 ms end to end, ok; its job was done 90\.0 ms after the answer/);
    const rows = screen.getAllByTestId('waterfall-row');
    const job = rows[2];
    expect(job.querySelector('th')?.textContent).toBe('q job');
    expect(job.textContent).toContain('acked');
    // The axis runs to the ack (2000..2100): the job waited 41 ms for a worker, 41/100 of it.
    const wait = job.querySelector('.waterfall-wait') as HTMLElement;
    expect(Number.parseFloat(wait.style.left)).toBeCloseTo(9, 3);
    expect(Number.parseFloat(wait.style.width)).toBeCloseTo(41, 3);
    const answered = job.querySelector('.waterfall-answered') as HTMLElement;
    expect(Number.parseFloat(answered.style.left)).toBeCloseTo(10, 3);
    // A request with no job draws no such line.
    act(() => useRunStore.getState().set({ traces: [okTrace] }));
    fireEvent.click(screen.getByTestId('trace-1'));
    expect(document.querySelector('.waterfall-answered')).toBeNull();
  });

  it('is a tab beside "Why it failed"', () => {
    useRunStore.getState().set({ traces: [okTrace] });
    render(<BelowCanvas />);
    const tabs = screen.getAllByRole('tab').map((t) => t.textContent);
    expect(tabs.indexOf('Request')).toBe(tabs.findIndex((t) => t?.startsWith('Why it failed')) + 1);
    fireEvent.click(screen.getByTestId('tab-request'));
    expect(useViewStore.getState().tab).toBe('request');
    expect(screen.getByTestId('waterfall')).toBeTruthy();
    act(() => useViewStore.getState().setTab('charts'));
  });
});
