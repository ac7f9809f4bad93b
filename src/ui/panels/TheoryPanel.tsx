/**
 * Theory beside the simulation: each station's M/M/c prediction (at the arrival rate measured
 * there) next to what the run measured, and a headline naming the bottleneck and the load at
 * which it saturates. The worker computes the figures; this only lays them out.
 */
import { useRunStore } from '../../store/runStore';
import type { TheoryRow, TheoryView } from '../../worker/insight';
import { formatMs, formatPercent, formatRate, formatSeconds } from '../format';
import { KIND_BY_TYPE } from '../kinds';
import { type NodeName, nameOf, useNodeNames } from './nodeNames';

function Headline({ theory, names }: { theory: TheoryView; names: ReadonlyMap<string, NodeName> }) {
  const { bottleneck, saturationRps, offeredRps, offeredScope } = theory;
  const offering =
    offeredScope === 'now'
      ? `you are offering ≈ ${formatRate(offeredRps)} now`
      : `you offered up to ≈ ${formatRate(offeredRps)}`;
  const offeredTitle =
    'Offered load: attempts per second (completions + failures, retries included), over the last few seconds while running, or the busiest few seconds of a finished run';
  if (!bottleneck || !Number.isFinite(saturationRps)) {
    return (
      <p className="insight-lead" data-testid="theory-headline">
        No station has a measured load yet, so none can be named as the bottleneck; {offering}.
      </p>
    );
  }
  const over = offeredRps >= saturationRps;
  const headroom = offeredRps > 0 ? saturationRps / offeredRps : Number.POSITIVE_INFINITY;
  return (
    <p className={`insight-lead ${over ? 'is-bad' : ''}`} data-testid="theory-headline" title={offeredTitle}>
      <strong>{nameOf(names, bottleneck)}</strong> saturates first, at ≈{' '}
      <strong>{formatRate(saturationRps)}</strong>; {offering}
      {over
        ? ' — past saturation: its queue can only grow, so latency and errors climb.'
        : headroom < 1.15
          ? ' — right at the edge: a little more load and its queue grows without bound.'
          : Number.isFinite(headroom)
            ? ` — ${headroom.toFixed(headroom < 10 ? 1 : 0)}× headroom.`
            : '.'}
    </p>
  );
}

function UtilCell({ predicted, measured }: { predicted: number; measured: number }) {
  const width = (v: number) => `${Math.min(100, Math.max(0, v * 100))}%`;
  return (
    <span
      className="util-pair"
      title={`predicted ${formatPercent(predicted)}, measured ${formatPercent(measured)}`}
    >
      <span className="util-track" aria-hidden="true">
        <span className="util-measured" style={{ width: width(measured) }} />
        <span className="util-predicted" style={{ left: width(predicted) }} />
      </span>
    </span>
  );
}

function Row({
  row,
  names,
  bottleneck,
}: {
  row: TheoryRow;
  names: ReadonlyMap<string, NodeName>;
  bottleneck: boolean;
}) {
  const servers =
    row.instances > 1.001
      ? `${row.servers} × ${row.instances.toFixed(row.instances % 1 ? 1 : 0)}`
      : String(row.servers);
  const gap = Math.abs(row.predictedUtilization - row.measuredUtilization);
  return (
    <tr className={bottleneck ? 'is-bottleneck' : undefined} data-testid={`theory-${row.id}`}>
      <th scope="row">
        {nameOf(names, row.id)}
        <span className="kind muted small">{KIND_BY_TYPE[row.type]?.name ?? row.type}</span>
      </th>
      <td className="num" title="Parallel servers per instance × instances">
        {servers}
      </td>
      <td className="num" title="Measured arrivals per second, per instance">
        {formatRate(row.arrivalRps)}
      </td>
      <td className="num">
        {row.stable ? formatPercent(row.predictedUtilization) : '≥ 100%'}
        {row.approximate && (
          <abbr
            className="approx"
            title="Approximation: service time is not exponential (M/G/c, Allen–Cunneen)"
          >
            ≈
          </abbr>
        )}
      </td>
      <td className={`num ${gap > 0.1 ? 'is-off' : ''}`}>{formatPercent(row.measuredUtilization)}</td>
      <td>
        <UtilCell predicted={row.predictedUtilization} measured={row.measuredUtilization} />
      </td>
      <td className="num">{Number.isFinite(row.predictedMs) ? formatMs(row.predictedMs) : '∞'}</td>
      <td className="num">
        {formatMs(row.measuredMs)}
        {row.includesDownstream && (
          <abbr
            className="approx"
            title="Includes the time this node waited on the nodes it calls, so it is not comparable with the prediction for this station alone"
          >
            †
          </abbr>
        )}
      </td>
    </tr>
  );
}

export function TheoryPanel() {
  const theory = useRunStore((s) => s.insight?.theory ?? null);
  const status = useRunStore((s) => s.status);
  const warmupMs = useRunStore((s) => s.result?.warmupMs);
  const names = useNodeNames();
  return (
    <section className="insight-panel" data-testid="theory-panel" aria-label="Theory beside the simulation">
      <header className="insight-head">
        <h2>Theory beside the simulation</h2>
        {theory && (
          <span className="muted small">
            M/M/c at the measured arrival rates · at t = {formatSeconds(theory.atMs)}
            {status === 'finished' ? ' (end of run)' : ''}
          </span>
        )}
      </header>
      {!theory ? (
        <p className="muted insight-empty">
          Each station's queueing-theory prediction appears here beside what the run measures, once the
          warm-up{warmupMs ? ` (${formatSeconds(warmupMs)})` : ''} is over. Press play.
        </p>
      ) : (
        <>
          <Headline theory={theory} names={names} />
          <table className="insight-table theory-table">
            <thead>
              <tr>
                <th scope="col">Station</th>
                <th scope="col" className="num" title="Servers per instance × instances">
                  c
                </th>
                <th scope="col" className="num" title="Arrival rate per instance">
                  λ
                </th>
                <th scope="col" className="num">
                  ρ theory
                </th>
                <th scope="col" className="num">
                  ρ measured
                </th>
                <th scope="col">
                  <span className="legend-measured">measured</span> /{' '}
                  <span className="legend-predicted">theory</span>
                </th>
                <th scope="col" className="num">
                  Time theory
                </th>
                <th scope="col" className="num">
                  Time measured
                </th>
              </tr>
            </thead>
            <tbody>
              {theory.rows.map((r) => (
                <Row key={r.id} row={r} names={names} bottleneck={r.id === theory.bottleneck} />
              ))}
            </tbody>
          </table>
          <p className="muted small insight-foot">
            Each station is treated as an M/M/c queue fed by Poisson arrivals (Jackson's assumption). ≈ marks
            an M/G/c approximation (service not exponential); † a measured time that includes calls
            downstream. Where the columns disagree — row locks, cache-aside feedback, timeouts, autoscaling —
            the gap is the lesson.
          </p>
        </>
      )}
    </section>
  );
}
