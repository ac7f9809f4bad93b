/** Experiments on the scenario on screen, run in their own worker: load sweep, replications, A/B. */

import { CompareSection } from './CompareSection';
import { ReplicationsSection } from './ReplicationsSection';
import { SweepSection } from './SweepSection';

export function ExperimentsPanel() {
  return (
    <div className="experiments" data-testid="experiments">
      <SweepSection />
      <div className="experiments-row">
        <ReplicationsSection />
        <CompareSection />
      </div>
    </div>
  );
}
