/**
 * An edge with its live call rate as a label and the sampled requests travelling along it (see
 * requestDots.ts). The dots are SVG <animateMotion> — the browser animates them, no JavaScript
 * per frame — each started when its hop happens and removed when its trip is over.
 */
import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo, useEffect, useState } from 'react';
import { useRunStore } from '../../store/runStore';
import { useViewStore } from '../../store/viewStore';
import { formatRate } from '../format';
import { type Dot, useDotStore, useEdgeDots } from './requestDots';

function openWaterfall(dot: Dot) {
  useDotStore.getState().pick(dot.trace);
  useViewStore.getState().setTab('request');
}

/** Starts an animation when it is inserted (begin="0s" would mean the page's start, long past). */
const begin = (el: SVGAnimationElement | null) => el?.beginElement();

/** One request's hop: waits for its moment, travels the edge, and a failed one stays with its reason. */
function RequestDot({ dot, path, x, y }: { dot: Dot; path: string; x: number; y: number }) {
  const [phase, setPhase] = useState<'waiting' | 'moving' | 'arrived'>('waiting');
  useEffect(() => {
    const go = setTimeout(() => setPhase('moving'), dot.delayS * 1000);
    const at = setTimeout(() => setPhase('arrived'), (dot.delayS + dot.durS) * 1000);
    return () => {
      clearTimeout(go);
      clearTimeout(at);
    };
  }, [dot]);
  const failed = dot.outcome === 'failed';
  // An answered hop is gone once it arrives; a failed one stays at the node that failed it.
  if (phase === 'waiting' || (phase === 'arrived' && !failed)) return null;
  const what = failed ? `failed: ${dot.reason}` : dot.outcome;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG shape on the canvas; the waterfall tab is the keyboard path to the same request.
    <g
      className={`edge-dot outcome-${dot.outcome}`}
      data-outcome={dot.outcome}
      role="button"
      tabIndex={-1}
      onClick={(e) => {
        e.stopPropagation();
        openWaterfall(dot);
      }}
      onKeyDown={(e) => e.key === 'Enter' && openWaterfall(dot)}
    >
      <title>{`${dot.trace.cls} (request ${dot.trace.seq}): ${what} — click for its waterfall`}</title>
      {phase === 'moving' ? (
        // Invisible until its animations run, so a dot never shows at the path's origin.
        <circle r={5} opacity={0}>
          <animateMotion ref={begin} begin="indefinite" dur={`${dot.durS}s`} fill="freeze" path={path} />
          <animate
            ref={begin}
            attributeName="opacity"
            values="1;1"
            begin="indefinite"
            dur={`${dot.durS}s`}
            fill="freeze"
          />
        </circle>
      ) : (
        <circle r={5} cx={x} cy={y} />
      )}
      {failed && phase === 'arrived' && (
        <text x={x - 8} y={y - 9} textAnchor="end" className="edge-dot-reason">
          ✕ {dot.reason}
        </text>
      )}
    </g>
  );
}

function RateEdgeView(props: EdgeProps) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected } =
    props;
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  // Rounded in the selector so tiny fluctuations do not re-render the edge every frame.
  const rps = useRunStore((s) => {
    const e = s.snapshot?.edges.find((x) => x.from === source && x.to === target);
    return e ? Math.round(e.rps) : 0;
  });
  const dots = useEdgeDots(id);
  return (
    <>
      <BaseEdge id={id} path={path} className={selected ? 'edge-selected' : undefined} />
      {dots.map((d) => (
        <RequestDot key={d.key} dot={d} path={path} x={targetX} y={targetY} />
      ))}
      <EdgeLabelRenderer>
        <div
          className="edge-label"
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          title={`Calls per second from ${source} to ${target} over the last 5 s of simulated time`}
          data-testid={`edge-${source}-${target}`}
        >
          {formatRate(rps)}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const RateEdge = memo(RateEdgeView);
