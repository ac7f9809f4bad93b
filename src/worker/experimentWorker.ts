/// <reference lib="webworker" />
/** One worker of the app's experiment pool: runs the runs it is handed, off the main thread and apart from the live run. */
import { buildSimulation } from '../scenario/build';
import type { ToRunWorker } from './experimentProtocol';
import { ExperimentRunner } from './experimentRunner';

const scope = self as unknown as DedicatedWorkerGlobalScope;

// A MessageChannel tick runs after messages already queued (a cancel) and is not clamped like setTimeout.
const channel = new MessageChannel();
const immediate: (() => void)[] = [];
channel.port1.onmessage = () => immediate.shift()?.();

const runner = new ExperimentRunner(buildSimulation, {
  post: (message) => scope.postMessage(message),
  now: () => performance.now(),
  schedule: (fn) => {
    immediate.push(fn);
    channel.port2.postMessage(0);
  },
});

scope.onmessage = (e: MessageEvent<ToRunWorker>) => runner.handle(e.data);
