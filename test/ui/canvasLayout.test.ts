/**
 * The canvas lays itself out (issue 10, point 7): the ELK layout of every preset, and the positions
 * the presets ship with, leave no two cards overlapping and every wire long enough to show its
 * rate label and moving requests; tiers run left to right; Tidy is one undo step.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeNodes } from '../../src/store/layout';
import type { RawScenario } from '../../src/store/model';
import { useScenarioStore } from '../../src/store/scenarioStore';
import {
  CARD_H,
  CARD_W,
  cardsOverlap,
  layoutGraph,
  placeUnplaced,
  tierOf,
} from '../../src/ui/layout/elkLayout';

const DIR = join(__dirname, '../../presets');
const PRESETS = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && f !== 'index.json')
  .map((f) => ({ file: f, s: JSON.parse(readFileSync(join(DIR, f), 'utf8')) as RawScenario }));
/** Clear space a wire needs between two cards: a rate label (~50 px) and a few dots either side. */
const MIN_WIRE_PX = 100;

type Pos = Map<string, [number, number]>;

function overlaps(pos: Pos): string[] {
  const ids = [...pos.keys()];
  const out: string[] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++)
      if (cardsOverlap(pos.get(ids[i])!, pos.get(ids[j])!)) out.push(`${ids[i]} / ${ids[j]}`);
  return out;
}

/** Clear distance between two cards' rectangles, px. */
function gap(a: [number, number], b: [number, number]): number {
  const dx = Math.max(0, Math.abs(a[0] - b[0]) - CARD_W);
  const dy = Math.max(0, Math.abs(a[1] - b[1]) - CARD_H);
  return Math.hypot(dx, dy);
}

function shortWires(s: RawScenario, pos: Pos): string[] {
  return s.edges
    .filter((e) => gap(pos.get(e.from)!, pos.get(e.to)!) < MIN_WIRE_PX)
    .map((e) => `${e.from}->${e.to}`);
}

describe('canvas layout', () => {
  it('finds the 22 presets', () => expect(PRESETS.length).toBe(22));

  for (const { file, s } of PRESETS) {
    it(`${file}: ELK and the shipped positions overlap no cards and leave room on every wire`, async () => {
      const laid = await layoutGraph(s.nodes, s.edges);
      expect([...laid.keys()].sort()).toEqual(s.nodes.map((n) => n.id).sort());
      expect(overlaps(laid)).toEqual([]);
      expect(shortWires(s, laid)).toEqual([]);
      const shipped: Pos = new Map(s.nodes.map((n) => [n.id, n.pos as [number, number]]));
      expect(s.nodes.every((n) => Array.isArray(n.pos))).toBe(true);
      expect(overlaps(shipped)).toEqual([]);
      expect(shortWires(s, shipped)).toEqual([]);
      // Tiers run left to right: a node of an earlier tier never sits right of a later one.
      for (const a of s.nodes)
        for (const b of s.nodes)
          if (tierOf(a.type) < tierOf(b.type)) expect(laid.get(a.id)![0]).toBeLessThan(laid.get(b.id)![0]);
    });
  }

  it('is deterministic', async () => {
    const s = PRESETS.find((p) => p.file === 'full-stack.json')!.s;
    const a = await layoutGraph(s.nodes, s.edges);
    const b = await layoutGraph([...s.nodes], [...s.edges]);
    expect([...a]).toEqual([...b]);
  });

  it('places unplaced nodes clear of placed ones', () => {
    const placed: Pos = new Map([['a', [0, 0]]]);
    const laid: Pos = new Map([
      ['a', [500, 500]],
      ['b', [10, 10]],
      ['c', [10, 20]],
    ]);
    const out = placeUnplaced(laid, placed);
    expect([...out.keys()]).toEqual(['b', 'c']);
    expect(overlaps(new Map([...placed, ...out]))).toEqual([]);
  });

  it('ignores dangling and duplicate wires (work in progress)', async () => {
    const pos = await layoutGraph(
      [
        { id: 'u', type: 'client' },
        { id: 'a', type: 'appServer' },
      ],
      [
        { from: 'u', to: 'a' },
        { from: 'u', to: 'a' },
        { from: 'a', to: 'ghost' },
        { from: 'a', to: 'a' },
      ],
    );
    expect(pos.size).toBe(2);
    expect(pos.get('u')![0]).toBeLessThan(pos.get('a')![0]);
  });

  it('Tidy moves every node as one undo step, and undo restores the user layout', () => {
    const s = PRESETS.find((p) => p.file === 'reddit-3-memcached.json')!.s;
    const store = useScenarioStore.getState();
    store.reset(s);
    const before = useScenarioStore.getState().input;
    placeNodes(new Map(s.nodes.map((n, i) => [n.id, [i * 1000, 7] as [number, number]])));
    const after = useScenarioStore.getState();
    expect(after.past.length).toBe(1);
    expect(after.input.nodes.map((n) => n.pos)).toEqual(s.nodes.map((_, i) => [i * 1000, 7]));
    after.undo();
    expect(useScenarioStore.getState().input).toBe(before);
    // Nothing moved: no undo entry.
    placeNodes(new Map(s.nodes.map((n) => [n.id, n.pos as [number, number]])));
    expect(useScenarioStore.getState().past.length).toBe(0);
  });
});
