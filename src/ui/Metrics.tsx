/** Headline figures: p99 latency, throughput and error rate — over the last interval while running, the run's summary once finished. */
import { useRunStore } from '../store/runStore';
import { formatMs, formatPercent, formatRate } from './format';

export function Metrics() {
  const snapshot = useRunStore((s) => s.snapshot);
  const result = useRunStore((s) => (s.status === 'finished' ? s.result : null));
  // No completions in the interval (all failing, or nothing sent): there is no latency to show.
  const p99 = result ? result.latencyMs.p99 : snapshot && snapshot.rps > 0 ? snapshot.p99Ms : Number.NaN;
  const rps = result ? result.throughputRps : (snapshot?.rps ?? 0);
  const errors = result ? result.errorRate : (snapshot?.errorRate ?? 0);
  const scope = result ? 'over the whole run (after warm-up)' : 'over the last moment of simulated time';
  const items = [
    {
      id: 'metric-p99',
      label: 'p99 latency',
      value: p99,
      text: formatMs(p99),
      title: `99% of requests finished faster than this, ${scope}`,
    },
    {
      id: 'metric-throughput',
      label: 'Throughput',
      value: rps,
      text: formatRate(rps),
      title: `Completed requests per second, ${scope}`,
    },
    {
      id: 'metric-errors',
      label: 'Errors',
      value: errors,
      text: formatPercent(errors),
      title: `Share of attempts that failed, timed out or were rejected, ${scope}`,
    },
  ];
  return (
    <section className="metrics" aria-label="Headline metrics">
      {items.map((m) => (
        <div
          key={m.id}
          className={`metric ${m.id === 'metric-errors' && errors > 0.01 ? 'bad' : ''}`}
          title={m.title}
        >
          <div className="metric-label">{m.label}</div>
          <div
            className="metric-value"
            data-testid={m.id}
            data-value={Number.isFinite(m.value) ? m.value : ''}
          >
            {snapshot || result ? m.text : '–'}
          </div>
        </div>
      ))}
    </section>
  );
}
