/**
 * Marks on the charts' time axis (the recorded events of the run on screen). Passed through a
 * context so every chart built on LineChart shows them without each chart forwarding a prop.
 */
import { createContext } from 'react';

export interface TimeMark {
  /** Simulated ms. */
  t: number;
  /** What happened ("Primary fails"), for the mark's tooltip. */
  label: string;
}

export const ChartMarksContext = createContext<readonly TimeMark[]>([]);
