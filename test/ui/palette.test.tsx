// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useScenarioStore } from '../../src/store/scenarioStore';
import { useViewStore } from '../../src/store/viewStore';
import { DRAG_MIME } from '../../src/ui/canvas/canvasApi';
import { KINDS } from '../../src/ui/kinds';
import { Palette } from '../../src/ui/Palette';
import { freshSession } from './helpers';

const ALL = [
  'client',
  'cdn',
  'loadBalancer',
  'rateLimiter',
  'appServer',
  'cache',
  'database',
  'queue',
  'worker',
];

describe('Palette', () => {
  beforeEach(() => freshSession());
  afterEach(cleanup);

  it('lists every component kind with a name, description and tooltip', () => {
    render(<Palette />);
    expect(KINDS.map((k) => k.type)).toEqual(ALL);
    for (const type of ALL) {
      const item = screen.getByTestId(`palette-${type}`);
      expect(item.getAttribute('draggable')).toBe('true');
      expect(item.getAttribute('title')).toMatch(/Drag onto the canvas/);
      expect(item.querySelector('svg')).not.toBeNull();
      expect(item.textContent).toContain(KINDS.find((k) => k.type === type)!.description);
    }
  });

  it('adds a node on click (keyboard alternative to dragging), with unique ids', () => {
    render(<Palette />);
    fireEvent.click(screen.getByTestId('palette-appServer'));
    fireEvent.click(screen.getByTestId('palette-cache'));
    fireEvent.click(screen.getByTestId('palette-cache'));
    const ids = useScenarioStore.getState().input.nodes.map((n) => n.id);
    expect(ids).toEqual(['users', 'app', 'app-2', 'cache', 'cache-2']);
    expect(useViewStore.getState().selected).toBe('cache-2');
    // One undo entry per added node.
    useScenarioStore.getState().undo();
    expect(useScenarioStore.getState().input.nodes.map((n) => n.id)).toEqual([
      'users',
      'app',
      'app-2',
      'cache',
    ]);
  });

  it('is reachable by keyboard: items are buttons', () => {
    render(<Palette />);
    const item = screen.getByTestId('palette-queue');
    expect(item.tagName).toBe('BUTTON');
    item.focus();
    expect(document.activeElement).toBe(item);
  });

  it('puts the kind on the drag data', () => {
    render(<Palette />);
    const data = new Map<string, string>();
    const dataTransfer = { setData: (k: string, v: string) => data.set(k, v), effectAllowed: '' };
    fireEvent.dragStart(screen.getByTestId('palette-database'), { dataTransfer });
    expect(data.get(DRAG_MIME)).toBe('database');
  });
});
