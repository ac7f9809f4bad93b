/** Growth of the typed-array rings and tables the engine and components keep (no per-item objects). */

/** A copy of ring `old` (contents at head, size long) into a new array of length n, from index 0. */
export function growRing<T extends Int32Array | Float64Array>(
  old: T,
  head: number,
  size: number,
  n = old.length * 2,
): T {
  const next = new (old.constructor as new (n: number) => T)(n);
  const mask = old.length - 1;
  for (let i = 0; i < size; i++) next[i] = old[(head + i) & mask];
  return next;
}

/** A copy of `a` at least `n` long (doubling), contents kept at the same indices. */
export function grown<T extends Float64Array | Int32Array | Uint8Array>(a: T, n = a.length * 2): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
