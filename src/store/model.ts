/**
 * The UI's view of a raw scenario (scenario@1 JSON as the user edits it). Loose on purpose: the
 * editor must hold invalid work in progress; parseScenario is the gate that judges it.
 */

/** A node as written in the scenario file. `pos` is the canvas position in px (cosmetic). */
export interface RawNode {
  id: string;
  type: string;
  pos?: [number, number];
  [param: string]: unknown;
}

export interface RawEdge {
  from: string;
  to: string;
  latency?: number | string;
  [param: string]: unknown;
}

/** A timed change (`at` is a duration string or ms). Live edits are recorded as these. */
export interface RawEvent {
  at: number | string;
  do: string;
  node?: string | RawNode;
  factor?: number;
  path?: string;
  value?: unknown;
  edge?: RawEdge;
  [param: string]: unknown;
}

export interface RawScenario {
  format: string;
  name: string;
  summary?: string;
  seed?: number;
  duration?: number | string;
  warmup?: number | string;
  nodes: RawNode[];
  edges: RawEdge[];
  events?: RawEvent[];
  [field: string]: unknown;
}

export const SCENARIO_FORMAT = 'scalelab/scenario@1';

/** A fresh, empty scenario (the canvas shows an invitation to open a preset). */
export function emptyScenario(): RawScenario {
  return { format: SCENARIO_FORMAT, name: 'Untitled', seed: 1, duration: '60s', nodes: [], edges: [] };
}

/**
 * Coerces an untrusted value into something the editor can hold without crashing, or null when
 * it is not even shaped like a scenario (not an object, no node list). Validation is parseScenario's job.
 */
export function asRawScenario(value: unknown): RawScenario | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.nodes)) return null;
  const nodes = v.nodes.filter(
    (n): n is RawNode =>
      typeof n === 'object' &&
      n !== null &&
      typeof (n as RawNode).id === 'string' &&
      typeof (n as RawNode).type === 'string',
  );
  const edges = Array.isArray(v.edges)
    ? v.edges.filter(
        (e): e is RawEdge =>
          typeof e === 'object' &&
          e !== null &&
          typeof (e as RawEdge).from === 'string' &&
          typeof (e as RawEdge).to === 'string',
      )
    : [];
  return {
    ...(v as Record<string, unknown>),
    format: typeof v.format === 'string' ? v.format : SCENARIO_FORMAT,
    name: typeof v.name === 'string' ? v.name : 'Untitled',
    nodes,
    edges,
  } as RawScenario;
}
