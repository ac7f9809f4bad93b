/**
 * `npm run bench -- primitives`: the engine's primitives beside lean hand-written equivalents, in
 * nanoseconds per operation, measured interleaved (engine, lean, engine, lean…) over ROUNDS
 * rounds so machine load hits both alike; the medians are printed with their ratio.
 *
 *  - heap: a hold model (pop the earliest, push it back later by an exponential gap) on the
 *    engine's EventQueue versus a bare binary heap of times with hole-sifting (no priority, no
 *    sequence tie-break, no event pool) and a bare 4-ary one, at 4 and at 1 000 pending events
 *    (an M/M/1 holds about 4; a busy architecture a few hundred);
 *  - uniform: RandomStream.next() (two sfc32 steps → 53 bits) versus one sfc32 step × 2^-32 on
 *    local variables (32 bits: what the lean loop uses, not the DESIGN §2 contract) and Math.random;
 *  - ln: fastMath.ln (fdlibm, bit-identical everywhere) versus Math.log, on the same uniforms.
 * Each loop folds its results into a sum that is printed, so no work is optimised away.
 */
import { EventQueue } from '../src/engine/eventQueue';
import { ln } from '../src/engine/fastMath';
import { createStream } from '../src/engine/random';

const ROUNDS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let sink = 0;

function timeNs(n: number, body: (n: number) => number): number {
  const t0 = performance.now();
  sink += body(n);
  return ((performance.now() - t0) * 1e6) / n;
}

/** Fixed gaps (a ring of exponential draws), so every heap sees the same keys. */
const GAPS = new Float64Array(4096);
{
  const s = createStream(7, 0, 'bench', 'gaps');
  for (let i = 0; i < GAPS.length; i++) GAPS[i] = -ln(1 - s.next());
}

function holdEngine(size: number) {
  return (n: number): number => {
    const q = new EventQueue(64);
    for (let i = 0; i < size; i++) q.push(GAPS[i & 4095], 0, 0, 0, 0);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      q.pop();
      acc += q.time;
      q.push(q.time + GAPS[i & 4095], 0, 0, 0, 0);
    }
    return acc;
  };
}

/** A binary heap of times only, sift-down with a hole (what a lean M/M/1 loop uses). */
function holdBinary(size: number) {
  return (n: number): number => {
    const h = new Float64Array(size + 1);
    let len = 0;
    const push = (t: number) => {
      let i = len++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (h[p] <= t) break;
        h[i] = h[p];
        i = p;
      }
      h[i] = t;
    };
    for (let i = 0; i < size; i++) push(GAPS[i & 4095]);
    let acc = 0;
    for (let k = 0; k < n; k++) {
      // Replace the top by its successor and sift it down (pop + push in one pass).
      const now = h[0];
      acc += now;
      const t = now + GAPS[k & 4095];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= len) break;
        if (c + 1 < len && h[c + 1] < h[c]) c++;
        if (t <= h[c]) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = t;
    }
    return acc;
  };
}

/** The same with four children per node (half the depth, more compares per level). */
function holdQuaternary(size: number) {
  return (n: number): number => {
    const h = new Float64Array(size + 1);
    let len = 0;
    const push = (t: number) => {
      let i = len++;
      while (i > 0) {
        const p = (i - 1) >> 2;
        if (h[p] <= t) break;
        h[i] = h[p];
        i = p;
      }
      h[i] = t;
    };
    for (let i = 0; i < size; i++) push(GAPS[i & 4095]);
    let acc = 0;
    for (let k = 0; k < n; k++) {
      const now = h[0];
      acc += now;
      const t = now + GAPS[k & 4095];
      let i = 0;
      for (;;) {
        const first = 4 * i + 1;
        if (first >= len) break;
        let c = first;
        const end = Math.min(first + 4, len);
        for (let j = first + 1; j < end; j++) if (h[j] < h[c]) c = j;
        if (t <= h[c]) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = t;
    }
    return acc;
  };
}

function uniformEngine(n: number): number {
  const s = createStream(1, 0, 'bench', 'u');
  let acc = 0;
  for (let i = 0; i < n; i++) acc += s.next();
  return acc;
}

/** One sfc32 step per draw on locals, 32 bits (the lean loop's generator). */
function uniformLean32(n: number): number {
  let a = 0x9e3779b9 | 0;
  let b = 0x243f6a88 | 0;
  let c = 0xb7e15162 | 0;
  let d = 1;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    acc += (t >>> 0) * 2.3283064365386963e-10;
  }
  return acc;
}

function uniformMath(n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) acc += Math.random();
  return acc;
}

const US = new Float64Array(1 << 16);
{
  const s = createStream(3, 0, 'bench', 'ln');
  for (let i = 0; i < US.length; i++) US[i] = 1 - s.next();
}

function lnEngine(n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) acc += ln(US[i & 65535]);
  return acc;
}

function lnMath(n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) acc += Math.log(US[i & 65535]);
  return acc;
}

/** A loop reading the same array with no log, to subtract the loop's own cost. */
function lnNone(n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) acc += US[i & 65535];
  return acc;
}

interface Row {
  name: string;
  engine: (n: number) => number;
  lean: [string, (n: number) => number][];
  n: number;
}

export function benchPrimitives(): void {
  const rows: Row[] = [
    {
      name: 'heap hold, 4 pending',
      engine: holdEngine(4),
      lean: [
        ['binary', holdBinary(4)],
        ['4-ary', holdQuaternary(4)],
      ],
      n: 10_000_000,
    },
    {
      name: 'heap hold, 1000 pending',
      engine: holdEngine(1000),
      lean: [
        ['binary', holdBinary(1000)],
        ['4-ary', holdQuaternary(1000)],
      ],
      n: 5_000_000,
    },
    {
      name: 'uniform',
      engine: uniformEngine,
      lean: [
        ['sfc32 32-bit on locals', uniformLean32],
        ['Math.random', uniformMath],
      ],
      n: 20_000_000,
    },
    {
      name: 'ln',
      engine: lnEngine,
      lean: [
        ['Math.log', lnMath],
        ['(loop alone)', lnNone],
      ],
      n: 20_000_000,
    },
  ];
  console.log(`\nprimitives: ns per operation, median of ${ROUNDS} interleaved rounds`);
  for (const row of rows) {
    row.engine(row.n / 10);
    for (const [, f] of row.lean) f(row.n / 10);
    const eng: number[] = [];
    const lean = row.lean.map(() => [] as number[]);
    for (let r = 0; r < ROUNDS; r++) {
      eng.push(timeNs(row.n, row.engine));
      for (const [i, [, f]] of row.lean.entries()) lean[i].push(timeNs(row.n, f));
    }
    const e = median(eng);
    const others = row.lean
      .map(
        ([label], i) =>
          `${label} ${median(lean[i]).toFixed(2)} ns (engine ${(e / median(lean[i])).toFixed(2)}×)`,
      )
      .join(', ');
    console.log(`${row.name.padEnd(26)} engine ${e.toFixed(2)} ns; ${others}`);
  }
  console.log(`(checksum ${sink.toExponential(3)})`);
}
