/**
 * Why requests failed, by reason: count, share, the nodes where it happened, and what the reason
 * means. Live (since t = 0) from the worker's insight while the run plays; the result's figures
 * (after the warm-up) once it finished.
 */
import { useMemo } from 'react';
import type { Result } from '../../scenario/resultTypes';
import { useRunStore } from '../../store/runStore';
import { formatCount, formatPercent, formatSeconds } from '../format';
import { explainReason, type FailureCounts, failureRows } from './failureModel';
import { nameOf, useNodeNames } from './nodeNames';

function resultCounts(r: Result): FailureCounts {
  const out: Record<string, Record<string, number>> = {};
  for (const [id, n] of Object.entries(r.nodes)) if (n.failures) out[id] = n.failures;
  return out;
}

/** The counts on screen and what they cover. */
export function useFailureCounts(): { counts: FailureCounts | null; finished: boolean; warmupMs: number } {
  const result = useRunStore((s) => (s.status === 'finished' ? s.result : null));
  const live = useRunStore((s) => s.insight?.failures ?? null);
  const counts = useMemo(() => (result ? resultCounts(result) : live), [result, live]);
  return { counts, finished: result !== null, warmupMs: result?.warmupMs ?? 0 };
}

export function FailureReasons() {
  const { counts, finished, warmupMs } = useFailureCounts();
  const requests = useRunStore((s) => (finished ? s.result?.requests : s.snapshot?.requests));
  const errorRate = useRunStore((s) => s.result?.errorRate ?? 0);
  const names = useNodeNames();
  const rows = useMemo(() => (counts ? failureRows(counts) : []), [counts]);
  const total = rows.reduce((a, r) => a + r.count, 0);
  const attempts = requests ? requests.arrived + requests.retries : 0;
  const failedAttempts = requests ? requests.failed + requests.timedOut + requests.rejected : 0;
  const scope = finished
    ? `after the warm-up (${formatSeconds(warmupMs)}), from the run's result`
    : 'since t = 0, live';
  const share = finished ? errorRate : attempts > 0 ? failedAttempts / attempts : 0;

  return (
    <section className="insight-panel" data-testid="failure-reasons" aria-label="Why it failed">
      <header className="insight-head">
        <h2>Why it failed</h2>
        <span className="muted small">{scope}</span>
      </header>
      {rows.length === 0 ? (
        <p className="muted insight-empty">
          {counts === null
            ? 'Press play: every failed request is counted here by reason, at the node where it failed.'
            : finished
              ? 'No request failed in this run.'
              : 'No request has failed so far.'}
        </p>
      ) : (
        <>
          <p className="insight-lead">
            <strong>{formatCount(total)}</strong> failures counted at the nodes;{' '}
            <strong>{formatPercent(share)}</strong> of client attempts failed, timed out or were rejected.
          </p>
          <table className="insight-table failure-table">
            <thead>
              <tr>
                <th scope="col">Reason</th>
                <th scope="col" className="num">
                  Count
                </th>
                <th scope="col" className="num">
                  Share
                </th>
                <th scope="col">Where</th>
                <th scope="col">What it means</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.reason} data-testid={`failure-${r.reason.replace(/ /g, '-')}`}>
                  <th scope="row" className="reason">
                    {r.reason}
                  </th>
                  <td className="num">{formatCount(r.count)}</td>
                  <td className="num">
                    <span className="share-bar" aria-hidden="true">
                      <span style={{ width: `${Math.max(2, r.share * 100)}%` }} />
                    </span>
                    {formatPercent(r.share)}
                  </td>
                  <td className="where">
                    {r.nodes.map((n, i) => (
                      <span key={n.id} title={`${formatCount(n.count)} at ${n.id}`}>
                        {i > 0 && ', '}
                        {nameOf(names, n.id)}
                        {r.nodes.length > 1 && <span className="muted"> ({formatCount(n.count)})</span>}
                      </span>
                    ))}
                  </td>
                  <td className="meaning">
                    {explainReason(r.reason, names.get(r.nodes[0]?.id ?? '')?.type).replace(/^[^:]+: /, '')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
