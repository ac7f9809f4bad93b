// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useRunStore } from '../../src/store/runStore';
import { useScenarioStore } from '../../src/store/scenarioStore';
import { RunBar, sliderToTraffic, statusText, trafficToSlider } from '../../src/ui/RunBar';
import { handleGlobalKey } from '../../src/ui/useKeyboard';
import { type FakeWorker, freshSession } from './helpers';

let worker: FakeWorker;

describe('RunBar', () => {
  beforeEach(async () => {
    ({ worker } = await freshSession());
    const load = worker.sent.find((m) => m.type === 'load');
    if (load?.type === 'load') worker.emit({ type: 'loaded', token: load.token, endMs: 60000 });
    worker.emit({ type: 'status', status: 'ready', nowMs: 0, endMs: 60000 });
  });
  afterEach(cleanup);

  it('loads the scenario into the worker on start', () => {
    expect(worker.types()).toContain('load');
    expect(useRunStore.getState().status).toBe('ready');
  });

  it('has play, pause, speed (1×, 10×, max), traffic, spike and a status', () => {
    render(<RunBar />);
    const options = [...(screen.getByTestId('speed') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(['1×', '10×', 'max']);
    expect(screen.getByTestId('traffic')).toBeTruthy();
    expect(screen.getByTestId('spike')).toBeTruthy();
    expect(screen.getByTestId('run-status').textContent).toMatch(/^ready/);
    expect((screen.getByTestId('pause') as HTMLButtonElement).disabled).toBe(true);
  });

  it('sends play, speed and pause to the worker, and shows the status it reports', () => {
    render(<RunBar />);
    fireEvent.change(screen.getByTestId('speed'), { target: { value: 'max' } });
    fireEvent.click(screen.getByTestId('play'));
    expect(worker.types().slice(-2)).toEqual(['setSpeed', 'play']);
    act(() => worker.emit({ type: 'status', status: 'running', nowMs: 12_345, endMs: 60_000 }));
    expect(screen.getByTestId('run-status').textContent).toBe('running 12.3 s / 60.0 s');
    fireEvent.click(screen.getByTestId('pause'));
    expect(worker.types().at(-1)).toBe('pause');
    act(() => worker.emit({ type: 'status', status: 'finished', nowMs: 60_000, endMs: 60_000 }));
    expect(screen.getByTestId('run-status').textContent).toContain('finished');
  });

  it('Space toggles play, but not while typing in a field', () => {
    render(<RunBar />);
    const before = worker.sent.length;
    act(() => handleGlobalKey(new KeyboardEvent('keydown', { key: ' ' })));
    expect(worker.types().at(-1)).toBe('play');
    const seed = screen.getByTestId('seed');
    const n = worker.sent.length;
    handleGlobalKey({ key: ' ', target: seed, preventDefault() {} } as unknown as KeyboardEvent);
    expect(worker.sent.length).toBe(n);
    expect(n).toBeGreaterThan(before);
  });

  it('Ctrl+Z / Ctrl+Y undo and redo scenario edits', () => {
    useScenarioStore.getState().edit((d) => void (d.name = 'changed'));
    handleGlobalKey(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true }));
    expect(useScenarioStore.getState().input.name).toBe('test');
    handleGlobalKey(new KeyboardEvent('keydown', { key: 'y', ctrlKey: true }));
    expect(useScenarioStore.getState().input.name).toBe('changed');
    handleGlobalKey(new KeyboardEvent('keydown', { key: 'z', metaKey: true }));
    handleGlobalKey(new KeyboardEvent('keydown', { key: 'Z', metaKey: true, shiftKey: true }));
    expect(useScenarioStore.getState().input.name).toBe('changed');
  });

  it('maps the slider to a traffic multiplier on a log scale', () => {
    expect(sliderToTraffic(50)).toBe(1);
    expect(sliderToTraffic(100)).toBe(10);
    expect(sliderToTraffic(0)).toBe(0.1);
    expect(trafficToSlider(10)).toBe(100);
  });

  it('words every status', () => {
    expect(statusText('paused', 1500, 60000, null)).toBe('paused 1.5 s / 60.0 s');
    expect(statusText('invalid', 0, 0, null)).toMatch(/invalid/);
  });
});
