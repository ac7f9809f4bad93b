/**
 * An edge with its live call rate as a label and a few dots travelling along it. The dots are SVG
 * <animateMotion> — the browser animates them, no JavaScript per frame — and their number and
 * speed follow the rate on a log scale, so a busy edge looks busy without costing more.
 */
import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import { useRunStore } from '../../store/runStore';
import { formatRate } from '../format';

/** Dots on an edge carrying `rps` calls per second (0 when idle, at most 4). */
export function dotCount(rps: number): number {
  if (!(rps > 0.5)) return 0;
  return Math.min(4, 1 + Math.floor(Math.log10(rps)));
}

/** Seconds one dot takes along the edge: faster as the rate grows (3 s at 1/s, 0.6 s at ≥ 10 000/s). */
export function dotDuration(rps: number): number {
  return Math.max(0.6, 3 - 0.6 * Math.log10(Math.max(1, rps)));
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
  const running = useRunStore((s) => s.status === 'running');
  const n = running ? dotCount(rps) : 0;
  const dur = dotDuration(rps);
  return (
    <>
      <BaseEdge id={id} path={path} className={selected ? 'edge-selected' : undefined} />
      {Array.from({ length: n }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the dots are interchangeable; the index is their phase.
        <circle key={`${i}-${n}`} r={3} className="edge-dot">
          <animateMotion dur={`${dur}s`} begin={`${(-i * dur) / n}s`} repeatCount="indefinite" path={path} />
        </circle>
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
