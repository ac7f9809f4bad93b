/// <reference lib="webworker" />
/** The experiment worker's entry: sweeps, replications and A/B runs, off the main thread and apart from the live run. */
import { buildSimulation } from '../scenario/build';
import type { ToExperiment } from './experimentProtocol';
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

scope.onmessage = (e: MessageEvent<ToExperiment>) => runner.handle(e.data);
