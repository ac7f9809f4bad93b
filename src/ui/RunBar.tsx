/** Run controls: play / pause / step / restart, speed, traffic, the "hug of death", seed, status. */
import { useEffect, useRef, useState } from 'react';
import { editScenario, pause, play, restart, setSpeed, setTraffic, spike, step } from '../store/actions';
import { isLive, type UiStatus, useRunStore } from '../store/runStore';
import { useScenarioStore } from '../store/scenarioStore';
import { SPIKE_FACTOR, SPIKE_MS, trafficAt } from '../store/traffic';
import { SPEEDS, type Speed } from '../worker/protocol';
import { formatSeconds } from './format';
import { RecordedEvents } from './RecordedEvents';

/** Slider position 0..100 ↔ traffic multiplier 0.1..10 on a log scale (50 = ×1). */
export const sliderToTraffic = (v: number) => Math.round(10 ** ((v - 50) / 50) * 100) / 100;
export const trafficToSlider = (m: number) => Math.round(50 + 50 * Math.log10(m));
/** Quiet time after the slider stops moving before the edit is sent, ms (one edit per gesture). */
export const TRAFFIC_DEBOUNCE_MS = 200;

export function statusText(
  status: UiStatus,
  nowMs: number,
  endMs: number,
  message: string | null,
  /** result@1 `stopped`: the run ended early at a work budget (then it did not finish). */
  stopped?: { atMs: number; reason: string },
): string {
  const progress = `${formatSeconds(nowMs)} / ${formatSeconds(endMs)}`;
  if (status === 'finished' && stopped)
    return `stopped at ${formatSeconds(stopped.atMs)} / ${formatSeconds(endMs)}: ${stopped.reason}`;
  switch (status) {
    case 'running':
      return `running ${progress}`;
    case 'paused':
      return `paused ${progress}`;
    case 'finished':
      return `finished ${progress}`;
    case 'ready':
      return `ready · ${formatSeconds(endMs)} to simulate`;
    case 'loading':
      return 'loading…';
    case 'empty':
      return 'empty — open a preset or add components';
    case 'invalid':
      return 'invalid — fix the problems listed';
    case 'failed':
      return `could not build the run: ${message ?? 'unknown error'}`;
  }
}

/** "≈ 40 s left", "≈ 3 min left", "≈ 2 h left": wall time, rounded as a person would say it. */
export function formatLeft(wallMs: number): string {
  const s = wallMs / 1000;
  if (s < 60) return `≈ ${Math.max(1, Math.round(s))} s left`;
  if (s < 3600) return `≈ ${Math.round(s / 60)} min left`;
  return `≈ ${(s / 3600).toFixed(s < 36_000 ? 1 : 0)} h left`;
}

/**
 * Wall time left at the pace of the last few seconds (simulated ms per wall ms), once the run has
 * gone on long enough to measure it; null otherwise. A big run at max says how long it will take.
 */
function useTimeLeft(status: UiStatus, nowMs: number, endMs: number, speed: Speed): string | null {
  const anchor = useRef<{ wall: number; sim: number; speed: Speed } | null>(null);
  if (status !== 'running') {
    anchor.current = null;
    return null;
  }
  const wall = performance.now();
  const a = anchor.current;
  if (!a || a.speed !== speed || nowMs < a.sim) {
    anchor.current = { wall, sim: nowMs, speed };
    return null;
  }
  const elapsed = wall - a.wall;
  // Re-anchor every 10 s so the estimate follows a run that slows down (more load, more events).
  if (elapsed > 10_000) anchor.current = { wall, sim: nowMs, speed };
  if (elapsed < 1000 || nowMs <= a.sim) return null;
  const left = ((endMs - nowMs) * elapsed) / (nowMs - a.sim);
  return left >= 2000 ? formatLeft(left) : null;
}

export function RunBar() {
  const { status, nowMs, endMs, speed, message, spikeUntilMs, result } = useRunStore();
  const seed = useScenarioStore((s) => s.input.seed);
  // The slider shows the traffic the run has at the current simulated time (recorded events
  // included), except while the user is moving it.
  const inForce = useScenarioStore((s) => trafficAt(s.input, nowMs));
  const [moving, setMoving] = useState<number | null>(null);
  const slider = moving ?? trafficToSlider(inForce);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dragging = useRef(false);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const running = status === 'running';
  const canRun = status !== 'invalid' && status !== 'empty' && status !== 'failed';
  const spiking = spikeUntilMs !== null && nowMs < spikeUntilMs && isLive(status);
  const progress = endMs > 0 ? Math.min(1, nowMs / endMs) : 0;
  const left = useTimeLeft(status, nowMs, endMs, speed);

  async function send(v: number) {
    timer.current = null;
    await setTraffic(sliderToTraffic(v));
    if (!dragging.current && timer.current === null) setMoving(null);
  }

  function onTraffic(v: number) {
    setMoving(v);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void send(v), TRAFFIC_DEBOUNCE_MS);
  }

  /** A drag is one undo step however long it lasts: the edits it sends join one gesture. */
  function dragStart() {
    dragging.current = true;
    useScenarioStore.getState().beginGesture();
  }

  async function dragEnd() {
    if (!dragging.current) return;
    dragging.current = false;
    if (timer.current && moving !== null) {
      clearTimeout(timer.current);
      await send(moving);
    }
    useScenarioStore.getState().endGesture();
    setMoving(null);
  }

  return (
    <div className="run-bar" role="toolbar" aria-label="Run controls">
      <div className="run-buttons">
        <button
          type="button"
          className="primary"
          data-testid="play"
          onClick={play}
          disabled={running || !canRun}
          title="Play (Space)"
        >
          ▶ Play
        </button>
        <button type="button" data-testid="pause" onClick={pause} disabled={!running} title="Pause (Space)">
          ❚❚ Pause
        </button>
        <button
          type="button"
          data-testid="step"
          onClick={step}
          disabled={running || !canRun}
          title="Advance one simulated second"
        >
          Step
        </button>
        <button
          type="button"
          data-testid="restart"
          onClick={restart}
          disabled={!canRun}
          title="Back to t = 0 (recorded edits replay)"
        >
          ⟲
        </button>
      </div>
      <label className="run-field" title="Simulated time per second of wall time">
        Speed
        <select data-testid="speed" value={speed} onChange={(e) => setSpeed(e.target.value as Speed)}>
          {SPEEDS.map((s) => (
            <option key={s.value} value={s.value} title={s.title}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label
        className="run-field traffic"
        title="Multiplies every client's rate (applied live and recorded as `set trafficScale` events); shows the traffic in force now"
      >
        Traffic
        <input
          type="range"
          data-testid="traffic"
          min={0}
          max={100}
          step={1}
          value={slider}
          aria-valuetext={`×${sliderToTraffic(slider)}`}
          onChange={(e) => onTraffic(Number(e.target.value))}
          onPointerDown={dragStart}
          onPointerUp={() => void dragEnd()}
          onPointerCancel={() => void dragEnd()}
        />
        <output className="traffic-value">×{sliderToTraffic(slider)}</output>
      </label>
      <button
        type="button"
        data-testid="spike"
        className={spiking ? 'spike active' : 'spike'}
        onClick={() => void spike()}
        disabled={!canRun}
        title={
          spiking
            ? `A spike is under way until ${formatSeconds(spikeUntilMs ?? 0)}`
            : `Hug of death: traffic ×${SPIKE_FACTOR} for ${SPIKE_MS / 1000} simulated seconds (recorded, so a link replays it)`
        }
      >
        ×10 Hug of death
      </button>
      <RecordedEvents />
      <label className="run-field" title="Seed of the random streams: same scenario + same seed = same run">
        Seed
        <input
          type="number"
          className="seed"
          data-testid="seed"
          min={0}
          value={seed ?? 1}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (Number.isInteger(v) && v >= 0) editScenario((d) => void (d.seed = v));
          }}
        />
      </label>
      <div className="run-status" title="Simulated time / duration">
        <span
          data-testid="run-status"
          className={status === 'finished' && result?.stopped ? 'status-stopped' : `status-${status}`}
        >
          {statusText(status, nowMs, endMs, message, result?.stopped)}
        </span>
        {left && (
          <span
            className="muted time-left"
            data-testid="time-left"
            title="Wall time until the run ends, at the pace so far"
          >
            {' '}
            · {left}
          </span>
        )}
        <div className="progress" aria-hidden="true">
          <div style={{ width: `${progress * 100}%` }} />
        </div>
      </div>
    </div>
  );
}
