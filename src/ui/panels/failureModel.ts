/**
 * The "why it failed" table: failures by reason (result@1 `failureReasons` names) with their count,
 * share, the nodes where they happened, and one plain sentence on what each reason means.
 */

/** Failures by node id, then by reason: count. */
export type FailureCounts = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface FailureRow {
  reason: string;
  count: number;
  /** Share of all failures in the table, 0..1. */
  share: number;
  /** Where they happened, most first. */
  nodes: { id: string; count: number }[];
}

/** Rows by count (most first; ties by reason name, so the order never flickers). */
export function failureRows(byNode: FailureCounts): FailureRow[] {
  const rows = new Map<string, FailureRow>();
  let total = 0;
  for (const id of Object.keys(byNode).sort()) {
    for (const [reason, count] of Object.entries(byNode[id])) {
      if (!(count > 0)) continue;
      let row = rows.get(reason);
      if (!row) {
        row = { reason, count: 0, share: 0, nodes: [] };
        rows.set(reason, row);
      }
      row.count += count;
      row.nodes.push({ id, count });
      total += count;
    }
  }
  const out = [...rows.values()];
  for (const r of out) {
    r.share = total > 0 ? r.count / total : 0;
    r.nodes.sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return out.sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
}

/** What each reason means, in one sentence; `kind` is the type of the (first) node where it happened. */
export function explainReason(reason: string, kind?: string): string {
  switch (reason) {
    case 'backlog full':
      return kind === 'appServer' || kind === undefined
        ? "backlog full: the app server's waiting room was full, so it answered 503 at once"
        : `backlog full: every slot and the waiting room of the ${kind} were taken, so it refused the call`;
    case 'target down':
      return 'target down: the node was failed or removed, so every call sent to it failed';
    case 'timeout':
      return 'timeout: the caller stopped waiting after its timeout; the work downstream went on, wasted';
    case 'rate limited':
      return 'rate limited: the token bucket was empty, so the rate limiter answered 429';
    case 'circuit open':
      return 'circuit open: too many recent errors downstream, so the breaker failed the call fast without trying';
    case 'queue full':
      return 'queue full: the queue was at capacity and refused the job';
    case 'no route':
      return 'no route: nothing healthy to send to (no target wired, or every target marked unhealthy)';
    case 'hop limit':
      return 'hop limit: the request crossed too many nodes, a loop in the wiring';
    case 'crashed':
      return 'crashed: a worker died in the middle of the job; the queue redelivers it';
    case 'poison message':
      return 'poison message: a job that fails on every delivery; only max receives on the queue stops its redeliveries';
    case 'shutting down':
      return 'shutting down: the instance was being retired by the autoscaler and refused new work';
    default:
      return reason;
  }
}
