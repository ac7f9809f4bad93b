/**
 * Messages between the app's experiment runner (main thread) and each Web Worker of its pool:
 * one run at a time per worker, with progress, and a cancel that stops it within one slice.
 */
import type { RunOutput, RunTask } from '../experiments/run';

export type ToRunWorker = { type: 'run'; id: number; task: RunTask } | { type: 'cancel' };

export type FromRunWorker =
  /** The fraction of the run's simulated time done. */
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'done'; id: number; output: RunOutput }
  | { type: 'failed'; id: number; message: string };
