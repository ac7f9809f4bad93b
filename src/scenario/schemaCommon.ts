/**
 * Building blocks of the scenario schemas: numbers, durations, text, ids, choices, lists and
 * strict objects, each failing with one plain sentence ("must be a whole number ≥ 1, got -3")
 * that parse.ts prefixes with the path. Also distributions and per-op service maps.
 */
import * as v from 'valibot';
import type { DistSpec } from '../engine/distributions';
import { formatDuration, parseDuration } from './duration';
import { MAX_DURATION_MS, MAX_RETRIES, MAX_UNKNOWN_FIELDS_PER_OBJECT, NODE_ID_PATTERN } from './limits';
import type { RetryPolicy, ServiceTimes } from './types';

/** A schema from untrusted input to a normalized value. */
export type Schema<T> = v.GenericSchema<unknown, T>;

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** How a value appears in a message: numbers as written, strings quoted and shortened. */
export function show(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (x === null) return 'null';
  if (typeof x === 'number') return Object.is(x, -0) ? '0' : String(x);
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (typeof x === 'boolean') return String(x);
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'object') return 'an object';
  return `a ${typeof x}`;
}

/**
 * Edit distance (insertions, deletions, substitutions and swaps of neighbours, so "fial" is one
 * edit from "fail"), case-insensitive; stops early (returns limit + 1) once it exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = 2): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        cur[j] = Math.min(cur[j], before[j - 2] + 1);
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > limit) return limit + 1;
    before = prev;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The candidate nearest to `word` (first in list order on ties), within edit distance 2 — or 1
 * for words under 6 letters, where 2 edits turn almost anything into anything ("foo" → "pos").
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 60) return undefined;
  const limit = word.length < 6 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(word, c, limit);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * "Did you mean" lookups left in the parse under way: each costs up to |candidates| edit
 * distances, so a purpose-built file with thousands of near-miss names would otherwise take minutes.
 * parseScenario sets the budget (withSuggestionBudget); outside a parse it is unlimited.
 */
const suggestions = { left: Number.POSITIVE_INFINITY };

/** Runs `work` with at most `lookups` "did you mean" lookups; later misses get no suggestion. */
export function withSuggestionBudget<T>(lookups: number, work: () => T): T {
  const before = suggestions.left;
  suggestions.left = lookups;
  try {
    return work();
  } finally {
    suggestions.left = before;
  }
}

/** `; did you mean "x"?` when a candidate is close, else "" (also once the lookups are spent). */
export function didYouMean(word: unknown, candidates: readonly string[]): string {
  if (typeof word !== 'string' || suggestions.left <= 0) return '';
  suggestions.left--;
  const c = closest(word, candidates);
  return c === undefined ? '' : `; did you mean ${JSON.stringify(c)}?`;
}

export interface NumberRule {
  /** Whole numbers only. */
  int?: boolean;
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound. */
  gt?: number;
  /** Inclusive upper bound. */
  max?: number;
}

export function describeNumber(r: NumberRule): string {
  const kind = r.int ? 'a whole number' : 'a number';
  if (r.min !== undefined && r.max !== undefined) return `${kind} from ${r.min} to ${r.max}`;
  const parts: string[] = [];
  if (r.min !== undefined) parts.push(`≥ ${r.min}`);
  if (r.gt !== undefined) parts.push(`> ${r.gt}`);
  if (r.max !== undefined) parts.push(`≤ ${r.max}`);
  return parts.length === 0 ? `a finite ${kind.slice(2)}` : `${kind} ${parts.join(' and ')}`;
}

export function numberOk(x: unknown, r: NumberRule): x is number {
  return (
    typeof x === 'number' &&
    Number.isFinite(x) &&
    (!r.int || Number.isInteger(x)) &&
    (r.min === undefined || x >= r.min) &&
    (r.gt === undefined || x > r.gt) &&
    (r.max === undefined || x <= r.max)
  );
}

/** A finite number within the rule: "must be a whole number from 1 to 1000, got 2000". */
export function num(r: NumberRule): Schema<number> {
  return v.custom<number>(
    (x) => numberOk(x, r),
    (issue) => `must be ${describeNumber(r)}, got ${show(issue.input)}`,
  );
}

export interface DurationRule {
  /** Strictly greater than 0. */
  positive?: boolean;
  /** Inclusive upper bound, ms. Default 30 days. */
  max?: number;
  /** Inclusive lower bound, ms: the floor of a period (implies > 0). */
  min?: number;
  /** Why the floor exists, appended to its message ("a shorter interval floods the run with checks"). */
  minWhy?: string;
}

function durationMessage(x: unknown, r: DurationRule): string {
  const ms = parseDuration(x);
  const max = r.max ?? MAX_DURATION_MS;
  if (ms === undefined) {
    const lower = r.positive ? ' > 0' : '';
    if (typeof x === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(x))
      return `must be a duration with a unit${lower}, such as "${x.trim()}ms" or "${x.trim()}s", got ${show(x)}`;
    if (typeof x === 'number' && x < 0) return `must be a duration ≥ 0, got ${show(x)}`;
    return `must be a duration${lower} such as "250us", "20ms", "5s", "2m" or "1h" (a number means ms), got ${show(x)}`;
  }
  if (r.min !== undefined && ms < r.min)
    return `must be at least ${formatDuration(r.min)}${r.minWhy ? ` (${r.minWhy})` : ''}, got ${show(x)}`;
  if (r.positive && ms <= 0) return `must be a duration > 0, got ${show(x)}`;
  return `must be at most ${formatDuration(max)}, got ${show(x)}`;
}

/** A duration, normalized to ms. */
export function dur(r: DurationRule = {}): Schema<number> {
  const max = r.max ?? MAX_DURATION_MS;
  return v.pipe(
    v.custom<string | number>(
      (x) => {
        const ms = parseDuration(x);
        return (
          ms !== undefined && (!r.positive || ms > 0) && (r.min === undefined || ms >= r.min) && ms <= max
        );
      },
      (issue) => durationMessage(issue.input, r),
    ),
    v.transform((x) => parseDuration(x) as number),
  );
}

/** Text of bounded length (min 1 when `nonEmpty`). */
export function text(max: number, nonEmpty = false): Schema<string> {
  return v.custom<string>(
    (x) => typeof x === 'string' && x.length <= max && (!nonEmpty || x.trim().length > 0),
    (issue) => {
      const x = issue.input;
      if (typeof x !== 'string') return `must be text, got ${show(x)}`;
      if (x.length > max) return `must be at most ${max} characters, got ${x.length}`;
      return 'must not be empty';
    },
  );
}

/** A node id (its format only; whether it names a node is checked later). */
export const nodeId: Schema<string> = v.custom<string>(
  (x) => typeof x === 'string' && NODE_ID_PATTERN.test(x),
  (issue) =>
    typeof issue.input === 'string'
      ? `must be an id: a letter, then up to 47 letters, digits, "_" or "-", got ${show(issue.input)}`
      : `must be a node id (text), got ${show(issue.input)}`,
);

export const bool: Schema<boolean> = v.custom<boolean>(
  (x) => typeof x === 'boolean',
  (issue) => `must be true or false, got ${show(issue.input)}`,
);

/** One of fixed words; `aliases` are accepted and replaced by what they stand for. */
export function oneOf<const T extends string>(
  values: readonly T[],
  aliases: Readonly<Record<string, T>> = {},
): Schema<T> {
  const ok = (x: unknown): x is string =>
    typeof x === 'string' && ((values as readonly string[]).includes(x) || Object.hasOwn(aliases, x));
  return v.pipe(
    v.custom<string>(ok, (issue) => {
      const list = values.map((s) => JSON.stringify(s)).join(', ');
      return `must be one of ${list}, got ${show(issue.input)}${didYouMean(issue.input, values)}`;
    }),
    v.transform((x) => (Object.hasOwn(aliases, x) ? aliases[x] : (x as T))),
  );
}

/** A list with min..max entries, each checked by `item` (the length is checked first, cheaply). */
export function list<T>(item: Schema<T>, min: number, max: number): Schema<T[]> {
  return v.pipe(
    v.custom<unknown[]>(
      (x) => Array.isArray(x) && x.length >= min && x.length <= max,
      (issue) => {
        const x = issue.input;
        if (!Array.isArray(x)) return `must be a list, got ${show(x)}`;
        if (x.length > max) return `must have at most ${max} entries, got ${x.length}`;
        return `must have at least ${min} ${min === 1 ? 'entry' : 'entries'}`;
      },
    ),
    v.array(item),
  );
}

function objectMessage(issue: v.BaseIssue<unknown>): string {
  return issue.path?.length ? 'is required' : `must be an object, got ${show(issue.input)}`;
}

type MutableDataset = { typed: boolean; value: unknown; issues?: v.BaseIssue<unknown>[] };

function pushIssue(dataset: MutableDataset, input: unknown, message: string, path?: v.IssuePathItem[]): void {
  const issue: v.BaseIssue<unknown> = {
    kind: 'schema',
    type: 'strict_object',
    input,
    expected: null,
    received: show(input),
    message,
    path: path as v.BaseIssue<unknown>['path'],
  };
  dataset.typed = false;
  if (dataset.issues) dataset.issues.push(issue);
  else dataset.issues = [issue];
}

/**
 * An object with exactly these fields. Unlike v.strictObject, it reports every unknown field
 * (up to a cap), each with the nearest known name, alongside the problems of the known fields.
 */
export function strict<const E extends v.ObjectEntries>(entries: E) {
  const base = v.object(entries, objectMessage);
  const known = Object.keys(entries);
  const baseRun = base['~run'];
  const run: typeof baseRun = (dataset, config) => {
    const input = dataset.value;
    if (Array.isArray(input)) {
      pushIssue(dataset as MutableDataset, input, 'must be an object, got a list');
      return dataset as unknown as ReturnType<typeof baseRun>;
    }
    const out = baseRun.call(base, dataset, config);
    if (isPlainObject(input)) {
      const unknown = Object.keys(input).filter((k) => !Object.hasOwn(entries, k));
      for (const key of unknown.slice(0, MAX_UNKNOWN_FIELDS_PER_OBJECT)) {
        const hint = didYouMean(key, known);
        const message = hint
          ? `unknown field${hint}`
          : `unknown field (known fields here: ${known.join(', ')})`;
        pushIssue(out as MutableDataset, input[key], message, [
          { type: 'object', origin: 'key', input, key, value: input[key] },
        ]);
      }
      if (unknown.length > MAX_UNKNOWN_FIELDS_PER_OBJECT)
        pushIssue(out as MutableDataset, input, `has ${unknown.length} unknown fields in all`);
    }
    return out;
  };
  return { ...base, '~run': run } as typeof base;
}

/** A schema that always fails on the given field with `message(value)`: unknown discriminators. */
export function badField(field: string, message: (value: unknown) => string): Schema<never> {
  // Not strict: the other fields cannot be judged until the discriminator is known.
  return v.object(
    {
      [field]: v.custom<never>(
        () => false,
        (issue) => message(issue.input),
      ),
    },
    objectMessage,
  ) as unknown as Schema<never>;
}

// ----- distributions and service times -----------------------------------------------------------

const DIST_NAMES = ['exp', 'const', 'uniform', 'lognormal', 'gamma', 'pareto'] as const;

/** The engine's cap on a coefficient of variation (src/engine/distributions.ts). */
const MAX_CV = 100;

const DISTS: Record<(typeof DIST_NAMES)[number], Schema<DistSpec>> = {
  exp: strict({ dist: v.literal('exp'), mean: dur({ positive: true }) }),
  const: strict({ dist: v.literal('const'), value: dur() }),
  uniform: v.pipe(
    strict({ dist: v.literal('uniform'), min: dur(), max: dur() }),
    v.forward(
      v.check(
        (d) => d.max >= d.min,
        (issue) => {
          const d = issue.input as { min: number; max: number };
          return `must be ≥ min (${formatDuration(d.min)}), got ${formatDuration(d.max)}`;
        },
      ),
      ['max'],
    ),
  ),
  lognormal: strict({
    dist: v.literal('lognormal'),
    mean: dur({ positive: true }),
    cv: num({ min: 0, max: MAX_CV }),
  }),
  gamma: strict({
    dist: v.literal('gamma'),
    mean: dur({ positive: true }),
    cv: num({ min: 0, max: MAX_CV }),
  }),
  pareto: strict({
    dist: v.literal('pareto'),
    mean: dur({ positive: true }),
    alpha: num({ gt: 0, max: 100 }),
    maxRatio: v.optional(num({ gt: 1, max: 1e9 })),
  }),
};

const badDist = badField('dist', (d) =>
  d === undefined
    ? `is required: one of ${DIST_NAMES.map((s) => JSON.stringify(s)).join(', ')}`
    : `must be one of ${DIST_NAMES.map((s) => JSON.stringify(s)).join(', ')}, got ${show(d)}${didYouMean(d, DIST_NAMES)}`,
);

/** A distribution object: {"dist": "lognormal", "mean": "12ms", "cv": 1.5}. */
export const distSchema: Schema<DistSpec> = v.lazy((input): Schema<DistSpec> => {
  const d = isPlainObject(input) ? input.dist : undefined;
  return typeof d === 'string' && Object.hasOwn(DISTS, d) ? DISTS[d as keyof typeof DISTS] : badDist;
});

const bareServiceTime: Schema<DistSpec> = v.pipe(
  dur(),
  // A bare duration means exponential with that mean; 0 means no time at all.
  v.transform((mean): DistSpec => (mean === 0 ? { dist: 'const', value: 0 } : { dist: 'exp', mean })),
);

/** A service time: a distribution object or a bare duration (exponential with that mean). */
export const serviceTime: Schema<DistSpec> = v.lazy((input) =>
  isPlainObject(input) ? distSchema : bareServiceTime,
);

/** Service times per op; missing ops (and a missing map) take `defaults`. */
export function serviceMap(defaults: ServiceTimes): Schema<ServiceTimes> {
  const byOp = strict({
    read: v.optional(serviceTime, defaults.read),
    write: v.optional(serviceTime, defaults.write),
    static: v.optional(serviceTime, defaults.static),
  });
  const single = v.pipe(
    serviceTime,
    v.transform((d): ServiceTimes => ({ read: d, write: { ...d }, static: { ...d } })),
  );
  return v.optional(
    v.lazy((input) => (isPlainObject(input) && !Object.hasOwn(input, 'dist') ? byOp : single)),
    defaults,
  );
}

/** The same exponential service time for every op. */
export function expEverywhere(meanMs: number): ServiceTimes {
  return {
    read: { dist: 'exp', mean: meanMs },
    write: { dist: 'exp', mean: meanMs },
    static: { dist: 'exp', mean: meanMs },
  };
}

export const retryEntries = {
  max: v.optional(num({ int: true, min: 0, max: MAX_RETRIES }), 0),
  backoff: v.optional(dur(), 100),
  multiplier: v.optional(num({ min: 1, max: 100 }), 2),
  jitter: v.optional(bool, true),
};

export const retrySchema: Schema<RetryPolicy> = strict(retryEntries);
