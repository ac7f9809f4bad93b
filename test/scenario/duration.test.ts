import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/scenario/duration';

describe('parseDuration', () => {
  it.each([
    ['250us', 0.25],
    ['250µs', 0.25],
    ['20ms', 20],
    ['5s', 5000],
    ['1.5s', 1500],
    ['1.1s', 1100],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['0s', 0],
    [' 5 s ', 5000],
    ['0.5ms', 0.5],
    [0, 0],
    [12.5, 12.5],
  ])('%j → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    '5',
    '5 seconds',
    '-5s',
    '5sec',
    's',
    '',
    '1e3ms',
    '.5s',
    '5s5',
    'NaN',
    'Infinity',
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    null,
    true,
    {},
    [],
    undefined,
  ])('refuses %j', (bad) => {
    expect(parseDuration(bad)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [0.25, '250us'],
    [20, '20ms'],
    [12.5, '12.5ms'],
    [1500, '1.5s'],
    [5000, '5s'],
    [120_000, '2m'],
    [90_000, '1.5m'],
    [3_600_000, '1h'],
    [86_400_000, '1d'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('parses back to the same value for values a user would type', () => {
    for (const ms of [0.001, 0.25, 1, 7, 99.5, 999, 1001, 59_000, 61_000, 3_599_000, 7_200_000])
      expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
