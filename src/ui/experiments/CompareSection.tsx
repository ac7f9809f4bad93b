/** A/B: the scenario on screen against a preset or an imported file, on the same seed, with the deltas. */
import { type ChangeEvent, useRef, useState } from 'react';
import type { RunSummary } from '../../experiments';
import { useExperimentStore } from '../../store/experimentStore';
import { runCompare } from '../../store/experiments';
import { asRawScenario, type RawScenario } from '../../store/model';
import { formatDollars } from '../charts/format';
import { formatMs, formatPercent, formatRate } from '../format';
import { presetScenario, TRACKS } from '../presets';
import { Progress, StaleNote, useActive, useBusy, useIsStale, useRunNote } from './common';

interface Metric {
  label: string;
  get(s: RunSummary): number;
  fmt(v: number): string;
  /** Lower is better (latency, errors, cost); otherwise higher is. */
  lowerBetter: boolean;
}

const METRICS: Metric[] = [
  { label: 'Mean latency', get: (s) => s.meanMs, fmt: formatMs, lowerBetter: true },
  { label: 'p99 latency', get: (s) => s.p99Ms, fmt: formatMs, lowerBetter: true },
  { label: 'Throughput', get: (s) => s.throughputRps, fmt: formatRate, lowerBetter: false },
  { label: 'Errors', get: (s) => s.errorRate, fmt: formatPercent, lowerBetter: true },
  { label: 'Cost', get: (s) => s.costPerHour, fmt: (v) => `${formatDollars(v)}/h`, lowerBetter: true },
];

function Delta({ m, a, b }: { m: Metric; a: number; b: number }) {
  const d = b - a;
  const scale = Math.max(Math.abs(a), Math.abs(b), 1e-9);
  if (Math.abs(d) / scale < 0.02) return <span className="muted">≈ same</span>;
  const better = m.lowerBetter ? d < 0 : d > 0;
  const sign = d > 0 ? '+' : '−';
  const text =
    m.label === 'Errors'
      ? `${sign}${formatPercent(Math.abs(d)).replace('%', ' pp')}`
      : `${sign}${m.fmt(Math.abs(d))}`;
  return <span className={better ? 'delta-better' : 'delta-worse'}>{text}</span>;
}

const IMPORTED = '__imported__';

export function CompareSection() {
  const cmp = useExperimentStore((s) => s.compare);
  const error = useExperimentStore((s) => s.error);
  const active = useActive('compare');
  const busy = useBusy();
  const stale = useIsStale(cmp);
  const note = useRunNote(cmp, active !== null);
  const [choice, setChoice] = useState<string>(
    TRACKS[0]?.presets[1]?.file ?? TRACKS[0]?.presets[0]?.file ?? '',
  );
  const [imported, setImported] = useState<{ name: string; scenario: RawScenario } | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const file = useRef<HTMLInputElement | null>(null);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (!f) return;
    try {
      const raw = asRawScenario(JSON.parse(await f.text()));
      if (!raw) throw new Error('the file does not hold a scenario');
      setImported({ name: raw.name || f.name, scenario: raw });
      setChoice(IMPORTED);
      setImportError(null);
    } catch (err) {
      setImportError(`Could not read ${f.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  function run() {
    if (choice === IMPORTED && imported) return void runCompare(imported.scenario, imported.name);
    const s = presetScenario(choice);
    if (s) void runCompare(s);
  }

  return (
    <section className="experiment" data-testid="ab" aria-label="A/B comparison">
      <header className="experiment-head">
        <h3>A/B on the same seed</h3>
        <button
          type="button"
          className="primary"
          data-testid="ab-run"
          onClick={run}
          disabled={busy || !choice}
        >
          Compare
        </button>
      </header>
      <div className="ab-pick">
        <span className="small muted">B =</span>
        <select data-testid="ab-choice" value={choice} onChange={(e) => setChoice(e.target.value)}>
          {TRACKS.map((t) => (
            <optgroup key={t.id} label={t.title}>
              {t.presets.map((p) => (
                <option key={p.file} value={p.file}>
                  {p.scenario.name}
                </option>
              ))}
            </optgroup>
          ))}
          {imported && <option value={IMPORTED}>Imported: {imported.name}</option>}
        </select>
        <button type="button" onClick={() => file.current?.click()} title="Compare with a scenario JSON file">
          Import…
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(e) => void onFile(e)}
        />
      </div>
      <p className="muted small">
        A is the scenario on screen; both run on its seed, so they see the same arrivals where their clients
        match. {note}
      </p>
      {importError && <p className="stale-note small">{importError}</p>}
      {error && !active && <p className="stale-note small">{error}</p>}
      {active && <Progress active={active} testId="ab-progress" />}
      <StaleNote stale={stale && !active} />
      {cmp && !active && (
        <table className="insight-table" data-testid="ab-table">
          <thead>
            <tr>
              <th scope="col">Seed {cmp.seed}</th>
              <th scope="col" className="num" title={cmp.aName}>
                A
              </th>
              <th scope="col" className="num" title={cmp.bName}>
                B
              </th>
              <th scope="col" className="num">
                B − A
              </th>
            </tr>
          </thead>
          <tbody>
            {METRICS.map((m) => (
              <tr key={m.label}>
                <th scope="row">{m.label}</th>
                <td className="num">{m.fmt(m.get(cmp.a))}</td>
                <td className="num">{m.fmt(m.get(cmp.b))}</td>
                <td className="num">
                  <Delta m={m} a={m.get(cmp.a)} b={m.get(cmp.b)} />
                </td>
              </tr>
            ))}
          </tbody>
          <caption className="small muted">
            A: {cmp.aName} · B: {cmp.bName}
          </caption>
        </table>
      )}
    </section>
  );
}
