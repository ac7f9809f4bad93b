/**
 * The load sweep as two stacked panels sharing the offered-load axis: latency (p50, p99, log
 * scale) on top, goodput below with the "everything served" diagonal; the knee marked across both.
 */
import { format, scaleLinear, scaleLog } from 'd3';
import { formatAxisMs, formatQuantity } from '../charts/format';
import { PERCENTILE_STYLE, THEME } from '../charts/palette';
import { useChartWidth } from '../charts/useChartWidth';

export interface SweepChartPoint {
  offeredRps: number;
  goodputRps: number;
  p50Ms: number;
  p99Ms: number;
}

export interface SweepChartProps {
  points: readonly SweepChartPoint[];
  /** Index of the knee point, or −1 / null for none. */
  knee: number | null;
  /** Height of the whole chart, px. Default 300. */
  height?: number;
  width?: number;
}

const M = { left: 56, right: 16, top: 26, bottom: 34, gap: 30 };
const GOODPUT = `var(--chart-3, #009E73)`;
const fmtTick = format('~s');

/**
 * Where the knee's label goes: at the top or the bottom of the latency panel, on the left or the
 * right of the knee line — whichever keeps farthest from the p50 and p99 lines over the label's
 * width, so the label never sits on a line. `lines`: each line's points in px, by increasing x.
 */
export function kneeLabelSpot(
  kneeX: number,
  lines: readonly (readonly [number, number][])[],
  box: { top: number; bottom: number; left: number; right: number },
  labelWidth = 118,
): { x: number; y: number; anchor: 'start' | 'end' } {
  const yAt = (line: readonly [number, number][], px: number): number | null => {
    for (let i = 1; i < line.length; i++) {
      const [x0, y0] = line[i - 1];
      const [x1, y1] = line[i];
      if (px >= x0 && px <= x1) return x1 === x0 ? y0 : y0 + ((y1 - y0) * (px - x0)) / (x1 - x0);
    }
    return null;
  };
  let best = { x: kneeX + 6, y: box.top + 12, anchor: 'start' as 'start' | 'end' };
  let bestGap = Number.NEGATIVE_INFINITY;
  for (const anchor of ['start', 'end'] as const) {
    const x0 = anchor === 'start' ? kneeX + 6 : kneeX - 6 - labelWidth;
    if (x0 < box.left || x0 + labelWidth > box.right) continue;
    for (const y of [box.top + 12, box.bottom - 4]) {
      // The label's text spans [y − 10, y + 2]; its distance to each line, sampled across its width.
      let gap = Number.POSITIVE_INFINITY;
      for (let k = 0; k <= 8; k++) {
        const px = x0 + (labelWidth * k) / 8;
        for (const line of lines) {
          const ly = yAt(line, px);
          if (ly === null) continue;
          gap = Math.min(gap, ly < y - 10 ? y - 10 - ly : ly > y + 2 ? ly - y - 2 : 0);
        }
      }
      if (gap > bestGap) {
        bestGap = gap;
        best = { x: anchor === 'start' ? kneeX + 6 : kneeX - 6, y, anchor };
      }
    }
  }
  return best;
}

function path(xs: number[], ys: number[]): string {
  let d = '';
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(ys[i])) continue;
    d += `${d === '' ? 'M' : 'L'}${xs[i].toFixed(1)},${ys[i].toFixed(1)}`;
  }
  return d;
}

/** 1-2-5 ticks of a log axis, keeping only those at least 16 px apart (labels never overlap). */
function logTicks(domain: [number, number], y: (v: number) => number, plotH: number): number[] {
  const out: number[] = [];
  const [lo, hi] = domain;
  const decades = Math.log10(hi / lo);
  const steps = decades > 2.5 || plotH < 60 ? [1] : decades > 1.2 ? [1, 3] : [1, 2, 5];
  let last = Number.POSITIVE_INFINITY;
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of steps) {
      const v = m * 10 ** e;
      if (v < lo || v > hi) continue;
      const py = y(v);
      if (Math.abs(last - py) < 16) continue;
      out.push(v);
      last = py;
    }
  }
  return out;
}

export function SweepChart(props: SweepChartProps) {
  const [ref, width] = useChartWidth<HTMLDivElement>(props.width);
  const height = props.height ?? 300;
  const pts = props.points.filter((p) => Number.isFinite(p.offeredRps));
  const plotH = (height - M.top - M.bottom - M.gap) / 2;
  const latTop = M.top;
  const latBottom = latTop + plotH;
  const gpTop = latBottom + M.gap;
  const gpBottom = gpTop + plotH;
  const maxX = Math.max(1, ...pts.map((p) => p.offeredRps));
  const x = scaleLinear()
    .domain([0, maxX])
    .nice()
    .range([M.left, width - M.right]);
  const lat = pts.flatMap((p) => [p.p50Ms, p.p99Ms]).filter((v) => v > 0 && Number.isFinite(v));
  const lo = lat.length ? Math.min(...lat) : 1;
  const hi = lat.length ? Math.max(...lat) : 10;
  const yLat = scaleLog()
    .domain([Math.max(0.01, lo / 1.5), Math.max(hi * 1.5, lo * 10)])
    .range([latBottom, latTop]);
  const maxGp = Math.max(1, ...pts.map((p) => Math.max(p.goodputRps, p.offeredRps)));
  const yGp = scaleLinear().domain([0, maxGp]).nice().range([gpBottom, gpTop]);
  const xs = pts.map((p) => x(p.offeredRps));
  // Latency means nothing at a load where no request completed: such points leave the lines and
  // are marked "none completed" at the bottom of the latency panel instead.
  const served = pts.map((p) => p.goodputRps > 0);
  const safe = (v: number, i: number) => (served[i] && v > 0 ? yLat(v) : Number.NaN);
  const lineOf = (k: 'p50Ms' | 'p99Ms') =>
    pts.flatMap((p, i): [number, number][] => {
      const y = safe(p[k], i);
      return Number.isFinite(y) ? [[xs[i], y]] : [];
    });
  const kneeSpot = (kx: number) =>
    kneeLabelSpot(kx, [lineOf('p50Ms'), lineOf('p99Ms')], {
      top: latTop,
      bottom: latBottom,
      left: M.left,
      right: width - M.right,
    });
  const knee = props.knee !== null && props.knee >= 0 ? pts[props.knee] : undefined;
  const latTicks = logTicks(yLat.domain() as [number, number], yLat, plotH);

  return (
    <div ref={ref} className="sweep-chart">
      <svg
        width={width}
        height={height}
        role="img"
        aria-label="Latency and goodput against offered load"
        style={{ display: 'block', fontSize: 11, color: THEME.text }}
      >
        {/* latency panel */}
        <text x={M.left} y={14} style={{ fill: THEME.text, fontWeight: 600, fontSize: 12 }}>
          Latency (ms, log)
        </text>
        {latTicks.map((v) => (
          <g key={`l${v}`}>
            <line x1={M.left} x2={width - M.right} y1={yLat(v)} y2={yLat(v)} stroke={THEME.border} />
            <text x={M.left - 6} y={yLat(v) + 4} textAnchor="end" style={{ fill: THEME.muted }}>
              {formatAxisMs(v)}
            </text>
          </g>
        ))}
        {(['p50', 'p99'] as const).map((k) => (
          <g key={k}>
            <path
              d={path(
                xs,
                pts.map((p, i) => safe(k === 'p50' ? p.p50Ms : p.p99Ms, i)),
              )}
              fill="none"
              stroke={PERCENTILE_STYLE[k].colour}
              strokeWidth={PERCENTILE_STYLE[k].width}
              strokeDasharray={PERCENTILE_STYLE[k].dash}
            />
            {pts.map((p, i) =>
              served[i] ? (
                <circle
                  key={`${k}${xs[i]}`}
                  cx={xs[i]}
                  cy={safe(k === 'p50' ? p.p50Ms : p.p99Ms, i)}
                  r={2.5}
                  fill={PERCENTILE_STYLE[k].colour}
                />
              ) : null,
            )}
          </g>
        ))}
        {pts.map((p, i) =>
          served[i] ? null : (
            <g key={`z${xs[i]}`} data-testid="sweep-none-completed">
              <text x={xs[i]} y={latBottom - 4} textAnchor="middle" style={{ fill: 'var(--saturated)' }}>
                ×
              </text>
              <title>{`${formatQuantity(p.offeredRps)} req/s: no request completed, so there is no latency to show`}</title>
            </g>
          ),
        )}
        {served.some((v) => !v) && (
          <text x={M.left + 4} y={latBottom - 4} style={{ fill: THEME.muted }}>
            × none completed
          </text>
        )}
        <g transform={`translate(${width - M.right - 96},${6})`}>
          <line
            x1={0}
            x2={16}
            y1={4}
            y2={4}
            stroke={PERCENTILE_STYLE.p50.colour}
            strokeDasharray="2 3"
            strokeWidth={2}
          />
          <text x={20} y={8} style={{ fill: THEME.muted }}>
            p50
          </text>
          <line x1={48} x2={64} y1={4} y2={4} stroke={PERCENTILE_STYLE.p99.colour} strokeWidth={2.25} />
          <text x={68} y={8} style={{ fill: THEME.muted }}>
            p99
          </text>
        </g>
        {/* goodput panel */}
        <text x={M.left} y={gpTop - 8} style={{ fill: THEME.text, fontWeight: 600, fontSize: 12 }}>
          Goodput (req/s)
        </text>
        {yGp.ticks(3).map((v) => (
          <g key={`g${v}`}>
            <line x1={M.left} x2={width - M.right} y1={yGp(v)} y2={yGp(v)} stroke={THEME.border} />
            <text x={M.left - 6} y={yGp(v) + 4} textAnchor="end" style={{ fill: THEME.muted }}>
              {fmtTick(v)}
            </text>
          </g>
        ))}
        <line
          x1={x(0)}
          y1={yGp(0)}
          x2={x(Math.min(maxX, yGp.domain()[1]))}
          y2={yGp(Math.min(maxX, yGp.domain()[1]))}
          stroke={THEME.muted}
          strokeDasharray="3 4"
        >
          <title>goodput = offered load (every request served)</title>
        </line>
        <path
          d={path(
            xs,
            pts.map((p) => yGp(p.goodputRps)),
          )}
          fill="none"
          stroke={GOODPUT}
          strokeWidth={2}
        />
        {pts.map((p, i) => (
          <circle key={`g${xs[i]}`} cx={xs[i]} cy={yGp(p.goodputRps)} r={2.5} fill={GOODPUT} />
        ))}
        {/* shared x axis */}
        <line x1={M.left} x2={width - M.right} y1={gpBottom} y2={gpBottom} stroke={THEME.muted} />
        {x.ticks(6).map((v) => (
          <text key={`x${v}`} x={x(v)} y={gpBottom + 14} textAnchor="middle" style={{ fill: THEME.muted }}>
            {fmtTick(v)}
          </text>
        ))}
        <text
          x={(M.left + width - M.right) / 2}
          y={height - 4}
          textAnchor="middle"
          style={{ fill: THEME.muted }}
        >
          offered load (req/s, mean over the measured window; retries not counted)
        </text>
        {knee && (
          <g data-testid="sweep-knee">
            <line
              x1={x(knee.offeredRps)}
              x2={x(knee.offeredRps)}
              y1={latTop}
              y2={gpBottom}
              stroke="var(--hot)"
              strokeWidth={1.5}
              strokeDasharray="5 3"
            />
            <text
              x={kneeSpot(x(knee.offeredRps)).x}
              y={kneeSpot(x(knee.offeredRps)).y}
              textAnchor={kneeSpot(x(knee.offeredRps)).anchor}
              style={{
                fill: 'var(--hot)',
                fontWeight: 600,
                paintOrder: 'stroke',
                stroke: 'var(--panel)',
                strokeWidth: 3,
              }}
            >
              knee ≈ {formatQuantity(knee.offeredRps)} req/s
            </text>
          </g>
        )}
      </svg>
    </div>
  );
}
