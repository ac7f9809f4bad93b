/**
 * Durations in scenario files: a string with a unit ("250us", "20ms", "5s", "2m", "1h", "1d",
 * decimals allowed: "1.5s") or a finite number ≥ 0, which means milliseconds. Inside the
 * simulation every duration is a number of milliseconds.
 */

/** Milliseconds per unit. "µs" is accepted as a spelling of "us". */
const UNIT_MS: Readonly<Record<string, number>> = {
  us: 0.001,
  µs: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const DURATION_TEXT = /^\s*(\d{1,15})(?:\.(\d{1,9}))?\s*(us|µs|ms|s|m|h|d)\s*$/;

/**
 * Parses a duration to milliseconds; undefined when `v` is not a duration (wrong type, no unit,
 * negative, NaN or infinite). Never throws.
 */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string' || v.length > 40) return undefined;
  const m = DURATION_TEXT.exec(v);
  if (!m) return undefined;
  const fraction = m[2] ?? '';
  const unit = UNIT_MS[m[3]];
  // Scale the digits as an integer first, so "1.1s" gives exactly 1100 rather than 1100.0000000000002.
  const digits = Number(m[1] + fraction);
  const scaled =
    unit >= 1 ? (digits * unit) / 10 ** fraction.length : digits / (1000 * 10 ** fraction.length);
  return Number.isFinite(scaled) ? scaled : undefined;
}

const FORMAT_UNITS: ReadonlyArray<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** Formats ms with up to `decimals` decimals, trailing zeros trimmed. */
function trimmed(x: number, decimals: number): string {
  return String(Number(x.toFixed(decimals)));
}

/**
 * Formats milliseconds as the shortest readable duration that parses back to the same value when
 * it can ("1h", "1.5s", "250us", "12.5ms"); values finer than a nanosecond are rounded.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return `${ms}ms`;
  if (ms === 0) return '0ms';
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  for (const [unit, size] of FORMAT_UNITS) {
    if (a < size) continue;
    const text = trimmed(a / size, 3);
    if (parseDuration(text + unit) === a) return sign + text + unit;
  }
  if (a >= 1) return `${sign}${trimmed(a, 6)}ms`;
  return `${sign}${trimmed(a * 1000, 3)}us`;
}
