/**
 * M/M/1 at ρ 0.9 in js-simulator 1.0.17 (npm `js-simulator`), written the way its README writes
 * models: a SimEvent subclass per behaviour whose update() reschedules itself with
 * scheduleOnceIn(), the scheduler driven by `while (…) scheduler.update()`, Math.random and
 * Math.log for the exponential draws (the library has no seeded streams), the queue a plain array.
 *
 * Times are in ms like ours: arrivals at `rps` per second, exponential service with mean
 * `serviceMs`, run until `durationMs` of simulated time. Returns the figures to set beside ours and
 * the measured mean sojourn time, which must be 1/(μ − λ).
 */
import { createRequire } from 'node:module';

interface JssEvent {
  time: number;
  update(deltaTime: number): void;
}
interface JssScheduler {
  current_time: number | null;
  scheduleOnceIn(evt: JssEvent, deltaTime: number): void;
  hasEvents(): boolean;
  update(): void;
}
interface Jssim {
  Scheduler: new () => JssScheduler;
  SimEvent: { call(self: object, rank: number): void; prototype: object };
}

const jssim = createRequire(import.meta.url)('js-simulator') as Jssim;

export interface JsSimulatorFigures {
  /** Arrivals simulated. */
  requests: number;
  completed: number;
  /** Events the scheduler fired. */
  events: number;
  wallMs: number;
  meanLatencyMs: number;
}

export function runJsSimulatorMM1(rps: number, serviceMs: number, durationMs: number): JsSimulatorFigures {
  const meanGapMs = 1000 / rps;
  const scheduler = new jssim.Scheduler();
  const queue: number[] = []; // arrival times of the requests waiting or in service, FIFO
  let arrived = 0;
  let completed = 0;
  let events = 0;
  let sum = 0;
  const now = () => scheduler.current_time ?? 0;

  // The server: one departure event, scheduled while a request is in service.
  const departure = Object.create(jssim.SimEvent.prototype) as JssEvent;
  jssim.SimEvent.call(departure, 1);
  departure.update = () => {
    events++;
    const t = now();
    sum += t - (queue.shift() as number);
    completed++;
    if (queue.length > 0) scheduler.scheduleOnceIn(departure, -Math.log(1 - Math.random()) * serviceMs);
  };

  // The source: one arrival event that reschedules itself.
  const arrival = Object.create(jssim.SimEvent.prototype) as JssEvent;
  jssim.SimEvent.call(arrival, 1);
  arrival.update = () => {
    events++;
    arrived++;
    queue.push(now());
    if (queue.length === 1) scheduler.scheduleOnceIn(departure, -Math.log(1 - Math.random()) * serviceMs);
    scheduler.scheduleOnceIn(arrival, -Math.log(1 - Math.random()) * meanGapMs);
  };

  const start = performance.now();
  scheduler.scheduleOnceIn(arrival, -Math.log(1 - Math.random()) * meanGapMs);
  while (scheduler.hasEvents() && now() < durationMs) scheduler.update();
  const wallMs = performance.now() - start;
  return { requests: arrived, completed, events, wallMs, meanLatencyMs: sum / completed };
}
