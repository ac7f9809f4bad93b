/**
 * Hostile scenarios, one per place a run can hold memory that grows with the load rather than
 * with the file: calls in flight (backlogs, retries waiting), jobs waiting in queues, writes
 * waiting at a replica (the replication log), keys held by caches and CDNs. Each is accepted by
 * the gate; only the work budget keeps it bounded. `scale` shrinks them for fast unit tests.
 */

type Json = Record<string, unknown>;

const scenario = (name: string, duration: string, nodes: Json[], edges: Json[]) => ({
  format: 'scalelab/scenario@1',
  name,
  duration,
  nodes,
  edges,
});

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The reproducer 2: requests piling up in one app server's slots. */
export function callsPileUp(rate = 10_000_000) {
  return scenario(
    'calls',
    '3s',
    [
      { id: 'c', type: 'client', rate },
      { id: 'app', type: 'appServer', concurrency: 10_000_000, backlog: 10_000_000, service: '1h' },
    ],
    [{ from: 'c', to: 'app' }],
  );
}

/** `queues` queues of capacity 10^7 filled by async writes, with no worker to drain them. */
export function queuesFill(queues = 4, rate = 10_000_000) {
  return scenario(
    'queues',
    '10s',
    [
      {
        id: 'c',
        type: 'client',
        rate,
        mix: [{ name: 'w', op: 'write', weight: 1, async: true }],
      },
      ...range(queues).flatMap((i) => [
        { id: `app${i}`, type: 'appServer', cores: 256, concurrency: 10_000_000, service: '1us' },
        { id: `q${i}`, type: 'queue', capacity: 10_000_000 },
      ]),
    ],
    [
      ...range(queues).flatMap((i) => [
        { from: 'c', to: `app${i}` },
        { from: `app${i}`, to: `q${i}` },
      ]),
    ],
  );
}

/** Writes committed at a primary far faster than `replicas` replicas can apply them. */
export function replicationLag(replicas = 4, rate = 10_000_000) {
  return scenario(
    'replicas',
    '10s',
    [
      { id: 'c', type: 'client', rate, mix: [{ name: 'w', op: 'write', weight: 1 }] },
      { id: 'app', type: 'appServer', cores: 256, concurrency: 10_000_000, service: '1us' },
      { id: 'db', type: 'database', connections: 100_000, shards: 64, service: { write: '1us' } },
      ...range(replicas).map((i) => ({
        id: `r${i}`,
        type: 'database',
        role: 'replica',
        primary: 'db',
        applyService: '1h',
      })),
    ],
    [
      { from: 'c', to: 'app' },
      { from: 'app', to: 'db' },
      ...range(replicas).map((i) => ({ from: 'db', to: `r${i}` })),
    ],
  );
}

/** `caches` caches of capacity 10^7 in front of a database, fed 10^7 distinct keys. */
export function cachesFill(caches = 4, rate = 10_000_000) {
  return scenario(
    'caches',
    '10s',
    [
      {
        id: 'c',
        type: 'client',
        rate,
        mix: [{ name: 'r', op: 'read', weight: 1, keys: { count: 10_000_000, zipf: 0 } }],
      },
      ...range(caches).flatMap((i) => [
        { id: `app${i}`, type: 'appServer', cores: 256, concurrency: 10_000_000, service: '1us' },
        {
          id: `cache${i}`,
          type: 'cache',
          capacity: 10_000_000,
          cores: 256,
          backlog: 10_000_000,
          service: '1us',
        },
      ]),
      // Cache-aside: a miss reads the database, then sets the key in the cache.
      { id: 'db', type: 'database', connections: 100_000, shards: 64, service: { read: '1us' } },
    ],
    range(caches).flatMap((i) => [
      { from: 'c', to: `app${i}` },
      { from: `app${i}`, to: `cache${i}` },
      { from: `app${i}`, to: 'db' },
    ]),
  );
}

/** `cdns` CDNs of capacity 10^8 fed 10^7 distinct keys of static content. */
export function cdnsFill(cdns = 4, rate = 10_000_000) {
  return scenario(
    'cdns',
    '10s',
    [
      {
        id: 'c',
        type: 'client',
        rate,
        mix: [{ name: 's', op: 'static', weight: 1, keys: { count: 10_000_000, zipf: 0 } }],
      },
      ...range(cdns).flatMap((i) => [
        { id: `cdn${i}`, type: 'cdn', capacity: 100_000_000 },
        { id: `origin${i}`, type: 'appServer', cores: 256, concurrency: 10_000_000, service: '1us' },
      ]),
    ],
    range(cdns).flatMap((i) => [
      { from: 'c', to: `cdn${i}` },
      { from: `cdn${i}`, to: `origin${i}` },
    ]),
  );
}

export const HELD_SCENARIOS = {
  calls: callsPileUp,
  queues: queuesFill,
  replicas: replicationLag,
  caches: cachesFill,
  cdns: cdnsFill,
};
