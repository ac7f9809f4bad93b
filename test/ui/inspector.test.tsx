// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useRunStore } from '../../src/store/runStore';
import { useScenarioStore } from '../../src/store/scenarioStore';
import { useViewStore } from '../../src/store/viewStore';
import { Inspector } from '../../src/ui/inspector/Inspector';
import { KIND_BY_TYPE } from '../../src/ui/kinds';
import { freshSession } from './helpers';

describe('Inspector', () => {
  beforeEach(() => freshSession());
  afterEach(cleanup);

  it('shows the scenario settings when nothing is selected', () => {
    render(<Inspector />);
    expect(screen.getByTestId('inspector').textContent).toContain('Scenario');
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('test');
  });

  it('shows every parameter of the kind with units, default placeholders and tooltips', () => {
    act(() => useViewStore.getState().select('app'));
    render(<Inspector />);
    fireEvent.click(screen.getByText(/More parameters/));
    for (const spec of KIND_BY_TYPE.appServer.params) {
      const field = screen.getByTestId(`param-${spec.path}`);
      expect(field.getAttribute('title')).toBe(spec.help);
      if (field.tagName === 'INPUT') expect(field.getAttribute('placeholder')).toBe(spec.placeholder);
    }
    expect(screen.getByText('(per instance)')).toBeTruthy();
    expect((screen.getByTestId('param-cores') as HTMLInputElement).value).toBe('4');
  });

  it("validates as you type with parseScenario's sentence for that path", () => {
    act(() => useViewStore.getState().select('app'));
    render(<Inspector />);
    const cores = screen.getByTestId('param-cores') as HTMLInputElement;
    fireEvent.focus(cores);
    fireEvent.change(cores, { target: { value: '-3' } });
    expect(useScenarioStore.getState().input.nodes[1].cores).toBe(-3);
    expect(cores.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toMatch(/-3/);
    fireEvent.change(cores, { target: { value: '8' } });
    expect(cores.getAttribute('aria-invalid')).toBe('false');
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.blur(cores);
    // One undo entry for the whole typing session.
    useScenarioStore.getState().undo();
    expect(useScenarioStore.getState().input.nodes[1].cores).toBe(4);
  });

  it('an emptied field restores the default', () => {
    act(() => useViewStore.getState().select('app'));
    render(<Inspector />);
    const cores = screen.getByTestId('param-cores') as HTMLInputElement;
    fireEvent.change(cores, { target: { value: '' } });
    expect('cores' in useScenarioStore.getState().input.nodes[1]).toBe(false);
  });

  it("shows the node's live figures", () => {
    act(() => {
      useViewStore.getState().select('app');
      useRunStore.getState().set({
        snapshot: {
          nowMs: 1000,
          endMs: 60000,
          finished: false,
          windowMs: 5000,
          rps: 100,
          p50Ms: 5,
          p99Ms: 20,
          errorRate: 0,
          errorsPerSec: 0,
          p95Ms: 0,
          requests: {
            arrived: 0,
            completed: 0,
            failed: 0,
            timedOut: 0,
            rejected: 0,
            inFlight: 0,
            retries: 0,
          },
          nodes: {
            app: {
              health: 'hot',
              utilization: 0.8,
              queue: 3,
              inFlight: 7,
              throughputRps: 99,
              arrivalsRps: 0,
              failures: 2,
              extra: {},
            },
          },
          edges: [],
        },
      });
    });
    render(<Inspector />);
    const figures = screen.getByTestId('live-figures').textContent ?? '';
    expect(figures).toContain('hot');
    expect(figures).toContain('80%');
    expect(figures).toContain('99/s');
  });
});
