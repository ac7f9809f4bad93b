/**
 * The recent list (`data-testid="recent"`): scenarios that were on the canvas when something else
 * was opened, newest first, each with its name and when it was last edited; one click restores it
 * (the scenario it replaces takes its place in the list, and Undo goes back).
 */
import { restoreRecent } from '../../store/opening';
import { useRecentStore } from '../../store/recent';

/** "just now", "5 min ago", "3 h ago", else the date and time (local). */
export function editedWhen(editedAt: number, now: number): string {
  if (!(editedAt > 0)) return 'edited at an unknown time';
  const s = Math.max(0, (now - editedAt) / 1000);
  if (s < 60) return 'edited just now';
  if (s < 3600) return `edited ${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `edited ${Math.floor(s / 3600)} h ago`;
  const d = new Date(editedAt);
  return `edited ${d.toLocaleDateString()} ${d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

export function RecentList() {
  const entries = useRecentStore((s) => s.entries);
  const now = Date.now();
  return (
    <details className="more-menu recent-menu" data-testid="recent">
      <summary title="Scenarios you had open before opening a link, a file or a preset">
        Recent{entries.length > 0 ? ` (${entries.length})` : ''} ▾
      </summary>
      <div className="more-menu-body recent-body">
        {entries.length === 0 ? (
          <p className="muted small recent-empty">
            Nothing yet. When you open a link, a file or a preset, the scenario you were editing is kept here.
          </p>
        ) : (
          <ol className="recent-list">
            {entries.map((e) => (
              <li key={e.id}>
                <button
                  type="button"
                  className="recent-entry"
                  title={`Restore “${e.name}” (the scenario on the canvas moves into this list)`}
                  onClick={(ev) => {
                    restoreRecent(e.id);
                    ev.currentTarget.closest('details')?.removeAttribute('open');
                  }}
                >
                  <span className="recent-name">{e.name}</span>
                  <span className="recent-when muted small">
                    {e.scenario.nodes.length} node{e.scenario.nodes.length === 1 ? '' : 's'} ·{' '}
                    {editedWhen(e.editedAt, now)}
                  </span>
                </button>
              </li>
            ))}
          </ol>
        )}
      </div>
    </details>
  );
}
