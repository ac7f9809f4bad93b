/**
 * Scenario links (DESIGN §5): the URL fragment `#s=1.<base64url(deflate-raw(JSON))>`.
 *
 * A link is untrusted input. Decoding only inflates and JSON.parses — it never evaluates anything
 * and never validates the scenario (the caller hands the value to parseScenario). It is bounded:
 * the compressed payload is capped before any work, and inflation stops as soon as the output
 * passes its cap, so a zip bomb costs at most a couple of megabytes and milliseconds.
 *
 * Pure: uses only CompressionStream/DecompressionStream, TextEncoder/TextDecoder and ReadableStream,
 * which exist in browsers, Web Workers and Node ≥ 18 alike. No DOM.
 */
import { base64UrlToBytes, bytesToBase64Url } from './base64url';

/** The link format version written by encodeScenarioLink. */
export const LINK_VERSION = 1;
/** Largest compressed payload accepted, in bytes (200 KB). */
export const MAX_COMPRESSED_BYTES = 200 * 1024;
/** Largest inflated JSON accepted, in bytes (2 MB). Inflation stops once it is passed. */
export const MAX_INFLATED_BYTES = 2 * 1024 * 1024;

/**
 * Links longer than this many characters (whole URL) are cut by some chat tools and mail clients
 * (several truncate or refuse messages around 8 000 characters); the share popover warns.
 */
export const LONG_LINK_CHARS = 8_000;
/**
 * Above this (whole URL, characters) a link is not offered and the scenario is offered as a file:
 * Firefox's address bar shows at most 65 536 characters and many servers refuse longer request
 * lines. It sits well inside the gate's own cap (MAX_COMPRESSED_BYTES: 200 KB compressed is about
 * 273 000 link characters), so every link offered is one the gate reads.
 */
export const MAX_LINK_CHARS = 65_536;

/**
 * How shareable a link is: fine, long (warn that chat tools may cut it), or too long (offer a
 * file). `length`: the whole URL in characters; `jsonBytes`: the scenario's JSON in UTF-8 bytes
 * (default 0) — a repetitive scenario can make a short link that inflates past MAX_INFLATED_BYTES,
 * which the gate would refuse, so it counts as too long too.
 */
export function linkFit(length: number, jsonBytes = 0): 'ok' | 'long' | 'too-long' {
  if (length > MAX_LINK_CHARS || jsonBytes > MAX_INFLATED_BYTES) return 'too-long';
  return length > LONG_LINK_CHARS ? 'long' : 'ok';
}

export type DecodedLink = { ok: true; input: unknown } | { ok: false; error: string };

/**
 * Encodes a scenario (any JSON-serialisable value, normally a ScenarioInput) as a URL fragment,
 * "#s=1.…". Rejects values JSON cannot represent (undefined at the top, functions, cycles, BigInt).
 */
export async function encodeScenarioLink(s: unknown): Promise<string> {
  return (await encodeScenarioLinkSized(s)).hash;
}

/** encodeScenarioLink, also saying how big the JSON inside is (UTF-8 bytes; see linkFit). */
export async function encodeScenarioLinkSized(s: unknown): Promise<{ hash: string; jsonBytes: number }> {
  const json = JSON.stringify(s);
  if (json === undefined) throw new Error('Only a JSON value can be put into a link.');
  const bytes = new TextEncoder().encode(json);
  const compressed = await pipeBytes(bytes, new CompressionStream('deflate-raw'));
  return { hash: `#s=${LINK_VERSION}.${bytesToBase64Url(compressed)}`, jsonBytes: bytes.byteLength };
}

/**
 * Decodes "#s=1.…" or "s=1.…" (also a whole URL, or a fragment with other `&`-separated parameters).
 * Never throws: every failure comes back as `{ ok: false, error }` with a sentence a user can read.
 */
export async function decodeScenarioLink(hash: string): Promise<DecodedLink> {
  const param = findScenarioParam(hash);
  if (param === null) return fail('This link does not contain a scenario (expected "#s=1.…").');
  const dot = param.indexOf('.');
  const version = dot < 0 ? '' : param.slice(0, dot);
  if (!/^\d{1,6}$/.test(version)) {
    return fail('This scenario link is malformed: it should start with a version number, like "s=1.".');
  }
  if (Number(version) !== LINK_VERSION) {
    return fail(
      `This scenario link uses format version ${version}, but this version of Scalelab only reads version ${LINK_VERSION}.`,
    );
  }
  const payload = param.slice(dot + 1);
  // 4 base64 characters carry 3 bytes; check the length before decoding anything.
  if (Math.floor((payload.length * 3) / 4) > MAX_COMPRESSED_BYTES) {
    return fail(
      `This scenario link is too long (the limit is ${MAX_COMPRESSED_BYTES / 1024} KB compressed).`,
    );
  }
  if (payload.length === 0) return fail('This scenario link is empty.');
  const bytes = base64UrlToBytes(payload);
  if (bytes === null) {
    return fail(
      'This scenario link is damaged: it contains characters that cannot appear in a link payload.',
    );
  }
  const inflated = await inflateCapped(bytes, MAX_INFLATED_BYTES);
  if (inflated === 'too-big') {
    return fail(
      `This scenario link expands to more than ${MAX_INFLATED_BYTES / (1024 * 1024)} MB, which is more than any scenario needs; it was not opened.`,
    );
  }
  if (inflated === 'corrupt') {
    return fail('This scenario link is damaged or incomplete: its compressed data could not be read.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return fail('This scenario link is damaged: its content is not valid text.');
  }
  try {
    return { ok: true, input: JSON.parse(text) };
  } catch {
    return fail('This scenario link is damaged: its content is not valid JSON.');
  }
}

function fail(error: string): DecodedLink {
  return { ok: false, error };
}

/** The value of the `s` parameter in a fragment, query-like string or whole URL; null if absent. */
function findScenarioParam(hash: string): string | null {
  let text = hash.trim();
  const hashAt = text.indexOf('#');
  if (hashAt >= 0) text = text.slice(hashAt + 1);
  for (const part of text.split('&')) {
    if (part.startsWith('s=')) return part.slice(2);
  }
  return null;
}

/** Feeds `input` through a transform stream and concatenates what comes out. */
async function pipeBytes(input: Uint8Array<ArrayBuffer>, transform: CompressionStream | DecompressionStream) {
  const chunks: Uint8Array[] = [];
  const reader = singleChunkStream(input).pipeThrough(transform).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return concat(chunks);
}

/**
 * Inflates deflate-raw data, reading the output chunk by chunk and cancelling the stream as soon as
 * it passes `cap` bytes (so nothing beyond one chunk past the cap is ever produced or held).
 */
async function inflateCapped(
  input: Uint8Array<ArrayBuffer>,
  cap: number,
): Promise<Uint8Array | 'too-big' | 'corrupt'> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = singleChunkStream(input).pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > cap) {
        await reader.cancel().catch(() => {});
        return 'too-big';
      }
      chunks.push(value);
    }
  } catch {
    return 'corrupt';
  }
  return concat(chunks);
}

function singleChunkStream(bytes: Uint8Array<ArrayBuffer>): ReadableStream<BufferSource> {
  return new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

function concat(chunks: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const c of chunks) length += c.byteLength;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
