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

/** A station's name: its node's label (a replica's apply thread says so in its kind line). */
function stationName(names: ReadonlyMap<string, NodeName>, row: { id: string; node: string }): string {
  return nameOf(names, row.node);
}

/** What reaching 100% means at a station of this kind. */
function consequence(row: TheoryRow | undefined): string {
  if (!row) return '';
  if (row.sheds) return 'past it the limiter rejects the excess (429), so goodput stops growing';
  if (row.path === 'replication') return 'past it replication lag and stale reads grow without bound';
  if (row.path === 'async')
    return 'past it the job queue grows without bound (answers stay fast until the queue fills)';
  return 'past it its queue grows without bound, so latency and errors climb';
}

function retriesNote(factor: number, finished: boolean): string {
  const extra = factor - 1;
  if (!(extra > 0.0005)) return 'first attempts; the run made no retries';
  return `first attempts; retries not counted — they added ${formatPercent(extra)} more attempts${finished ? '' : ' so far'}`;
}

function Headline({ theory, names }: { theory: TheoryView; names: ReadonlyMap<string, NodeName> }) {
  const { bottleneck, saturationRps, offeredRps, offeredScope, retryFactor } = theory;
  const load =
    offeredScope === 'now'
      ? `You are offering ${formatRate(offeredRps)} now`
      : `At the scenario's peak of ${formatRate(offeredRps)}`;
  if (!bottleneck || !Number.isFinite(saturationRps)) {
    return (
      <p className="insight-lead" data-testid="theory-headline">
        No station has any demand, so none can be named as the bottleneck. {load} (
        {retriesNote(retryFactor, offeredScope === 'peak')}
        ).
      </p>
    );
  }
  const row = theory.rows.find((r) => r.id === bottleneck);
  const ratio = offeredRps / saturationRps;
  const verdict =
    ratio >= 1
      ? `${ratio.toFixed(2)}× what it can take: ${consequence(row)}.`
      : ratio > 1 / 1.15
        ? `right at the edge (${formatPercent(ratio)} of it): a little more load and ${consequence(row).replace(/^past it /, '')}.`
        : offeredRps > 0
          ? `${(1 / ratio).toFixed(1 / ratio < 10 ? 1 : 0)}× headroom.`
          : 'no load yet.';
  const scaled = theory.autoscaled.filter((a) => a.max > a.ran + 0.05);
  return (
    <div className="insight-lead-block">
      <p className={`insight-lead ${ratio >= 1 ? 'is-bad' : ''}`} data-testid="theory-headline">
        <strong>
          {row ? stationName(names, row) : bottleneck}
          {row && row.id !== row.node ? ' (its apply thread)' : ''}
        </strong>{' '}
        saturates first, at ≈ <strong>{formatRate(saturationRps)}</strong> of requests from the clients.{' '}
        {load} ({retriesNote(retryFactor, offeredScope === 'peak')}
        ): {verdict}
      </p>
      <p className="muted small" data-testid="theory-basis">
        Bottleneck = the station with the highest demand per request (visits × service time ÷ servers), the
        lowest figure in the “saturates at” column.
        {Object.entries(theory.hitRatios).map(([id, h]) => (
          <span key={id}>
            {' '}
            {nameOf(names, id)} hit ratio {formatPercent(h.value)} (
            {h.source === 'measured'
              ? 'measured'
              : h.source === 'fixed'
                ? 'fixed in the scenario'
                : 'theory estimate'}
            ).
          </span>
        ))}
        {scaled.map((a) => (
          <span key={a.id}>
            {' '}
            {nameOf(names, a.id)} counted at its autoscale maximum of {a.max} instances (it ran{' '}
            {a.ran.toFixed(1)} on average; its row uses those).
          </span>
        ))}
      </p>
    </div>
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
  const servers = row.sheds
    ? '—'
    : row.instances > 1.001
      ? `${row.servers} × ${row.instances.toFixed(row.instances % 1 ? 1 : 0)}`
      : String(row.servers);
  const measured = Number.isFinite(row.measuredUtilization);
  const gap = measured ? Math.abs(row.predictedUtilization - row.measuredUtilization) : 0;
  const kind = row.id !== row.node ? 'Replica · apply thread' : (KIND_BY_TYPE[row.type]?.name ?? row.type);
  return (
    <tr className={bottleneck ? 'is-bottleneck' : undefined} data-testid={`theory-${row.id}`}>
      <th scope="row">
        {stationName(names, row)}
        <span className="kind muted small">
          {kind}
          {row.path === 'async' ? ' · after the answer' : ''}
        </span>
      </th>
      <td className="num" title="Parallel servers per instance × instances">
        {servers}
      </td>
      <td className="num" title="Visits per request from the clients × mean service time per visit">
        {row.visitRatio.toFixed(row.visitRatio < 0.1 ? 3 : 2)}
        {row.sheds ? '' : ` × ${formatMs(row.serviceMs)}`}
      </td>
      <td
        className={`num ${bottleneck ? 'is-strong' : ''}`}
        title="Requests per second from the clients at which this station reaches 100%"
      >
        {Number.isFinite(row.saturationRps) ? formatRate(row.saturationRps) : '∞'}
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
      <td className={`num ${gap > 0.1 ? 'is-off' : ''}`}>
        {measured ? formatPercent(row.measuredUtilization) : '—'}
      </td>
      <td>
        {measured && <UtilCell predicted={row.predictedUtilization} measured={row.measuredUtilization} />}
      </td>
      <td className="num">
        {row.sheds ? '—' : Number.isFinite(row.predictedMs) ? formatMs(row.predictedMs) : '∞'}
      </td>
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
          <span className="muted small" data-testid="theory-window">
            rows at the {formatRate(theory.windowRps)} the clients sent from{' '}
            {formatSeconds(theory.window.fromMs)} to {formatSeconds(theory.window.toMs)}
            {status === 'finished' ? ' (end of run)' : ''}, beside what was measured over the same stretch
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
          <div className="theory-scroll">
            <table className="insight-table theory-table">
              <thead>
                <tr>
                  <th scope="col">Station</th>
                  <th scope="col" className="num" title="Servers per instance × instances">
                    c
                  </th>
                  <th
                    scope="col"
                    className="num"
                    title="Visits per request from the clients × mean service time per visit"
                  >
                    v × S
                  </th>
                  <th
                    scope="col"
                    className="num"
                    title="Requests per second from the clients at which the station reaches 100%: servers ÷ (v × S)"
                  >
                    saturates at
                  </th>
                  <th scope="col" className="num" title="Measured arrival rate per instance">
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
          </div>
          <p className="muted small insight-foot">
            ρ theory = the window's request rate × v × S ÷ servers, with the hit ratios the run measured.
            Times: each station as an M/M/c queue fed by Poisson arrivals (Jackson's assumption). ≈ marks an
            M/G/c approximation (service not exponential); † a measured time that includes calls downstream.
            Where the columns disagree — row locks, cache-aside feedback, timeouts, retries, autoscaling — the
            gap is the lesson.
          </p>
        </>
      )}
    </section>
  );
}
