/** With nothing selected the inspector shows the scenario itself: name, summary, duration, warm-up. */
import type { Problem } from '../../scenario/types';
import { editScenario } from '../../store/actions';
import { setPath } from '../../store/graph';
import { useScenarioStore } from '../../store/scenarioStore';
import { problemsUnder, sentence } from '../../store/validation';
import { counted } from '../format';
import { GoalCard } from '../lesson/GoalCard';
import { PredictCard } from '../lesson/PredictCard';
import { textToValue, valueToText } from './fieldValue';

const FIELDS = [
  {
    key: 'name',
    label: 'Name',
    kind: 'text' as const,
    placeholder: 'Untitled',
    help: 'Shown in the gallery and used for exported file names.',
  },
  {
    key: 'duration',
    label: 'Duration',
    kind: 'duration' as const,
    placeholder: '60s',
    help: 'Simulated length of the run ("90s", "10m"; numbers are ms).',
  },
  {
    key: 'warmup',
    label: 'Warm-up',
    kind: 'duration' as const,
    placeholder: '0s',
    help: 'Summary statistics ignore this first stretch, while queues fill up.',
  },
];

export function ScenarioSettings({ problems }: { problems: Problem[] }) {
  const input = useScenarioStore((s) => s.input);
  const gesture = {
    onFocus: () => useScenarioStore.getState().beginGesture(),
    onBlur: () => useScenarioStore.getState().endGesture(),
  };
  return (
    <div>
      <h2 className="inspector-title">Scenario</h2>
      <p className="muted small">
        Select a node on the canvas to edit it. These settings apply to the whole run.
      </p>
      {FIELDS.map((f) => (
        <div className="field" key={f.key} title={f.help}>
          <label htmlFor={`scenario-${f.key}`}>{f.label}</label>
          <input
            id={`scenario-${f.key}`}
            type="text"
            title={f.help}
            placeholder={f.placeholder}
            value={valueToText(input[f.key])}
            {...gesture}
            onChange={(e) => {
              const c = textToValue(f.kind, e.target.value);
              if (c.ok) editScenario((d) => setPath(d, f.key, c.value));
            }}
          />
          {problemsUnder(problems, f.key).map((p) => (
            <div key={p.message} className="field-error">
              {sentence(p)}
            </div>
          ))}
        </div>
      ))}
      <div className="field" title="A sentence or two about what this scenario shows.">
        <label htmlFor="scenario-summary">Summary</label>
        <textarea
          id="scenario-summary"
          rows={3}
          value={input.summary ?? ''}
          {...gesture}
          onChange={(e) => editScenario((d) => void (d.summary = e.target.value))}
        />
      </div>
      <PredictCard />
      <GoalCard />
      {/* A lesson with questions reveals its notice only after the run (PredictCard). */}
      {typeof input.notice === 'string' && input.notice && !Array.isArray(input.predict) && (
        <div className="notice-box">
          <strong>What to notice</strong>
          <p>{input.notice}</p>
        </div>
      )}
      <p className="muted small">
        {counted(input.nodes.length, 'node')} · {counted(input.edges.length, 'wire')} ·{' '}
        {counted((input.events ?? []).length, 'recorded event')}
      </p>
    </div>
  );
}
