import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, bytesToBase64Url } from '../../src/share/base64url';

describe('base64url', () => {
  it("matches Node's base64url and decodes back, for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = bytesToBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(base64UrlToBytes(text)).toEqual(bytes);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('accepts padding and rejects characters outside the alphabet and impossible lengths', () => {
    expect(base64UrlToBytes('aGk=')).toEqual(new Uint8Array([104, 105]));
    expect(base64UrlToBytes('aGk')).toEqual(new Uint8Array([104, 105]));
    expect(base64UrlToBytes('aG+k')).toBeNull();
    expect(base64UrlToBytes('aG k')).toBeNull();
    expect(base64UrlToBytes('aGké')).toBeNull();
    expect(base64UrlToBytes('aGkaa')).toBeNull();
    expect(base64UrlToBytes('a===')).toBeNull();
  });
});
