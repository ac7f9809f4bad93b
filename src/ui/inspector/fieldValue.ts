/**
 * Text in an inspector field ↔ the value written into the scenario. Anything that is not clearly
 * a number stays text, so parseScenario can explain what is wrong with it.
 */
import type { FieldKind } from '../kinds';
import { serviceToText, textToService } from './serviceText';

export type Converted = { ok: true; value: unknown } | { ok: false; message: string };

const NUMERIC = /^\s*-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?\s*$/i;

function json(text: string): Converted {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: 'not valid JSON yet' };
  }
}

/** An empty field means "use the default" (the key is removed). */
export function textToValue(kind: FieldKind, text: string): Converted {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  switch (kind) {
    case 'int':
    case 'number':
      return { ok: true, value: NUMERIC.test(t) ? Number(t) : t };
    case 'duration':
      return { ok: true, value: NUMERIC.test(t) ? Number(t) : t };
    case 'service':
      return textToService(t);
    case 'rate':
      return t.startsWith('[') || t.startsWith('{')
        ? json(t)
        : { ok: true, value: NUMERIC.test(t) ? Number(t) : t };
    case 'bool':
      return { ok: true, value: t === 'true' ? true : t === 'false' ? false : t };
    case 'json':
      return json(t);
    default:
      return { ok: true, value: text };
  }
}

export function valueToText(value: unknown, kind?: FieldKind): string {
  if (value === undefined || value === null) return '';
  if (kind === 'service') return serviceToText(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
