/**
 * The parameters a `set` event may change on each kind, with the schema their value is judged and
 * normalized by: every field of the kind except those that define what the node is, plus the
 * fields of its nested objects as dotted paths ("autoscale.max", "service.read").
 */
import { retryEntries, type Schema, serviceTime } from './schemaCommon';
import {
  appEntries,
  autoscaleEntries,
  cacheEntries,
  cdnEntries,
  circuitBreakerEntries,
  clientEntries,
  dbEntries,
  healthCheckEntries,
  lbEntries,
  queueEntries,
  rlEntries,
  workerEntries,
} from './schemaNodes';
import type { NodeType, ParamValue } from './types';

/** Fields that define what a node is or where it sits in the graph; events cannot change them. */
const FIXED = new Set(['id', 'type', 'role', 'primary', 'shards']);

type Entries = Record<string, Schema<unknown>>;

function settable(
  entries: Entries,
  nested: Record<string, Entries> = {},
): Record<string, Schema<ParamValue>> {
  const out: Record<string, Schema<ParamValue>> = {};
  for (const key of Object.keys(entries)) if (!FIXED.has(key)) out[key] = entries[key] as Schema<ParamValue>;
  for (const [parent, sub] of Object.entries(nested))
    for (const key of Object.keys(sub)) out[`${parent}.${key}`] = sub[key] as Schema<ParamValue>;
  return out;
}

const serviceOps: Entries = { read: serviceTime, write: serviceTime, static: serviceTime };

/** Per kind: parameter path ("cores", "autoscale.max", "service.read") → the schema of its value. */
export const SETTABLE_PARAMS: Record<NodeType, Record<string, Schema<ParamValue>>> = {
  client: settable(clientEntries, { retry: retryEntries }),
  cdn: settable(cdnEntries, { service: serviceOps }),
  loadBalancer: settable(lbEntries, { service: serviceOps, healthCheck: healthCheckEntries }),
  rateLimiter: settable(rlEntries),
  appServer: settable(appEntries, {
    service: serviceOps,
    retry: retryEntries,
    circuitBreaker: circuitBreakerEntries,
    autoscale: autoscaleEntries,
  }),
  cache: settable(cacheEntries, { service: serviceOps }),
  database: settable(dbEntries, { service: serviceOps }),
  queue: settable(queueEntries),
  worker: settable(workerEntries, { service: serviceOps }),
};
