import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  decodeScenarioLink,
  encodeScenarioLink,
  MAX_COMPRESSED_BYTES,
  MAX_INFLATED_BYTES,
} from '../../src/share/link';

const scenario = {
  format: 'scalelab/scenario@1',
  name: 'Reddit 2005 — one box',
  summary: 'One app server and one PostgreSQL. Fine for a few thousand users. ✓',
  seed: 1,
  duration: '10m',
  warmup: '30s',
  nodes: [
    {
      id: 'users',
      type: 'client',
      pos: [0, 0],
      rate: [
        { at: '0s', rps: 200 },
        { at: '3m', rps: 2000, ramp: '30s' },
      ],
      arrivals: 'poisson',
      mix: [
        { name: 'page view', op: 'read', weight: 90, keys: { count: 100000, zipf: 0.99 } },
        { name: 'upvote', op: 'write', weight: 10, keys: { count: 100000, zipf: 0.99 }, async: true },
      ],
      timeout: '5s',
      retry: { max: 2, backoff: '200ms', jitter: true },
    },
    {
      id: 'app',
      type: 'appServer',
      instances: 1,
      cores: 4,
      concurrency: 64,
      backlog: 512,
      service: { read: '8ms', write: { dist: 'lognormal', mean: '12ms', cv: 1.5 } },
    },
    { id: 'db', type: 'database', role: 'primary', connections: 20, service: { read: '4ms', write: '10ms' } },
  ],
  edges: [
    { from: 'users', to: 'app' },
    { from: 'app', to: 'db', latency: '0.5ms' },
  ],
  events: [
    { at: '6m', do: 'fail', node: 'db' },
    { at: '7m', do: 'recover', node: 'db' },
  ],
};

/** Builds a link around arbitrary bytes, as a hand-made (possibly hostile) link would be. */
function linkOf(bytes: Uint8Array | Buffer, version = '1'): string {
  return `#s=${version}.${Buffer.from(bytes).toString('base64url')}`;
}

/** Every failure must be one readable sentence, not a stack trace or an exception name. */
function expectSentence(result: Awaited<ReturnType<typeof decodeScenarioLink>>, pattern: RegExp) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error).toMatch(/^[A-Z][^\n]*\.$/);
  expect(result.error).toMatch(pattern);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('encodeScenarioLink / decodeScenarioLink', () => {
  it('round-trips a realistic scenario, keeping key order', async () => {
    const link = await encodeScenarioLink(scenario);
    const decoded = await decodeScenarioLink(link);
    expect(decoded).toEqual({ ok: true, input: scenario });
    if (decoded.ok) expect(JSON.stringify(decoded.input)).toBe(JSON.stringify(scenario));
  });

  it('writes "#s=1." followed by URL-safe base64 only, and compresses', async () => {
    const link = await encodeScenarioLink(scenario);
    expect(link).toMatch(/^#s=1\.[A-Za-z0-9_-]+$/);
    expect(link.length).toBeLessThan(JSON.stringify(scenario).length);
  });

  it('accepts the fragment without "#", inside a whole URL, or among other parameters', async () => {
    const link = await encodeScenarioLink(scenario);
    const bare = link.slice(1);
    for (const form of [bare, `https://scalelab.example/app${link}`, `#lesson=3&${bare}`]) {
      expect(await decodeScenarioLink(form)).toEqual({ ok: true, input: scenario });
    }
  });

  it('refuses to encode what JSON cannot hold', async () => {
    await expect(encodeScenarioLink(undefined)).rejects.toThrow(/JSON/);
  });

  it('rejects unknown and malformed versions with a sentence', async () => {
    const payload = (await encodeScenarioLink(scenario)).slice('#s=1.'.length);
    expectSentence(await decodeScenarioLink(`#s=2.${payload}`), /version 2/);
    expectSentence(await decodeScenarioLink(`#s=x.${payload}`), /version number/);
    expectSentence(await decodeScenarioLink(`#s=${payload}`), /version number/);
    expectSentence(await decodeScenarioLink('#lesson=3'), /does not contain a scenario/);
    expectSentence(await decodeScenarioLink(''), /does not contain a scenario/);
  });

  it('rejects garbage: bad characters, an empty payload, bytes that are not deflate', async () => {
    expectSentence(await decodeScenarioLink('#s=1.abc$def'), /characters/);
    expectSentence(await decodeScenarioLink('#s=1.ab+/'), /characters/);
    expectSentence(await decodeScenarioLink('#s=1.'), /empty/);
    expectSentence(await decodeScenarioLink('#s=1.a'), /characters/);
    expectSentence(await decodeScenarioLink(linkOf(Buffer.from('hello, this is not deflate'))), /damaged/);
  });

  it('rejects truncated data', async () => {
    const link = await encodeScenarioLink(scenario);
    for (const cut of [5, 20, Math.floor(link.length / 2)]) {
      expectSentence(await decodeScenarioLink(link.slice(0, link.length - cut)), /damaged|incomplete/);
    }
  });

  it('rejects content that is not UTF-8 or not JSON, without evaluating it', async () => {
    expectSentence(await decodeScenarioLink(linkOf(deflateRawSync(Buffer.from([0xff, 0xfe, 0x7b])))), /text/);
    const code = 'globalThis.__pwned = true; ({})';
    expectSentence(await decodeScenarioLink(linkOf(deflateRawSync(Buffer.from(code)))), /JSON/);
    expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
  });

  it('rejects a payload over the compressed cap before decoding it', async () => {
    const big = `#s=1.${'A'.repeat(Math.ceil((MAX_COMPRESSED_BYTES * 4) / 3) + 8)}`;
    expectSentence(await decodeScenarioLink(big), /too long/);
  });

  it('stops inflating a zip bomb (50 MB of zeros) just past the 2 MB cap', async () => {
    const bomb = deflateRawSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(MAX_COMPRESSED_BYTES); // so the inflated cap is what stops it
    // Count what the decompressor actually produces, to prove reading stops early rather than
    // inflating all 50 MB and checking afterwards.
    const Real = globalThis.DecompressionStream;
    let produced = 0;
    class Counting {
      readonly writable: WritableStream<BufferSource>;
      readonly readable: ReadableStream<Uint8Array>;
      constructor(format: CompressionFormat) {
        const inner = new Real(format);
        this.writable = inner.writable;
        this.readable = inner.readable.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              produced += chunk.byteLength;
              controller.enqueue(chunk);
            },
          }),
        );
      }
    }
    vi.stubGlobal('DecompressionStream', Counting);
    const result = await decodeScenarioLink(linkOf(bomb));
    expectSentence(result, /more than 2 MB/);
    // A few stream chunks (zlib emits ≤ 64 KB each) may be in flight past the cap; 50 MB was not.
    expect(produced).toBeGreaterThan(MAX_INFLATED_BYTES);
    expect(produced).toBeLessThan(MAX_INFLATED_BYTES + 4 * 1024 * 1024);
  });

  it('round-trips any JSON value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const decoded = await decodeScenarioLink(await encodeScenarioLink(value));
        // JSON itself turns -0 into 0; compare with what JSON.stringify/parse gives.
        expect(decoded).toEqual({ ok: true, input: JSON.parse(JSON.stringify(value)) });
      }),
      { numRuns: 150, seed: 20240601 },
    );
  });
});
