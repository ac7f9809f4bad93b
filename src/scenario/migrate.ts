/**
 * Format versions. A file names its format ("scalelab/scenario@1"); older formats are brought up to
 * the current one by a chain of migrations, one step per version, before validation. Today there is
 * only @1, so the chain is empty; a future @2 adds `{ from: 'scalelab/scenario@1', to: '…@2', … }`.
 */
import { isPlainObject, show } from './schemaCommon';
import { type Problem, SCENARIO_FORMAT } from './types';

/** The format this version of Scalelab reads and writes. */
export const CURRENT_FORMAT = SCENARIO_FORMAT;

const FORMAT_PREFIX = 'scalelab/scenario@';

interface Migration {
  from: string;
  to: string;
  /** Why the format changed (shown as a warning so the user knows the file was rewritten). */
  note: string;
  /** Rewrites a plain object of format `from` into one of format `to`; must not mutate its input. */
  migrate(input: Record<string, unknown>): Record<string, unknown>;
}

/** One step per format version, oldest first. */
const MIGRATIONS: readonly Migration[] = [];

export type MigrateResult =
  | { ok: true; value: Record<string, unknown>; warnings: string[] }
  | { ok: false; problem: Problem };

function fail(path: string, sentence: string): MigrateResult {
  return { ok: false, problem: { path, message: path ? `${path}: ${sentence}` : sentence } };
}

/** Brings any known format up to CURRENT_FORMAT; refuses unknown or missing formats with a sentence. */
export function migrateToCurrent(input: unknown): MigrateResult {
  if (!isPlainObject(input)) return fail('', `a scenario must be a JSON object, got ${show(input)}`);
  const format = input.format;
  if (format === undefined)
    return fail(
      'format',
      `is required: a scenario file starts with "format": ${JSON.stringify(CURRENT_FORMAT)}`,
    );
  if (typeof format !== 'string')
    return fail('format', `must be ${JSON.stringify(CURRENT_FORMAT)}, got ${show(format)}`);
  let value = input;
  let current = format;
  const warnings: string[] = [];
  while (current !== CURRENT_FORMAT) {
    const step = MIGRATIONS.find((m) => m.from === current);
    if (!step) {
      const version = current.startsWith(FORMAT_PREFIX)
        ? Number(current.slice(FORMAT_PREFIX.length))
        : Number.NaN;
      const newer = Number.isInteger(version) && version > Number(CURRENT_FORMAT.slice(FORMAT_PREFIX.length));
      return fail(
        'format',
        newer
          ? `${show(format)} comes from a newer Scalelab than this one, which reads ${JSON.stringify(CURRENT_FORMAT)}`
          : `${show(format)} is not a scenario format Scalelab reads; expected ${JSON.stringify(CURRENT_FORMAT)}`,
      );
    }
    value = step.migrate(value);
    current = step.to;
    warnings.push(`format: upgraded from ${step.from} to ${step.to}: ${step.note}`);
  }
  return { ok: true, value: current === format ? value : { ...value, format: CURRENT_FORMAT }, warnings };
}
