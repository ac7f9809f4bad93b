/** The selected node's live figures from the latest snapshot. */
import { useRunStore } from '../../store/runStore';
import { formatCount, formatMs, formatPercent, formatRate, formatSeconds } from '../format';

const EXTRA_LABELS: Record<string, { label: string; fmt(v: number): string; title: string }> = {
  hitRatio: {
    label: 'Hit ratio',
    fmt: formatPercent,
    title: 'Cache hits among gets since the previous frame',
  },
  lagMs: { label: 'Replication lag', fmt: formatMs, title: 'How far the replica is behind its primary' },
  depth: { label: 'Depth', fmt: formatCount, title: 'Jobs waiting in the queue' },
  oldestAgeMs: { label: 'Oldest job', fmt: formatMs, title: 'Age of the job next to be delivered' },
  blocked: {
    label: 'Blocked producers',
    fmt: formatCount,
    title: 'Enqueues held back while the queue is full',
  },
  fill: { label: 'Fill', fmt: formatPercent, title: 'Waiting jobs as a share of the capacity' },
  deadLettered: {
    label: 'Dead-lettered',
    fmt: formatCount,
    title: 'Jobs set aside after their last allowed delivery timed out (max receives)',
  },
  instances: {
    label: 'Instances',
    fmt: formatCount,
    title: 'Instances serving now (autoscaling changes it)',
  },
  staleReads: {
    label: 'Stale reads',
    fmt: formatCount,
    title: 'Reads of keys whose newest write had not reached the replica',
  },
  duplicates: { label: 'Duplicates', fmt: formatCount, title: 'Jobs delivered more than once' },
  entries: { label: 'Entries', fmt: formatCount, title: 'Keys held right now' },
  lockWaiting: {
    label: 'Waiting for a row lock',
    fmt: formatCount,
    title: 'Writes waiting for a row another write holds',
  },
  healthyTargets: {
    label: 'Healthy targets',
    fmt: formatCount,
    title: 'Targets the health checks believe are up',
  },
  limited: {
    label: 'Rate limited',
    fmt: formatRate,
    title: 'Requests refused per second (429) since the previous frame',
  },
  tokens: { label: 'Tokens', fmt: formatCount, title: 'Tokens left in the bucket right now' },
  applyBacklog: {
    label: 'Writes to apply',
    fmt: formatCount,
    title: "The primary's writes not yet applied here",
  },
  busy: { label: 'Busy slots', fmt: formatCount, title: 'Jobs being worked on right now' },
  crashes: {
    label: 'Crashes',
    fmt: formatCount,
    title: 'Jobs that crashed mid-way since the start (redelivered)',
  },
};

export function LiveFigures({ id }: { id: string }) {
  const live = useRunStore((s) => s.snapshot?.nodes[id]);
  const windowMs = useRunStore((s) => s.snapshot?.windowMs ?? 0);
  if (!live) return <p className="muted small">Live figures appear here when the run plays.</p>;
  // The window is LIVE_WINDOW_MS (5 s) plus up to one sampling step; said in whole seconds.
  const over = `over the last ${windowMs >= 1000 ? `${Math.round(windowMs / 1000)} s` : formatSeconds(windowMs)} of simulated time`;
  const rows: [string, string, string][] = [
    ['Health', live.health, 'ok < 70% busy ≤ hot < 95% ≤ saturated; down when failed'],
    ['Utilisation', formatPercent(live.utilization), `Share of this node's servers busy ${over}`],
    ['Queue', formatCount(live.queue), 'Requests waiting right now'],
    [
      'In flight',
      formatCount(live.inFlight),
      'Requests at this node right now: waiting or in service (an app server: holding a slot, its calls downstream included, or in its backlog)',
    ],
    [
      'Arrivals',
      formatRate(live.arrivalsRps),
      `Requests arriving per second ${over} (what its incoming edges carry)`,
    ],
    ['Throughput', formatRate(live.throughputRps), `Completions per second ${over}`],
    ['Failures', formatCount(live.failures), 'Failures caused at this node since the start'],
  ];
  for (const [k, v] of Object.entries(live.extra)) {
    const spec = EXTRA_LABELS[k];
    rows.push([spec?.label ?? k, spec ? spec.fmt(v) : String(Math.round(v * 1000) / 1000), spec?.title ?? k]);
  }
  return (
    <>
      <p className="muted small" data-testid="live-window">
        Rates and utilisation {over}; counts right now.
      </p>
      <dl className="live-figures" data-testid="live-figures">
        {rows.map(([label, value, title]) => (
          <div key={label} title={title}>
            <dt>{label}</dt>
            <dd className={label === 'Health' ? `health-text-${value}` : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
