// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../src/scenario/resultTypes';
import { useRunStore } from '../../src/store/runStore';
import { useScenarioStore } from '../../src/store/scenarioStore';
import { GoalCard } from '../../src/ui/lesson/GoalCard';
import { freshSession, twoNodeScenario } from './helpers';

const goal = {
  text: 'Serve 100 req/s with p99 under 300 ms. <b>add a cache</b>',
  p99Ms: 300,
  rps: 100,
  maxCostPerHour: 1,
};

function finishedWith(p99: number, cost: number): void {
  const result = {
    simulatedMs: 60_000,
    warmupMs: 0,
    latencyMs: { mean: 1, p50: 1, p90: 1, p95: 1, p99, p999: 1, max: 1 },
    throughputRps: 100,
    errorRate: 0,
    costPerHour: cost,
  } as Result;
  act(() => useRunStore.getState().set({ status: 'finished', result }));
}

describe('GoalCard', () => {
  beforeEach(() => freshSession({ ...twoNodeScenario(), goal }));
  afterEach(cleanup);

  it('is absent when the scenario has no goal', () => {
    act(() => useScenarioStore.getState().reset(twoNodeScenario()));
    render(<GoalCard />);
    expect(screen.queryByTestId('goal')).toBeNull();
  });

  it('lists each criterion with its target, as text, before the run is judged', () => {
    act(() => useRunStore.getState().set({ status: 'running', result: null }));
    render(<GoalCard />);
    const card = screen.getByTestId('goal');
    // The text is shown as text, never parsed as markup.
    expect(card.querySelector('b')).toBeNull();
    expect(card.textContent).toContain('<b>add a cache</b>');
    expect(screen.getByTestId('goal-p99Ms').textContent).toContain('≤ 300 ms');
    expect(screen.getByTestId('goal-rps').textContent).toContain('≥ 100/s');
    expect(screen.getByTestId('goal-maxCostPerHour').textContent).toContain('≤ $1.00/h');
    expect(card.textContent).not.toMatch(/[✓✗]/);
    expect(screen.getByTestId('goal-verdict').textContent).toBe('Run to the end to check');
  });

  it('marks each criterion ✓/✗ with the measured value once the run finished', () => {
    render(<GoalCard />);
    finishedWith(250, 1.5);
    expect(screen.getByTestId('goal-p99Ms').textContent).toMatch(/✓.*250 ms passed/);
    expect(screen.getByTestId('goal-maxCostPerHour').textContent).toMatch(/✗.*\$1\.50\/h failed/);
    expect(screen.getByTestId('goal-verdict').textContent).toBe('Not yet');
    finishedWith(250, 0.9);
    expect(screen.getByTestId('goal-verdict').textContent).toBe('Goal reached');
  });

  it('does not judge a paused run even if a partial result is on screen', () => {
    render(<GoalCard />);
    finishedWith(250, 0.9);
    act(() => useRunStore.getState().set({ status: 'paused' }));
    expect(screen.getByTestId('goal').textContent).not.toMatch(/[✓✗]/);
  });
});
