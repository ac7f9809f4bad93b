/// <reference lib="webworker" />
/** The Web Worker entry: the simulation runs here so the page never freezes. */
import { buildSimulation } from '../scenario/build';
import { SimDriver } from './driver';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

// A MessageChannel tick runs as soon as the queue is free: setTimeout(0) is clamped to 4 ms once nested.
const channel = new MessageChannel();
const immediate: (() => void)[] = [];
channel.port1.onmessage = () => immediate.shift()?.();

const driver = new SimDriver(buildSimulation, {
  post: (message: FromWorker) => scope.postMessage(message),
  now: () => performance.now(),
  schedule: (fn, delayMs) => {
    if (delayMs <= 0) {
      immediate.push(fn);
      channel.port2.postMessage(0);
    } else setTimeout(fn, delayMs);
  },
});

scope.onmessage = (e: MessageEvent<ToWorker>) => driver.handle(e.data);
