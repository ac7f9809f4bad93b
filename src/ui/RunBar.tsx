/** Run controls: play / pause / step / restart, speed, traffic, the "hug of death", seed, status. */
import { useEffect, useRef, useState } from 'react';
import { editScenario, pause, play, restart, setSpeed, setTraffic, spike, step } from '../store/actions';
import { type UiStatus, useRunStore } from '../store/runStore';
import { useScenarioStore } from '../store/scenarioStore';
import { SPIKE_FACTOR, SPIKE_MS } from '../store/traffic';
import { SPEEDS, type Speed } from '../worker/protocol';
import { formatSeconds } from './format';

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

export function RunBar() {
  const { status, nowMs, endMs, speed, traffic, message, spikeUntilMs, result } = useRunStore();
  const seed = useScenarioStore((s) => s.input.seed);
  const [slider, setSlider] = useState(trafficToSlider(traffic));
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => setSlider(trafficToSlider(traffic)), [traffic]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const running = status === 'running';
  const canRun = status !== 'invalid' && status !== 'empty' && status !== 'failed';
  const spiking = spikeUntilMs !== null && nowMs < spikeUntilMs && status !== 'ready';
  const progress = endMs > 0 ? Math.min(1, nowMs / endMs) : 0;

  function onTraffic(v: number) {
    setSlider(v);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void setTraffic(sliderToTraffic(v)), TRAFFIC_DEBOUNCE_MS);
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
        title="Multiplies every client's rate (applied live and recorded as `set rate` edits)"
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
        />
        <output className="traffic-value">×{sliderToTraffic(slider)}</output>
      </label>
      <button
        type="button"
        data-testid="spike"
        className={spiking ? 'spike active' : 'spike'}
        onClick={() => void spike()}
        disabled={!canRun}
        title={`Hug of death: traffic ×${SPIKE_FACTOR} for ${SPIKE_MS / 1000} simulated seconds (recorded, so a link replays it)`}
      >
        ×10 Hug of death
      </button>
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
        <span data-testid="run-status" className={`status-${status}`}>
          {statusText(status, nowMs, endMs, message, result?.stopped)}
        </span>
        <div className="progress" aria-hidden="true">
          <div style={{ width: `${progress * 100}%` }} />
        </div>
      </div>
    </div>
  );
}
