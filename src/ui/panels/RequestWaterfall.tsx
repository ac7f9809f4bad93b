/**
 * The waterfall of a sampled request: the worker samples 1 request in 50 (and the next failed
 * one) and sends the latest ones; pick one to see each hop it made — node, operation, a bar from
 * its arrival at the node to the node's answer on a shared time axis (its first, hatched part the
 * time it waited in the node's queue), and how it went. An async write's job is followed past the
 * answer: from enqueue to ack at the queue, with each delivery to a worker below it.
 */
import { scaleLinear } from 'd3';
import { useEffect, useMemo, useState } from 'react';
import type { RequestTrace, TraceSpan } from '../../components/tracer';
import { useRunStore } from '../../store/runStore';
import { TRACE_EVERY } from '../../worker/driver';
import { useDotStore } from '../canvas/requestDots';
import { formatMs, formatSeconds } from '../format';
import { nameOf, useNodeNames } from './nodeNames';
import { mostInformative, type WaterfallRow, waterfallOf } from './waterfallModel';
import './waterfall.css';

const OUTCOME_TEXT: Record<RequestTrace['outcome'], string> = {
  ok: 'ok',
  failed: 'failed',
  rejected: 'rejected',
  timeout: 'timed out',
};

function keyOf(t: RequestTrace): string {
  return `${t.seq}.${t.attempt}@${t.startMs}`;
}

/** "page view", or "page view · retry 2" for the second retry of a request. */
function titleOf(t: RequestTrace): string {
  return t.attempt > 1 ? `${t.cls} · retry ${t.attempt - 1}` : t.cls;
}

function outcomeText(t: RequestTrace): string {
  return t.outcome === 'ok' || t.outcome === 'timeout'
    ? OUTCOME_TEXT[t.outcome]
    : `${OUTCOME_TEXT[t.outcome]}: ${t.reason}`;
}

export function RequestWaterfall() {
  const traces = useRunStore((s) => s.traces);
  const names = useNodeNames();
  const [picked, setPicked] = useState<RequestTrace | null>(null);
  // A request clicked on the canvas (a moving dot) opens here.
  const fromCanvas = useDotStore((s) => s.picked);
  useEffect(() => {
    if (fromCanvas) setPicked(fromCanvas);
  }, [fromCanvas]);
  // Newest first; a picked trace stays on screen after the worker's list has moved on. Until one
  // is picked, the most informative one shows: the slowest successful request.
  const list = useMemo(() => (traces ? [...traces].reverse() : []), [traces]);
  const selected = picked ?? mostInformative(list);

  return (
    <section className="insight-panel" data-testid="waterfall" aria-label="Sampled request">
      <header className="insight-head">
        <h2>Where a request's time went</h2>
        <span className="muted small">
          1 request in {TRACE_EVERY} sampled, and the latest failed one with its retries; click a dot on the
          canvas to see its request
        </span>
      </header>
      {list.length === 0 && !selected ? (
        <p className="muted insight-empty">
          Press play: sampled requests appear here; pick one to see each hop it made and how long it took.
        </p>
      ) : (
        <div className="waterfall">
          <ul className="waterfall-list" aria-label="Sampled requests">
            {list.map((t) => {
              const k = keyOf(t);
              const on = selected !== null && keyOf(selected) === k;
              return (
                <li key={k}>
                  <button
                    type="button"
                    className={on ? 'waterfall-pick is-active' : 'waterfall-pick'}
                    aria-pressed={on}
                    data-testid={t.attempt > 1 ? `trace-${t.seq}-${t.attempt}` : `trace-${t.seq}`}
                    onClick={() => setPicked(t)}
                  >
                    <span className="waterfall-cls">{titleOf(t)}</span>
                    <span className="num">{formatMs(t.endMs - t.startMs)}</span>
                    <span className={t.outcome === 'ok' ? 'waterfall-ok' : 'waterfall-bad'}>
                      {outcomeText(t)}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
          {selected && <TraceView trace={selected} names={names} />}
        </div>
      )}
    </section>
  );
}

function spanStatus(s: TraceSpan, trace: RequestTrace): string {
  if (s.op === 'job') {
    if (s.endMs === null) return s.startMs === null ? 'still waiting for a worker' : 'not acked yet';
    return s.status === 'ok' ? 'acked' : s.status;
  }
  if (s.endMs === null)
    return trace.outcome === 'timeout' ? 'still working when the client gave up' : 'no answer';
  if (s.status === 'ok') return 'ok';
  return s.failedHere ? `failed here: ${s.status}` : `${s.status} (from downstream)`;
}

/** When the request's async jobs were done, against its answer: "its job was acked 2.3 s later". */
function jobsText(trace: RequestTrace): string | null {
  const jobs = trace.spans.filter((s) => s.op === 'job').length;
  if (jobs === 0) return null;
  const what = jobs === 1 ? 'its job was' : `its ${jobs} jobs were`;
  if (trace.jobsDoneMs === null) return `${what} not done yet when this was kept`;
  const after = trace.jobsDoneMs - trace.endMs;
  return after > 0 ? `${what} done ${formatMs(after)} after the answer` : `${what} done before the answer`;
}

function RowView({
  row,
  trace,
  names,
  x,
  answeredAt,
}: {
  row: WaterfallRow;
  trace: RequestTrace;
  names: ReturnType<typeof useNodeNames>;
  x: (t: number) => number;
  answeredAt: number | null;
}) {
  const line =
    answeredAt !== null ? (
      <span
        className="waterfall-answered"
        title="The client had its answer here"
        style={{ left: `${answeredAt * 100}%` }}
      />
    ) : null;
  const left = x(row.fromMs);
  const width = Math.max(x(row.toMs) - left, 0.4);
  const own = row.offPath ? 'after' : formatMs(row.ownMs);
  const ownTitle = row.offPath
    ? "After the answer: not part of the request's latency"
    : "Time this row accounts for in the request's latency (the rows add up to it)";
  if (row.kind === 'client') {
    return (
      <tr data-testid="waterfall-row" className="is-network">
        <th scope="row" className="waterfall-hop">
          at the client
        </th>
        <td>
          <div className="waterfall-track">
            <span className="waterfall-bar is-network" style={{ left: `${left}%`, width: `${width}%` }} />
          </div>
        </td>
        <td className="num">–</td>
        <td className="num" title={ownTitle}>
          {own}
        </td>
        <td className="num">{formatMs(row.toMs - row.fromMs)}</td>
        <td className="waterfall-ok">{trace.reason === 'ok' ? '' : trace.reason}</td>
      </tr>
    );
  }
  const s = trace.spans[row.span];
  const indent = { paddingLeft: `${4 + s.depth * 12}px` };
  if (row.kind !== 'hop') {
    const into = row.kind === 'network-in';
    return (
      <tr data-testid="waterfall-row" className="is-network">
        <th scope="row" className="waterfall-hop" style={indent}>
          <span className="muted">
            network {into ? '→' : '←'} {nameOf(names, s.node)}
          </span>
        </th>
        <td>
          <div className="waterfall-track">
            {line}
            <span className="waterfall-bar is-network" style={{ left: `${left}%`, width: `${width}%` }} />
          </div>
        </td>
        <td className="num">–</td>
        <td className="num" title={ownTitle}>
          {own}
        </td>
        <td className="num">{formatMs(s.latencyMs)}</td>
        <td className="waterfall-ok">{into ? 'edge latency' : 'answer back'}</td>
      </tr>
    );
  }
  const bad = s.endMs !== null && s.status !== 'ok';
  const waitedMs = s.startMs === null ? null : s.startMs - s.arriveMs;
  const waitWidth = waitedMs === null ? 0 : Math.min(x(s.startMs ?? 0) - left, width);
  const bar = s.endMs === null ? 'waterfall-bar is-open' : bad ? 'waterfall-bar is-bad' : 'waterfall-bar';
  return (
    <tr data-testid="waterfall-row" className={row.offPath ? 'is-after' : undefined}>
      <th scope="row" className="waterfall-hop" style={indent}>
        {nameOf(names, s.node)} <span className="muted">{s.op}</span>
      </th>
      <td>
        <div className="waterfall-track">
          {line}
          <span className={bar} style={{ left: `${left}%`, width: `${width}%` }} />
          {waitWidth > 0 && (
            <span
              className="waterfall-wait"
              title={`waited ${formatMs(waitedMs ?? 0)} in the queue`}
              style={{ left: `${left}%`, width: `${waitWidth}%` }}
            />
          )}
        </div>
      </td>
      <td className="num">{waitedMs === null ? '–' : formatMs(waitedMs)}</td>
      <td className="num" title={ownTitle}>
        {own}
      </td>
      <td className="num">{s.endMs === null ? '–' : formatMs(s.endMs - s.arriveMs)}</td>
      <td className={bad || s.endMs === null ? 'waterfall-bad' : 'waterfall-ok'}>{spanStatus(s, trace)}</td>
    </tr>
  );
}

function TraceView({ trace, names }: { trace: RequestTrace; names: ReturnType<typeof useNodeNames> }) {
  const waterfall = useMemo(() => waterfallOf(trace), [trace]);
  // The axis runs from when the attempt left the client to its answer, or further when async
  // jobs went on after it.
  let lastMs = trace.endMs;
  for (const r of waterfall.rows) lastMs = Math.max(lastMs, r.toMs);
  const total = Math.max(lastMs - trace.startMs, 1e-9);
  const answeredAt = lastMs > trace.endMs ? (trace.endMs - trace.startMs) / total : null;
  const jobs = jobsText(trace);
  // Time since the request started, so the axis ticks fall on round figures.
  const rel = scaleLinear().domain([0, total]).range([0, 100]).clamp(true);
  const x = (t: number) => rel(t - trace.startMs);
  const ticks = rel.ticks(2).filter((t) => rel(t) <= 90);
  const sum = waterfall.rows.reduce((a, r) => a + r.ownMs, 0);
  return (
    <div className="waterfall-view" data-testid="waterfall-view">
      <p className="insight-lead">
        <strong>{trace.cls}</strong>
        {trace.attempt > 1 && ` (attempt ${trace.attempt} of request #${trace.seq})`} at{' '}
        {formatSeconds(trace.startMs)}: <strong>{formatMs(trace.endMs - trace.startMs)}</strong> end to end,{' '}
        <span className={trace.outcome === 'ok' ? 'waterfall-ok' : 'waterfall-bad'}>
          {outcomeText(trace)}
          {trace.failedAt && ` at ${nameOf(names, trace.failedAt)}`}
        </span>
        {jobs && `; ${jobs}`}
      </p>
      <table className="waterfall-table" aria-label="Hops">
        <thead>
          <tr>
            <th scope="col">Hop</th>
            <th scope="col">
              <div className="waterfall-track">
                {ticks.map((t) => (
                  <span key={t} className="waterfall-tick" style={{ left: `${rel(t)}%` }}>
                    {t === 0 ? '0' : formatMs(t)}
                  </span>
                ))}
              </div>
            </th>
            <th
              scope="col"
              className="num"
              title="Time waiting in the node's queue for a server, core or connection"
            >
              Waited
            </th>
            <th
              scope="col"
              className="num"
              title="Time the row accounts for in the latency: its wait and own work, without the calls below it and the network"
            >
              Own
            </th>
            <th
              scope="col"
              className="num"
              title="From arrival at the node to its answer (calls below included)"
            >
              At node
            </th>
            <th scope="col">Answer</th>
          </tr>
        </thead>
        <tbody>
          {waterfall.rows.map((row) => (
            <RowView
              key={`${row.kind}-${row.span}`}
              row={row}
              trace={trace}
              names={names}
              x={x}
              answeredAt={answeredAt}
            />
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="waterfall-sum">
            <th scope="row" colSpan={3}>
              Own times add up to
            </th>
            <td className="num">
              <strong>{formatMs(sum)}</strong>
            </td>
            <td colSpan={2} className="muted">
              = {formatMs(waterfall.latencyMs)} end to end
            </td>
          </tr>
        </tfoot>
      </table>
      <p className="muted small waterfall-legend">
        <span className="waterfall-key">
          <span className="waterfall-bar" />
          <span className="waterfall-wait" />
        </span>{' '}
        waited in the node's queue for a server, core or connection, then{' '}
        <span className="waterfall-key">
          <span className="waterfall-bar" />
        </span>{' '}
        served (a bar includes the calls made below it; “Own” counts each instant once, in the row the request
        was waiting on);{' '}
        <span className="waterfall-key">
          <span className="waterfall-bar is-network" />
        </span>{' '}
        on the network (edge latency each way)
        {jobs &&
          '. A job runs from its enqueue to its ack, hatched while it waits for a worker, with each delivery below it; it comes after the answer, so it adds nothing to the latency'}
        {answeredAt !== null && '; the dashed line is when the client had its answer'}
      </p>
    </div>
  );
}
