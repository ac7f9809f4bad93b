/**
 * What the share popover offers agrees with what the link gate accepts: every link it offers
 * ('ok' or 'long') opens, and a scenario the gate would refuse is offered as a file ('too-long'),
 * whether its link is too long or its JSON inflates past the gate's cap.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse';
import {
  decodeScenarioLink,
  encodeScenarioLinkSized,
  LONG_LINK_CHARS,
  linkFit,
  MAX_COMPRESSED_BYTES,
  MAX_INFLATED_BYTES,
  MAX_LINK_CHARS,
} from '../../src/share/link';
import { bigScenario } from './bigScenario';

const ORIGIN = 'https://example.github.io/scalelab/';

async function share(s: unknown) {
  const { hash, jsonBytes } = await encodeScenarioLinkSized(s);
  const url = `${ORIGIN}${hash}`;
  return {
    url,
    hash,
    jsonBytes,
    fit: linkFit(url.length, jsonBytes),
    decoded: await decodeScenarioLink(url),
  };
}

/** Valid, repetitive, 3.7 MB of JSON: 150 clients with 1000 identical rate points each. */
function repetitiveScenario() {
  const p = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../presets/reddit-1-one-box.json'), 'utf8'),
  );
  const points = Array.from({ length: 1000 }, (_, i) => ({ at: `${i}s`, rps: 0.01 }));
  const clients = Array.from({ length: 150 }, (_, i) => ({
    id: `c${i}`,
    type: 'client',
    label: 'x'.repeat(60),
    rate: points,
  }));
  return {
    ...p,
    nodes: [...p.nodes, ...clients],
    edges: [...p.edges, ...clients.map((c) => ({ from: c.id, to: 'app' }))],
  };
}

describe('the share popover offers only links the gate opens', () => {
  it('the hard cap (65 536 characters) is inside the gate’s compressed cap', () => {
    // 4 link characters carry 3 bytes: the longest offered payload is 49 152 bytes < 200 KB.
    expect(Math.ceil((MAX_LINK_CHARS * 3) / 4)).toBeLessThan(MAX_COMPRESSED_BYTES);
    expect(LONG_LINK_CHARS).toBeLessThan(MAX_LINK_CHARS);
  });

  it('a long recorded session makes a long link that still opens', async () => {
    const s = bigScenario(1000);
    expect(parseScenario(s).ok).toBe(true);
    const r = await share(s);
    expect(r.url.length).toBeGreaterThan(LONG_LINK_CHARS);
    expect(r.url.length).toBeLessThanOrEqual(MAX_LINK_CHARS);
    expect(r.fit).toBe('long');
    expect(r.decoded).toEqual({ ok: true, input: s });
  });

  it('a longer one is over the hard cap: offered as a file', async () => {
    const s = bigScenario(10_000);
    expect(parseScenario(s).ok).toBe(true);
    const r = await share(s);
    expect(r.url.length).toBeGreaterThan(MAX_LINK_CHARS);
    expect(r.fit).toBe('too-long');
  });

  it('a valid scenario whose short link inflates past the gate’s 2 MB is offered as a file', async () => {
    const s = repetitiveScenario();
    expect(parseScenario(s).ok).toBe(true);
    const r = await share(s);
    // The link alone looks shareable…
    expect(r.url.length).toBeLessThanOrEqual(MAX_LINK_CHARS);
    expect(linkFit(r.url.length)).toBe('long');
    // …but the gate refuses it, so the popover must not offer it.
    expect(r.jsonBytes).toBeGreaterThan(MAX_INFLATED_BYTES);
    expect(r.decoded.ok).toBe(false);
    expect(r.fit).toBe('too-long');
  });

  it('jsonBytes counts UTF-8 bytes, not characters', async () => {
    const r = await share({ name: 'é✓' });
    expect(r.jsonBytes).toBe(new TextEncoder().encode('{"name":"é✓"}').byteLength);
    expect(r.jsonBytes).toBe(16); // 11 ASCII characters, é in 2 bytes, ✓ in 3
  });
});
