/** The node a palette drop creates: sensible starting values a user can see and change. */
import type { RawNode } from './model';

const STARTERS: Record<string, Record<string, unknown>> = {
  client: { rate: [{ at: '0s', rps: 200 }], arrivals: 'poisson', timeout: '5s' },
  cdn: { capacity: 100000, ttl: '1h' },
  loadBalancer: { policy: 'round-robin' },
  rateLimiter: { rate: 1000, burst: 200 },
  appServer: { instances: 1, cores: 4, concurrency: 64, backlog: 512, service: '8ms' },
  cache: { capacity: 10000, ttl: '60s', service: '0.2ms' },
  database: { role: 'primary', connections: 20, service: { read: '4ms', write: '10ms' } },
  queue: { capacity: 10000, onFull: 'reject', visibilityTimeout: '30s' },
  worker: { instances: 1, concurrency: 4, service: '20ms' },
};

export function newNode(type: string, id: string, pos: [number, number]): RawNode {
  return {
    id,
    type,
    pos: [Math.round(pos[0]), Math.round(pos[1])],
    ...structuredClone(STARTERS[type] ?? {}),
  };
}
