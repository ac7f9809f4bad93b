/**
 * A node on the canvas: kind icon, id, and its live figures — a utilisation bar, queue, throughput
 * and failures — coloured by health (ok / hot / saturated / down). Live figures come straight from
 * the run store by id, so a snapshot re-renders only the node contents, never the graph.
 */
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { useRunStore } from '../../store/runStore';
import { useViewStore } from '../../store/viewStore';
import { formatCount, formatRate } from '../format';
import { KindIcon } from '../icons';
import { KIND_BY_TYPE } from '../kinds';

export interface SimNodeData extends Record<string, unknown> {
  kind: string;
  label?: string;
  /** Simulated ms at which a node added during a run joins. */
  joinsAtMs?: number;
}

export type SimFlowNode = Node<SimNodeData, 'sim'>;

const HEALTH_TEXT = {
  ok: 'healthy',
  hot: 'hot (≥ 70% busy, or a queue ≥ 70% full)',
  saturated: 'saturated (≥ 95% busy, or a queue ≥ 95% full)',
  down: 'down',
};

function SimNodeView({ id, data, selected }: NodeProps<SimFlowNode>) {
  const live = useRunStore((s) => s.snapshot?.nodes[id]);
  const openMenu = useViewStore((s) => s.openMenu);
  const info = KIND_BY_TYPE[data.kind];
  const util = live ? Math.max(0, Math.min(1, live.utilization)) : 0;
  const health = live?.health ?? 'idle';
  const extra = live?.extra ?? {};
  return (
    <div
      className={`sim-node health-${health} ${selected ? 'is-selected' : ''}`}
      data-testid={`node-${id}`}
      data-health={health}
      title={`${info?.name ?? data.kind} “${id}”${live ? ` — ${HEALTH_TEXT[live.health]}` : ''}. Right-click or ⋯ for fail / recover / slow.`}
    >
      <Handle type="target" position={Position.Left} className="handle" title="Connect from another node" />
      <div className="sim-node-head">
        <span className={`sim-node-icon kind-${data.kind}`}>
          <KindIcon type={data.kind} size={18} />
        </span>
        <span className="sim-node-title">
          <span className="sim-node-id">{data.label || id}</span>
          <span className="sim-node-kind">{info?.name ?? data.kind}</span>
        </span>
        <button
          type="button"
          className="sim-node-menu nodrag"
          aria-label={`Actions for ${id}`}
          title="Fail, recover, slow down, delete"
          data-testid={`node-menu-${id}`}
          onClick={(e) => {
            e.stopPropagation();
            const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
            openMenu({ node: id, x: r.right, y: r.bottom });
          }}
        >
          ⋯
        </button>
      </div>
      <div
        className="util"
        title={`Utilisation: share of this node's servers busy over the last 5 s (${Math.round(util * 100)}%)`}
      >
        <div className="util-bar" style={{ width: `${util * 100}%` }} />
      </div>
      <div className="sim-node-figures">
        <span data-testid={`util-${id}`} data-value={util} title="Utilisation">
          {Math.round(util * 100)}%
        </span>
        <span title="Requests waiting in queue">q {formatCount(live?.queue ?? 0)}</span>
        <span title="Requests arriving per second over the last 5 s (the sum of its incoming edges)">
          {formatRate(live?.arrivalsRps ?? 0)}
        </span>
        <span
          className={live && live.failures > 0 ? 'fails' : 'fails none'}
          data-testid={`failures-${id}`}
          title="Failures caused at this node since the start"
        >
          ✕ {formatCount(live?.failures ?? 0)}
        </span>
      </div>
      {'hitRatio' in extra && (
        <div className="sim-node-extra" title="Cache hit ratio over the last interval">
          hit {Math.round(extra.hitRatio * 100)}%
        </div>
      )}
      {'lagMs' in extra && (
        <div className="sim-node-extra" title="Replication lag">
          lag {extra.lagMs.toFixed(0)} ms
        </div>
      )}
      {data.joinsAtMs !== undefined && data.joinsAtMs > 0 && (
        <div className="sim-node-extra" title="Added during a run: it joins at this simulated time">
          joins at {(data.joinsAtMs / 1000).toFixed(1)} s
        </div>
      )}
      <Handle
        type="source"
        position={Position.Right}
        className="handle"
        title="Drag to another node to wire it"
      />
    </div>
  );
}

export const SimNode = memo(SimNodeView);
