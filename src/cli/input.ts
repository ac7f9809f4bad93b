/**
 * What the CLI reads, judged like a scenario file: the file itself (at most the size cap plus one
 * character is ever read, so `run /dev/zero` fails at once) and the overrides (--seed, --duration),
 * which are written into the scenario BEFORE the gate, so they meet the same checks and caps as the
 * file's own fields (a --duration longer than 30 days, or one that multiplies the requests past the
 * cap, or shorter than the warm-up, is refused with the same sentence).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { MAX_SCENARIO_TEXT_CHARS } from '../scenario/limits';

/** Text too long to be a scenario: reading stopped at the cap. */
export class TooLong extends Error {}

/**
 * Reads a text file as UTF-8, at most `maxChars` + 1 characters (a BOM is left for the parser).
 * Throws TooLong beyond that, and the usual Node errors when the file cannot be read.
 */
export function readTextCapped(path: string, maxChars = MAX_SCENARIO_TEXT_CHARS): string {
  const fd = openSync(path, 'r');
  try {
    const decoder = new TextDecoder('utf-8');
    const chunk = new Uint8Array(1 << 16);
    const parts: string[] = [];
    let chars = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      const part = decoder.decode(chunk.subarray(0, n), { stream: true });
      parts.push(part);
      chars += part.length;
      if (chars > maxChars)
        throw new TooLong(`more than the limit of ${maxChars.toLocaleString('en-US')} characters`);
    }
    parts.push(decoder.decode());
    return parts.join('');
  } finally {
    closeSync(fd);
  }
}

/** The CLI's overrides of scenario fields, as the file would write them. */
export interface Overrides {
  seed?: number;
  /** A duration as the file format takes it: "10m", or a number of ms (1e3 as well as 1000). */
  duration?: string | number;
}

/** `--duration` text → the value a file would hold: a plain number is ms, anything else a string. */
export function durationValue(raw: string): string | number {
  const t = raw.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : raw;
}

/** The scenario value with the overrides written in (a copy; a non-object is left to the gate). */
export function withOverrides(value: unknown, o: Overrides): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (o.seed !== undefined) out.seed = o.seed;
  if (o.duration !== undefined) out.duration = o.duration;
  return out;
}

/** Names the option behind a problem with an overridden field: "duration (from --duration): …". */
export function blameOption(message: string, o: Overrides): string {
  if (o.duration !== undefined && /^(duration|warmup):/.test(message))
    return message.replace(/^(duration|warmup):/, '$1 (with --duration):');
  if (o.seed !== undefined && /^seed:/.test(message)) return message.replace(/^seed:/, 'seed (from --seed):');
  if (o.duration !== undefined && message.startsWith('the clients would send'))
    return `${message} (with --duration)`;
  return message;
}
