/**
 * From a node's normalized parameters to its simulation object. One line per component kind;
 * the scenario layer validated the parameters, so each constructor trusts them.
 */
import { AppServer, type AppServerParams } from './appServer';
import { Client, type ClientParams } from './client';
import type { SimContext, SimNode } from './node';

/** A normalized node: id, type and that kind's parameters. */
export interface NodeSpec {
  id: string;
  type: string;
}

export function createNode(ctx: SimContext, spec: NodeSpec): SimNode {
  const p = spec as unknown;
  switch (spec.type) {
    case 'client':
      return new Client(ctx, spec.id, p as ClientParams);
    case 'appServer':
      return new AppServer(ctx, spec.id, p as AppServerParams);
    default:
      throw new Error(`${spec.id}: the ${spec.type} component is not available in this build`);
  }
}
