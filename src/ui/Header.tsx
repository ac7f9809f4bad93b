/** Top bar: name, undo / redo, theme, share and export. */
import { useScenarioStore } from '../store/scenarioStore';
import { useViewStore } from '../store/viewStore';
import { ShareExport } from './panels/ShareExport';

export function Header() {
  const name = useScenarioStore((s) => s.input.name);
  const canUndo = useScenarioStore((s) => s.past.length > 0);
  const canRedo = useScenarioStore((s) => s.future.length > 0);
  const theme = useViewStore((s) => s.theme);
  return (
    <header className="app-header">
      <div className="brand" title="Scalelab — a deterministic simulator of web architectures">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>
        Scalelab
      </div>
      <div
        className="scenario-name"
        title="The scenario on the canvas (edit it in the inspector with nothing selected)"
      >
        {name}
      </div>
      <div className="header-actions">
        <button
          type="button"
          data-testid="undo"
          disabled={!canUndo}
          onClick={() => useScenarioStore.getState().undo()}
          title="Undo (Ctrl/Cmd+Z)"
        >
          ↶ Undo
        </button>
        <button
          type="button"
          data-testid="redo"
          disabled={!canRedo}
          onClick={() => useScenarioStore.getState().redo()}
          title="Redo (Shift+Ctrl/Cmd+Z or Ctrl+Y)"
        >
          ↷ Redo
        </button>
        <ShareExport />
        <button
          type="button"
          data-testid="theme"
          onClick={() => useViewStore.getState().setTheme(theme === 'dark' ? 'light' : 'dark')}
          title={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
          aria-label="Toggle theme"
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </div>
    </header>
  );
}
