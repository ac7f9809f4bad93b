/**
 * Hostile scenario links, shared by the unit tests and the browser tests: each should give the same
 * outcome whether it opens a fresh tab or arrives in a tab already open.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';

export interface HostileLink {
  name: string;
  /** The fragment, "#s=1.…". */
  hash: string;
  /** 'refused': listed in validation-errors, scenario untouched; 'opens': a valid scenario. */
  outcome: 'refused' | 'opens';
  /** A fragment of the text the validation list must show (refused links). */
  says?: RegExp;
}

function linkOf(json: string | Buffer): string {
  const bytes = deflateRawSync(typeof json === 'string' ? Buffer.from(json) : json);
  return `#s=1.${bytes.toString('base64url')}`;
}

const ROOT = join(import.meta.dirname, '../..');
const preset = () => JSON.parse(readFileSync(join(ROOT, 'presets/reddit-1-one-box.json'), 'utf8'));

export const XSS_NAME = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';

export function hostileLinks(): HostileLink[] {
  const invalid = preset();
  invalid.nodes[1].cores = -3;
  const xss = preset();
  xss.name = XSS_NAME;
  const absurd = preset();
  absurd.duration = '30d';
  absurd.nodes[0].rate = 10_000_000;
  return [
    { name: 'garbage', hash: '#s=1.%%%not*a*link', outcome: 'refused', says: /damaged|characters/ },
    {
      name: 'truncated',
      hash: linkOf(JSON.stringify(preset())).slice(0, 80),
      outcome: 'refused',
      says: /damaged/,
    },
    { name: 'invalid values', hash: linkOf(JSON.stringify(invalid)), outcome: 'refused', says: /cores/ },
    { name: 'XSS in the name', hash: linkOf(JSON.stringify(xss)), outcome: 'opens' },
    // 60 MB of spaces compresses to about 60 KB: under the compressed cap, so the inflate cap stops it.
    {
      name: 'decompression bomb',
      hash: linkOf(Buffer.alloc(60 * 1024 * 1024, 32)),
      outcome: 'refused',
      says: /expands to more than/,
    },
    { name: 'absurd load', hash: linkOf(JSON.stringify(absurd)), outcome: 'refused', says: /requests|limit/ },
  ];
}
