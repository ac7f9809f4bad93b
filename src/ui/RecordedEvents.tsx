/**
 * The recorded events of the scenario (every live edit, and the file's own timed events): when,
 * which node, what — each one removable and editable (time, and its number), or all cleared. A
 * change edits the scenario (undoable) and the run replays from t = 0.
 */
import { useEffect, useMemo, useRef } from 'react';
import {
  clearEvents,
  type RecordedRow,
  recordedCount,
  recordedRows,
  removeEvent,
  setEventTime,
  setEventValue,
} from '../store/recorded';
import { useScenarioStore } from '../store/scenarioStore';

/** A number field that commits on Enter or blur (typing "1." must not rebuild the run per key). */
function NumberCell(props: {
  value: number;
  label: string;
  step: string;
  testId: string;
  commit(v: number): void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  // Follow outside changes (undo) unless the user is typing in it.
  useEffect(() => {
    if (ref.current && document.activeElement !== ref.current) ref.current.value = String(props.value);
  }, [props.value]);
  const commit = () => {
    const v = Number(ref.current?.value);
    if (ref.current && ref.current.value.trim() !== '' && Number.isFinite(v) && v !== props.value)
      props.commit(v);
    else if (ref.current) ref.current.value = String(props.value);
  };
  return (
    <input
      ref={ref}
      type="number"
      min={0}
      step={props.step}
      defaultValue={props.value}
      aria-label={props.label}
      data-testid={props.testId}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}

/** Seconds with up to 3 decimals for display; the field keeps the exact value. */
const seconds = (ms: number) => Number((ms / 1000).toFixed(6));

function Row({ row }: { row: RecordedRow }) {
  return (
    <li data-testid="recorded-event" data-at={row.atMs}>
      <span className="rec-time">
        t =
        <NumberCell
          value={seconds(row.atMs)}
          step="0.1"
          label={`Time of "${row.node} ${row.what}", simulated seconds`}
          testId="recorded-event-time"
          commit={(s) => setEventTime(row.index, s * 1000)}
        />
        s
      </span>
      <span className="rec-node" title={row.nodeId}>
        {row.node}
      </span>
      <span className="rec-what">{row.what}</span>
      {row.value !== null ? (
        <NumberCell
          value={row.value}
          step="0.1"
          label={`Value of "${row.node} ${row.what}"`}
          testId="recorded-event-value"
          commit={(v) => setEventValue(row.index, v)}
        />
      ) : (
        <span />
      )}
      <button
        type="button"
        className="link-button"
        aria-label={`Remove "${row.node} ${row.what}"`}
        title="Remove this event (the run replays without it)"
        onClick={() => removeEvent(row.index)}
      >
        ✕
      </button>
    </li>
  );
}

export function RecordedEvents() {
  const input = useScenarioStore((s) => s.input);
  const rows = useMemo(() => recordedRows(input), [input]);
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && ref.current?.open) ref.current.open = false;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <details className="recorded-events more-menu" data-testid="recorded-events" ref={ref}>
      <summary title="The timed events the run replays: your edits while it ran, and the scenario's own">
        {recordedCount(rows.length)} ▾
      </summary>
      <div className="more-menu-body recorded-body">
        {rows.length === 0 ? (
          <p className="muted">
            Nothing recorded yet. Changes made while the run goes (traffic, fail, slow, spike) are recorded
            here at the simulated time they took effect, so a shared link replays them.
          </p>
        ) : (
          <>
            <ol className="recorded-list">
              {rows.map((r) => (
                <Row key={r.index} row={r} />
              ))}
            </ol>
            <button type="button" data-testid="recorded-events-clear" onClick={clearEvents}>
              Clear all
            </button>
          </>
        )}
      </div>
    </details>
  );
}
