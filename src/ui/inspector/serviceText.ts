/**
 * A service time as readable text in the inspector, and back:
 *   "8ms"                                  exponential with that mean (a bare number means ms)
 *   "lognormal 12ms cv 1.5", "gamma 10ms cv 0.5", "pareto 10ms alpha 2"
 *   "const 5ms", "uniform 2ms 8ms", "exp 8ms"
 *   "read 4ms, write lognormal 30ms cv 1, static 2ms"   per operation
 * JSON ("{…}") is still accepted. Text that fits none of these is passed on as it is, so the
 * scenario's validation says what is wrong with it (nothing is guessed).
 */

const OPS = ['read', 'write', 'static'] as const;
const NUMERIC = /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

function dur(v: unknown): string {
  return typeof v === 'number' ? `${v}ms` : String(v);
}

function distText(d: Record<string, unknown>): string {
  switch (d.dist) {
    case 'exp':
      return dur(d.mean);
    case 'const':
      return `const ${dur(d.value)}`;
    case 'uniform':
      return `uniform ${dur(d.min)} ${dur(d.max)}`;
    case 'lognormal':
    case 'gamma':
      return `${d.dist} ${dur(d.mean)} cv ${d.cv}`;
    case 'pareto':
      return `pareto ${dur(d.mean)} alpha ${d.alpha}`;
    default:
      return JSON.stringify(d);
  }
}

function oneText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return `${v}ms`;
  if (typeof v === 'object' && v !== null && 'dist' in v) return distText(v as Record<string, unknown>);
  return JSON.stringify(v);
}

/** The text shown for a service value ('' for absent). */
export function serviceToText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && !('dist' in value)) {
    const o = value as Record<string, unknown>;
    const known = Object.keys(o).every((k) => (OPS as readonly string[]).includes(k));
    if (!known) return JSON.stringify(value);
    return OPS.filter((op) => o[op] !== undefined)
      .map((op) => `${op} ${oneText(o[op])}`)
      .join(', ');
  }
  return oneText(value);
}

function durValue(tok: string): unknown {
  return NUMERIC.test(tok) ? Number(tok) : tok;
}

function parseOne(text: string): unknown {
  const tok = text.trim().split(/\s+/);
  const [head, a, b, c] = tok;
  const named = (key: string) => (b === key && c !== undefined && NUMERIC.test(c) ? Number(c) : undefined);
  switch (head) {
    case 'exp':
      if (tok.length === 2) return { dist: 'exp', mean: durValue(a) };
      break;
    case 'const':
      if (tok.length === 2) return { dist: 'const', value: durValue(a) };
      break;
    case 'uniform':
      if (tok.length === 3) return { dist: 'uniform', min: durValue(a), max: durValue(b) };
      break;
    case 'lognormal':
    case 'gamma':
      if (tok.length === 4 && named('cv') !== undefined)
        return { dist: head, mean: durValue(a), cv: named('cv') };
      break;
    case 'pareto':
      if (tok.length === 4 && named('alpha') !== undefined)
        return { dist: 'pareto', mean: durValue(a), alpha: named('alpha') };
      break;
    default:
      if (tok.length === 1) return durValue(head);
  }
  return text.trim();
}

export type ServiceParse = { ok: true; value: unknown } | { ok: false; message: string };

/** The value a service text stands for (undefined for empty: the default). */
export function textToService(text: string): ServiceParse {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  if (t.startsWith('{')) {
    try {
      return { ok: true, value: JSON.parse(t) };
    } catch {
      return { ok: false, message: 'not valid JSON yet' };
    }
  }
  const parts = t.split(',').map((p) => p.trim());
  const perOp = parts.map((p) => /^(read|write|static)\s+(.+)$/.exec(p));
  if (perOp.every((m) => m !== null)) {
    const out: Record<string, unknown> = {};
    for (const m of perOp) {
      if (!m) continue;
      if (out[m[1]] !== undefined) return { ok: false, message: `${m[1]} is given twice` };
      out[m[1]] = parseOne(m[2]);
    }
    return { ok: true, value: out };
  }
  if (parts.length > 1) return { ok: false, message: 'per operation, write "read 4ms, write 10ms"' };
  return { ok: true, value: parseOne(t) };
}
