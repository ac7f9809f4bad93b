import { describe, expect, it } from 'vitest';
import { linePath } from '../../src/ui/charts/chartGeometry';

const ok = (v: number) => Number.isFinite(v);
const id = (v: number) => v;

/** [x, y] pairs of a path, and how many subpaths (M commands) it has. */
function points(d: string): { pts: [number, number][]; moves: number } {
  const pts = [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map(
    (m) => [Number(m[1]), Number(m[2])] as [number, number],
  );
  return { pts, moves: (d.match(/M/g) ?? []).length };
}

describe('linePath', () => {
  it('keeps every sample when there is at most one per pixel', () => {
    const t = [0, 10, 20, 30];
    const { pts } = points(linePath(t, [5, 7, 6, 9], id, id, ok));
    expect(pts).toEqual([
      [0, 5],
      [10, 7],
      [20, 6],
      [30, 9],
    ]);
  });

  it('keeps at most four samples per pixel column — first, lowest, highest, last — so peaks survive', () => {
    const n = 2000;
    const t = Array.from({ length: n }, (_, i) => i);
    const v = t.map((i) => (i === 1234 ? 1000 : i % 7));
    // 2 000 samples over 200 px: ten per column.
    const { pts } = points(linePath(t, v, (ms) => ms / 10, id, ok));
    expect(pts.length).toBeLessThanOrEqual(4 * 201);
    expect(Math.max(...pts.map((p) => p[1]))).toBe(1000);
    expect(pts.map((p) => p[0])).toEqual([...pts.map((p) => p[0])].sort((a, b) => a - b));
  });

  it('leaves a gap where a sample cannot be drawn', () => {
    const { moves, pts } = points(
      linePath([0, 1, 2, 3, 4], [1, 2, Number.NaN, 4, 5], (ms) => ms * 10, id, ok),
    );
    expect(moves).toBe(2);
    expect(pts).toHaveLength(4);
  });
});
