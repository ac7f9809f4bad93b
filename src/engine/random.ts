/**
 * Seeded random streams: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state,
 * passes PractRand to 2^40+ bytes, period ≥ 2^32 guaranteed by its counter word) on 32-bit integer
 * arithmetic, so every engine produces the same bits.
 *
 * Each stream is derived from (scenario seed, replication, node id, purpose). Streams of different
 * nodes never share state, so adding or removing a node leaves every other node's draws unchanged
 * (common random numbers across scenario variants).
 */

const TWO_M53 = 1 / 9007199254740992; // 2^-53

/**
 * One independent sequence of pseudo-random numbers. Allocation-free per draw.
 *
 * Why the state is an Int32Array rather than four fields: sfc32 words use all 32 bits, and V8 keeps
 * small integers in 31 bits, so as fields they are stored as boxed doubles and converted on every
 * draw; a typed array holds them as raw int32 (about 40% faster per draw, same bits).
 */
export class RandomStream {
  private readonly s = new Int32Array(4);

  /** Starts from a raw 128-bit state (four 32-bit words); prefer {@link createStream}. */
  constructor(a: number, b: number, c: number, d: number) {
    this.s[0] = a;
    this.s[1] = b;
    this.s[2] = c;
    this.s[3] = d;
  }

  /** Next 32-bit output as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const s = this.s;
    const a = s[0];
    const b = s[1];
    const c = s[2];
    const d = s[3];
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /**
   * Uniform in [0, 1) with 53 random bits (every multiple of 2^-53 equally likely), built from
   * the top 27 bits of one output and the top 26 of the next.
   */
  next(): number {
    // Two sfc32 steps inlined: this is the hot path of every variate.
    const s = this.s;
    let a = s[0];
    let b = s[1];
    let c = s[2];
    let d = s[3];
    const t1 = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t1) | 0;
    const t2 = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t2) | 0;
    return ((t1 >>> 5) * 67108864 + (t2 >>> 6)) * TWO_M53;
  }
}

/** Outputs discarded after seeding, so that similar seeds have diverged (PractRand's sfc32 seeding). */
const WARMUP_OUTPUTS = 12;

/** Version tag hashed first, so a future change of derivation can never collide with this one. */
const DERIVATION_TAG = 0x5ca1ab01;

/**
 * Derives the stream for one purpose of one node in one replication of a run.
 *
 * @param seed the scenario seed: any safe integer (negative allowed).
 * @param replication replication index: a whole number ≥ 0.
 * @param nodeId the node's id (every UTF-16 code unit counts).
 * @param purpose what the draws are for, e.g. "arrivals", "service", "keys".
 * @throws RangeError when seed or replication is not a whole number in range.
 */
export function createStream(
  seed: number,
  replication: number,
  nodeId: string,
  purpose: string,
): RandomStream {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed: must be a safe integer, got ${seed}`);
  if (!Number.isSafeInteger(replication) || replication < 0) {
    throw new RangeError(`replication: must be a whole number ≥ 0, got ${replication}`);
  }
  // Each string is preceded by its length, so ("ab", "c") and ("a", "bc") hash differently.
  const words: number[] = [DERIVATION_TAG, seed >>> 0, Math.floor(seed / 4294967296) | 0];
  words.push(replication >>> 0, Math.floor(replication / 4294967296) | 0);
  for (const text of [nodeId, purpose]) {
    words.push(text.length);
    for (let i = 0; i < text.length; i++) words.push(text.charCodeAt(i));
  }
  const [a, b, c, d] = murmur3x128(words);
  const stream = new RandomStream(a, b, c, d);
  for (let i = 0; i < WARMUP_OUTPUTS; i++) stream.nextUint32();
  return stream;
}

/**
 * A uniform in [0, 1) that is a fixed function of a whole number n ≥ 0 (its murmur3 finaliser):
 * for per-item properties that must come out the same every time the item is seen (a job that
 * fails on every delivery) without drawing from, and so shifting, any stream.
 */
export function hashUniform(n: number): number {
  const lo = fmix32(n >>> 0);
  const hi = fmix32((Math.floor(n / 4294967296) ^ lo ^ 0x5ca1ab1e) | 0);
  return (hi >>> 0) / 4294967296;
}

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

/**
 * MurmurHash3 x86_128 over 32-bit words (the last block zero-padded; the word count is mixed into
 * the finalisation), giving four well-mixed words for the sfc32 state.
 */
function murmur3x128(words: readonly number[]): [number, number, number, number] {
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let h4 = 0;
  for (let i = 0; i < words.length; i += 4) {
    let k1 = words[i] | 0;
    let k2 = (words[i + 1] ?? 0) | 0;
    let k3 = (words[i + 2] ?? 0) | 0;
    let k4 = (words[i + 3] ?? 0) | 0;
    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = (Math.imul((rotl(h1, 19) + h2) | 0, 5) + 0x561ccd1b) | 0;
    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = (Math.imul((rotl(h2, 17) + h3) | 0, 5) + 0x0bcaa747) | 0;
    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = (Math.imul((rotl(h3, 15) + h4) | 0, 5) + 0x96cd1c35) | 0;
    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = (Math.imul((rotl(h4, 13) + h1) | 0, 5) + 0x32ac3b17) | 0;
  }
  const len = words.length * 4;
  h1 ^= len;
  h2 ^= len;
  h3 ^= len;
  h4 ^= len;
  h1 = (((h1 + h2) | 0) + ((h3 + h4) | 0)) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h3 = fmix32(h3);
  h4 = fmix32(h4);
  h1 = (((h1 + h2) | 0) + ((h3 + h4) | 0)) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  return [h1, h2, h3, h4];
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
