/** Short messages (refused wiring, failed edits, notices); text only. */
import { useViewStore } from '../store/viewStore';

export function Toasts() {
  const toasts = useViewStore((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast toast-${t.tone}`}
          data-testid="toast"
          role={t.tone === 'error' ? 'alert' : 'status'}
        >
          <span>{t.text}</span>
          <button
            type="button"
            aria-label="Dismiss"
            onClick={() => useViewStore.getState().dismissToast(t.id)}
          >
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
