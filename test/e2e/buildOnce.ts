/** Vitest global setup for the browser tests: builds dist/ once per run, not once per test file. */
import { buildApp } from './harness';

export default function setup(): void {
  buildApp();
}
