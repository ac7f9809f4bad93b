/**
 * From a node's normalized parameters to its simulation object. One line per component kind;
 * the scenario layer validated the parameters, so each constructor trusts them.
 */
import { AppServer, type AppServerParams } from './appServer';
import { Cache, type CacheParams } from './cache';
import { Cdn, type CdnParams } from './cdn';
import { Client, type ClientParams } from './client';
import { Database, type DatabaseParams } from './database';
import { LoadBalancer, type LoadBalancerParams } from './loadBalancer';
import type { SimContext, SimNode } from './node';
import { Queue, type QueueParams } from './queue';
import { RateLimiter, type RateLimiterParams } from './rateLimiter';
import { Replica } from './replica';
import { Worker, type WorkerParams } from './worker';

/** A normalized node: id, type and that kind's parameters. */
export interface NodeSpec {
  id: string;
  type: string;
}

export function createNode(ctx: SimContext, spec: NodeSpec): SimNode {
  // Each node owns a deep copy: live `set` edits change it, never the scenario (which may be
  // built again, e.g. for replications or after an undo). Normalized scenarios are plain JSON.
  const p = JSON.parse(JSON.stringify(spec)) as unknown;
  switch (spec.type) {
    case 'client':
      return new Client(ctx, spec.id, p as ClientParams);
    case 'appServer':
      return new AppServer(ctx, spec.id, p as AppServerParams);
    case 'loadBalancer':
      return new LoadBalancer(ctx, spec.id, p as LoadBalancerParams);
    case 'rateLimiter':
      return new RateLimiter(ctx, spec.id, p as RateLimiterParams);
    case 'cache':
      return new Cache(ctx, spec.id, p as CacheParams);
    case 'cdn':
      return new Cdn(ctx, spec.id, p as CdnParams);
    case 'database':
      return (p as DatabaseParams).role === 'replica'
        ? new Replica(ctx, spec.id, p as DatabaseParams)
        : new Database(ctx, spec.id, p as DatabaseParams);
    case 'queue':
      return new Queue(ctx, spec.id, p as QueueParams);
    case 'worker':
      return new Worker(ctx, spec.id, p as WorkerParams);
    default:
      throw new Error(`${spec.id}: the ${spec.type} component is not available in this build`);
  }
}
