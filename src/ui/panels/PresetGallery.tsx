/** Presets grouped by track. Opening one replaces the scenario (undoable with Ctrl+Z). */
import { loadScenario } from '../../store/actions';
import { emptyScenario } from '../../store/model';
import { useScenarioStore } from '../../store/scenarioStore';
import { presetScenario, TRACKS } from '../presets';

export function PresetGallery() {
  const current = useScenarioStore((s) => s.input.name);
  return (
    <section className="gallery" aria-label="Preset gallery">
      <h2 className="panel-title">Presets</h2>
      {TRACKS.length === 0 && <p className="muted small">No presets found.</p>}
      {TRACKS.map((track) => (
        <div key={track.id} className="track">
          <h3 className="track-title">{track.title}</h3>
          <ul>
            {track.presets.map((p) => (
              <li key={p.file}>
                <button
                  type="button"
                  className={`preset ${p.scenario.name === current ? 'is-current' : ''}`}
                  data-testid={`preset-${p.file}`}
                  title={p.scenario.summary ?? p.scenario.name}
                  onClick={() => {
                    const s = presetScenario(p.file);
                    if (s) loadScenario(s);
                  }}
                >
                  <span className="preset-name">{p.scenario.name}</span>
                  {p.scenario.summary && <span className="preset-summary">{p.scenario.summary}</span>}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <button
        type="button"
        className="link-button"
        onClick={() => loadScenario(emptyScenario())}
        title="Start from an empty canvas (undoable)"
      >
        + New empty scenario
      </button>
    </section>
  );
}
