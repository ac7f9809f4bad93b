/**
 * Every component kind as the palette and the inspector show it: name, one-line description, and
 * each parameter with its unit, default (shown as the placeholder) and an explanation (tooltip).
 * Defaults mirror the documented ones in src/scenario/types.ts.
 */

/** How a field's text becomes a value: see fieldValue.ts. */
export type FieldKind =
  | 'int'
  | 'number'
  | 'duration'
  | 'service'
  | 'select'
  | 'bool'
  | 'rate'
  | 'json'
  | 'text';

export interface ParamSpec {
  /** Dotted path inside the node ("autoscale.max"). */
  path: string;
  label: string;
  kind: FieldKind;
  unit?: string;
  /** The default, as the placeholder shows it ("" = none / required). */
  placeholder: string;
  help: string;
  options?: string[];
  /** Shown under "More" (collapsed) rather than at the top. */
  advanced?: boolean;
}

export interface KindInfo {
  type: string;
  name: string;
  description: string;
  params: ParamSpec[];
}

import { BACKEND_KINDS } from './kindsBackend';
import { ENTRY_KINDS } from './kindsEntry';

export const KINDS: KindInfo[] = [...ENTRY_KINDS, ...BACKEND_KINDS];

export const KIND_BY_TYPE: Record<string, KindInfo> = Object.fromEntries(KINDS.map((k) => [k.type, k]));
