/** The benchmark scenarios (scenario@1 inputs). */

const base = { format: 'scalelab/scenario@1', seed: 1, warmup: '10s' };

function mm1(durationS: number) {
  return {
    ...base,
    name: 'M/M/1 at rho 0.9',
    duration: `${durationS}s`,
    nodes: [
      {
        id: 'users',
        type: 'client',
        rate: 900,
        timeout: '1h',
        mix: [{ name: 'r', op: 'read', weight: 1, keys: { count: 1 } }],
      },
      {
        id: 'app',
        type: 'appServer',
        cores: 1,
        concurrency: 10_000_000,
        backlog: 10_000_000,
        service: '1ms',
      },
    ],
    edges: [{ from: 'users', to: 'app' }],
  };
}

function chain(durationS: number) {
  return {
    ...base,
    name: 'three-station chain',
    duration: `${durationS}s`,
    nodes: [
      {
        id: 'users',
        type: 'client',
        rate: 600,
        timeout: '1h',
        mix: [{ name: 'r', op: 'read', weight: 1, keys: { count: 1 } }],
      },
      { id: 'web', type: 'appServer', cores: 1, concurrency: 100000, backlog: 100000, service: '1ms' },
      { id: 'api', type: 'appServer', cores: 2, concurrency: 100000, backlog: 100000, service: '2ms' },
      { id: 'auth', type: 'appServer', cores: 1, concurrency: 100000, backlog: 100000, service: '0.5ms' },
    ],
    edges: [
      { from: 'users', to: 'web' },
      { from: 'web', to: 'api' },
      { from: 'api', to: 'auth' },
    ],
  };
}

function fullArchitecture(durationS: number) {
  return {
    ...base,
    name: 'full web architecture',
    duration: `${durationS}s`,
    nodes: [
      {
        id: 'users',
        type: 'client',
        rate: 1000,
        mix: [
          { name: 'page view', op: 'read', weight: 9, keys: { count: 100000, zipf: 0.99 } },
          { name: 'edit', op: 'write', weight: 1, keys: { count: 100000, zipf: 0.99 } },
        ],
      },
      { id: 'lb', type: 'loadBalancer', policy: 'round-robin' },
      { id: 'app', type: 'appServer', instances: 4, cores: 4, service: '5ms' },
      { id: 'cache', type: 'cache', capacity: 20000, ttl: '5m' },
      { id: 'db', type: 'database', connections: 20, service: { read: '4ms', write: '10ms' } },
      {
        id: 'replica',
        type: 'database',
        role: 'replica',
        primary: 'db',
        connections: 20,
        service: { read: '4ms' },
      },
    ],
    edges: [
      { from: 'users', to: 'lb' },
      { from: 'lb', to: 'app' },
      { from: 'app', to: 'cache' },
      { from: 'app', to: 'db' },
      { from: 'app', to: 'replica' },
    ],
  };
}

export const BENCH_SCENARIOS = [
  // 5 600 s at 900/s ≈ 5M requests.
  { name: 'M/M/1 rho 0.9 (5M requests)', input: mm1(5600), warmupInput: mm1(200) },
  { name: 'three-station chain (3M requests)', input: chain(5000), warmupInput: chain(100) },
  {
    name: 'full web architecture (2M requests)',
    input: fullArchitecture(2000),
    warmupInput: fullArchitecture(50),
  },
];

/** A moderately loaded station with a ramped profile, for the memory check. */
export function memoryScenario(duration: string) {
  return {
    ...base,
    name: `memory ${duration}`,
    duration,
    nodes: [
      { id: 'users', type: 'client', rate: 200, timeout: '2s', retry: { max: 1 } },
      { id: 'app', type: 'appServer', cores: 2, service: '5ms' },
    ],
    edges: [{ from: 'users', to: 'app' }],
  };
}

/**
 * The M/M/1 a new user writes (issue 12): one app server with one slot (`concurrency` 1) and a
 * backlog of 10^6 in front of it, a 10 min client timeout, 10 ms exponential service at 90 req/s
 * (ρ 0.9, mean sojourn 1/(μ − λ) = 100 ms). 16 h simulated ≈ 5.2M requests. With
 * `concurrency` 10^7 instead every request holds a slot at once and waits for the core.
 */
export function naturalMM1(duration: string, concurrency = 1) {
  return {
    ...base,
    name: `natural M/M/1, concurrency ${concurrency}`,
    duration,
    nodes: [
      {
        id: 'users',
        type: 'client',
        rate: 90,
        timeout: '10m',
        mix: [{ name: 'r', op: 'read', weight: 1, keys: { count: 1 } }],
      },
      { id: 'app', type: 'appServer', cores: 1, concurrency, backlog: 1_000_000, service: '10ms' },
    ],
    edges: [{ from: 'users', to: 'app' }],
  };
}
