/** The app's layout: header and run bar on top; palette and presets left; canvas and the tabs under it (charts, failures, theory, experiments) centre; inspector right. */
import { useEffect } from 'react';
import { play } from '../store/actions';
import { useScenarioStore } from '../store/scenarioStore';
import { useViewStore } from '../store/viewStore';
import { Canvas } from './canvas/Canvas';
import { Header } from './Header';
import { Inspector } from './inspector/Inspector';
import { Metrics } from './Metrics';
import { Palette } from './Palette';
import { BelowCanvas } from './panels/BelowCanvas';
import { PresetGallery } from './panels/PresetGallery';
import { ValidationErrors } from './panels/ValidationErrors';
import { RunBar } from './RunBar';
import { Toasts } from './Toasts';
import { useKeyboard } from './useKeyboard';

function Welcome() {
  const welcome = useViewStore((s) => s.welcome);
  const name = useScenarioStore((s) => s.input.name);
  if (!welcome) return null;
  return (
    <div className="welcome" role="note">
      <div>
        <strong>Welcome to Scalelab.</strong> On the canvas: <em>{name}</em>. Press <strong>▶ Play</strong>{' '}
        (or Space) to watch it run, raise the traffic, then pick another preset on the left to see how the
        architecture evolves.
      </div>
      <div className="welcome-actions">
        <button type="button" className="primary" onClick={play}>
          ▶ Play
        </button>
        <button type="button" onClick={() => useViewStore.getState().setWelcome(false)}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

export function App() {
  const theme = useViewStore((s) => s.theme);
  useKeyboard();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app">
      <Header />
      <RunBar />
      <div className="workspace">
        <nav className="sidebar" aria-label="Components and presets">
          <Palette />
          <PresetGallery />
        </nav>
        <main className="center">
          <Metrics />
          <ValidationErrors />
          <div className="canvas-wrap">
            <Welcome />
            <Canvas />
          </div>
          <div className="charts-wrap">
            <BelowCanvas />
          </div>
        </main>
        <Inspector />
      </div>
      <Toasts />
    </div>
  );
}
