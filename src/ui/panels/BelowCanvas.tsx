/** The tabs under the canvas: the charts, why requests failed, a sampled request's waterfall, theory beside the run, experiments. */
import { useMemo } from 'react';
import { type BelowTab, useViewStore } from '../../store/viewStore';
import { ExperimentsPanel } from '../experiments/ExperimentsPanel';
import { formatCount } from '../format';
import { Charts } from './Charts';
import { FailureReasons, useFailureCounts } from './FailureReasons';
import { RequestWaterfall } from './RequestWaterfall';
import { TheoryPanel } from './TheoryPanel';
import './insights.css';

function useFailureTotal(): number {
  const { counts } = useFailureCounts();
  return useMemo(() => {
    let total = 0;
    for (const byReason of Object.values(counts ?? {})) for (const n of Object.values(byReason)) total += n;
    return total;
  }, [counts]);
}

const TABS: { id: BelowTab; label: string; title: string }[] = [
  { id: 'charts', label: 'Charts', title: 'Latency, throughput, utilisation, queues… over simulated time' },
  { id: 'failures', label: 'Why it failed', title: 'Failed requests by reason and by node' },
  {
    id: 'request',
    label: 'Request',
    title: "A sampled request's waterfall: where its time went, hop by hop",
  },
  { id: 'theory', label: 'Theory', title: "Each station's M/M/c prediction beside the measured figures" },
  { id: 'experiments', label: 'Experiments', title: 'Load sweep, replications, A/B on the same seed' },
];

export function BelowCanvas() {
  const tab = useViewStore((s) => s.tab);
  const setTab = useViewStore((s) => s.setTab);
  const failures = useFailureTotal();
  return (
    <div className="below-canvas">
      <div className="tabs" role="tablist" aria-label="Under the canvas">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls="below-canvas-panel"
            className={tab === t.id ? 'tab is-active' : 'tab'}
            data-testid={`tab-${t.id}`}
            title={t.title}
            onClick={() => setTab(t.id)}
          >
            {t.label}
            {t.id === 'failures' && failures > 0 && (
              <span className="tab-badge">{formatCount(failures)}</span>
            )}
          </button>
        ))}
      </div>
      <div id="below-canvas-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'charts' && <Charts />}
        {tab === 'failures' && <FailureReasons />}
        {tab === 'request' && <RequestWaterfall />}
        {tab === 'theory' && <TheoryPanel />}
        {tab === 'experiments' && <ExperimentsPanel />}
      </div>
    </div>
  );
}
