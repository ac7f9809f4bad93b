/**
 * Experiments on the scenario being edited: the one under way (kind, progress) and the last
 * outcome of each kind, with the scenario key it was run on (so the panel can say when the
 * scenario has changed since).
 */
import { create } from 'zustand';
import { immer } from 'zustand/middleware/immer';
import type {
  CompareOutcome,
  ExperimentKind,
  ExperimentWindow,
  ReplicationOutcome,
  RunSummary,
  SweepOutcome,
} from '../experiments';

/** What every stored outcome carries besides its figures. */
export interface Provenance {
  /** simulationKey of the scenario it ran on. */
  key: string;
  /** What each run simulated and measured, and the scenario's own duration, ms. */
  window: ExperimentWindow;
  scenarioMs: number;
  warmupMs: number;
}

export interface ActiveExperiment {
  kind: ExperimentKind;
  id: number;
  /** Runs done (fractional) of total. */
  done: number;
  total: number;
  /** Runs finished so far, by task index (a sweep's chart fills in as they come). */
  runs: RunSummary[];
  /** A sweep run's load, by the same index. */
  loads: ({ factor: number; offeredRps: number } | undefined)[];
}

export interface ExperimentState {
  active: ActiveExperiment | null;
  sweep: (SweepOutcome & Provenance) | null;
  replications: (ReplicationOutcome & Provenance) | null;
  compare: (CompareOutcome & Provenance & { aName: string; bName: string }) | null;
  /** The last experiment's failure, shown in the panel. */
  error: string | null;
  /** Number of replications to run. Default 5. */
  replicationCount: number;
  setReplicationCount(n: number): void;
}

export const useExperimentStore = create<ExperimentState>()(
  immer((set) => ({
    active: null,
    sweep: null,
    replications: null,
    compare: null,
    error: null,
    replicationCount: 5,
    setReplicationCount: (n) =>
      set((s) => {
        s.replicationCount = n;
      }),
  })),
);
