/**
 * The line chart every Scalelab chart is made of: title, legend, y axis with unit, time axis, one
 * path per line, the shared cursor with a value readout, an empty state, and SVG/PNG export.
 * Geometry is memoised on the data and size, so cursor moves only redraw the cursor.
 */
import { type PointerEvent, type ReactNode, useCallback, useContext, useMemo, useRef } from 'react';
import { chartToPngBlob, chartToSvg } from '../../share/chartImage';
import { downloadBlob, downloadText } from '../../share/download';
import { ChartPicture } from './ChartPicture';
import { computeGeometry, hasDrawableData, nearestIndex } from './chartGeometry';
import { CursorReadout, type ReadoutRow } from './chartParts';
import { formatClock } from './format';
import { ChartMarksContext } from './marks';
import { THEME } from './palette';
import type { LineSpec } from './types';
import { useChartWidth } from './useChartWidth';

export interface LineChartProps {
  /** data-testid of the chart's root element. */
  testId: string;
  title: string;
  /** Unit of the y axis, shown above it and after readout values ("ms", "req/s", "%"). */
  unit: string;
  /** Sample times, ms, ascending. */
  t: readonly number[];
  lines: readonly LineSpec[];
  /** Formats a value for the readout (the unit is appended). */
  formatValue(v: number): string;
  /** Formats a value with its unit for the cursor readout; default formatValue + unit. */
  formatReadout?(v: number): string;
  /** Formats a y tick; defaults to formatValue. */
  formatTick?(v: number): string;
  /** Fixed y domain, e.g. [0, 100]; it still widens if the data leaves it. */
  domain?: readonly [number, number];
  /** Logarithmic y axis. Default false. */
  log?: boolean;
  /** Shown instead of the plot when there is nothing to draw. */
  emptyText: string;
  /** Extra controls in the chart's top-right corner (e.g. the log toggle). */
  toolbar?: ReactNode;
  cursorMs: number | null;
  onCursor(ms: number | null): void;
  /** Default 220 px. */
  height?: number;
  width?: number;
}

export const DEFAULT_CHART_HEIGHT = 220;

export function LineChart(props: LineChartProps) {
  const { testId, title, unit, t, lines, formatValue, domain, emptyText, cursorMs, onCursor } = props;
  const log = props.log ?? false;
  const height = props.height ?? DEFAULT_CHART_HEIGHT;
  const formatTick = props.formatTick ?? formatValue;
  const [rootRef, width] = useChartWidth<HTMLElement>(props.width);
  const svgRef = useRef<SVGSVGElement | null>(null);
  const empty = !hasDrawableData(t, lines);
  const marks = useContext(ChartMarksContext);

  const geometry = useMemo(
    () => (empty ? null : computeGeometry({ t, lines, width, height, log, domain, formatTick })),
    [empty, t, lines, width, height, log, domain, formatTick],
  );

  // The overlay's left edge, read once when the pointer enters (and on press) rather than on every
  // move: reading layout right after the previous cursor update would force a synchronous reflow.
  const overlayLeft = useRef(0);
  const onPointerEnter = useCallback((e: PointerEvent<SVGRectElement>) => {
    overlayLeft.current = e.currentTarget.getBoundingClientRect().left;
  }, []);
  const onPointerMove = useCallback(
    (e: PointerEvent<SVGRectElement>) => {
      if (!geometry || t.length === 0) return;
      const ms = geometry.msOfX(geometry.plotLeft + (e.clientX - overlayLeft.current));
      const next = t[nearestIndex(t, ms)];
      if (next !== cursorMs) onCursor(next);
    },
    [geometry, t, cursorMs, onCursor],
  );
  const onPointerLeave = useCallback(() => onCursor(null), [onCursor]);

  const withUnit =
    props.formatReadout ??
    ((v: number) => (unit === '%' ? `${formatValue(v)}%` : `${formatValue(v)} ${unit}`));
  let cursor: ReactNode = null;
  if (geometry && cursorMs !== null && t.length > 0) {
    const i = nearestIndex(t, cursorMs);
    const x = geometry.xOfMs(t[i]);
    const rows: ReadoutRow[] = [];
    for (const l of lines) {
      const v = l.values[i];
      const y = v === undefined ? null : geometry.yOf(v);
      if (y === null) continue;
      rows.push({
        key: l.key,
        label: l.label,
        value: v,
        text: withUnit(v),
        colour: l.colour,
        dash: l.dash,
        y,
      });
    }
    cursor = (
      <CursorReadout
        x={x}
        top={geometry.plotTop}
        bottom={geometry.plotBottom}
        plotLeft={geometry.plotLeft}
        plotRight={geometry.plotRight}
        time={`t = ${formatClock(t[i])}`}
        rows={rows}
      />
    );
  }

  const fileBase = `scalelab-${testId.replace(/^chart-/, '')}`;
  const exportSvg = () =>
    svgRef.current && downloadText(`${fileBase}.svg`, chartToSvg(svgRef.current), 'image/svg+xml');
  const exportPng = () => {
    if (!svgRef.current) return;
    chartToPngBlob(svgRef.current).then(
      (blob) => downloadBlob(`${fileBase}.png`, blob),
      () => {},
    );
  };

  return (
    <figure
      ref={rootRef}
      data-testid={testId}
      className="scalelab-chart"
      style={{
        position: 'relative',
        margin: 0,
        minWidth: 0,
        background: THEME.panel,
        border: `1px solid ${THEME.border}`,
        borderRadius: 6,
        color: THEME.text,
        overflow: 'hidden',
      }}
    >
      {geometry && (
        <div style={{ position: 'absolute', top: 4, right: 6, display: 'flex', gap: 4, zIndex: 1 }}>
          {props.toolbar}
          <ToolbarButton label="SVG" title={`Save ${title} as SVG`} onClick={exportSvg} />
          <ToolbarButton label="PNG" title={`Save ${title} as PNG`} onClick={exportPng} />
        </div>
      )}
      {geometry ? (
        <>
          <ChartPicture
            svgRef={svgRef}
            title={title}
            unitLabel={log ? `${unit} (log)` : unit}
            geometry={geometry}
            lines={lines}
          />
          {/* The cursor and the hover target sit in an overlay on their own compositing layer, so a
              cursor move repaints only the overlay, never the (up to 2 000-point) lines beneath. */}
          <svg
            aria-hidden="true"
            width={geometry.width}
            height={geometry.height}
            style={{
              position: 'absolute',
              left: 0,
              top: 0,
              willChange: 'transform',
              fontSize: 11,
              pointerEvents: 'none',
            }}
          >
            {marks.map((m) => {
              const x = geometry.xOfMs(m.t);
              if (!(x >= geometry.plotLeft - 0.5 && x <= geometry.plotRight + 0.5)) return null;
              const b = geometry.plotBottom;
              return (
                <g key={`${m.t}:${m.label}`} data-testid="event-mark" data-t={m.t} aria-label={m.label}>
                  <line
                    x1={x}
                    x2={x}
                    y1={geometry.plotTop}
                    y2={b}
                    stroke={THEME.muted}
                    strokeDasharray="2 3"
                    strokeOpacity={0.6}
                  />
                  <path d={`M${x} ${b - 7}L${x - 4} ${b}L${x + 4} ${b}Z`} fill={THEME.muted} />
                </g>
              );
            })}
            {cursor}
            <rect
              data-testid={`${testId}-hover`}
              x={geometry.plotLeft}
              y={geometry.plotTop}
              width={geometry.plotRight - geometry.plotLeft}
              height={geometry.plotBottom - geometry.plotTop}
              fill="transparent"
              style={{ cursor: 'crosshair', pointerEvents: 'all' }}
              onPointerEnter={onPointerEnter}
              onPointerDown={onPointerEnter}
              onPointerMove={onPointerMove}
              onPointerLeave={onPointerLeave}
            />
          </svg>
        </>
      ) : (
        <EmptyChart title={title} text={emptyText} height={height} />
      )}
    </figure>
  );
}

function EmptyChart({ title, text, height }: { title: string; text: string; height: number }) {
  return (
    <svg
      role="img"
      aria-label={`${title}: ${text}`}
      width="100%"
      height={height}
      style={{ display: 'block' }}
    >
      <text x={12} y={17} style={{ fill: THEME.text, fontSize: 13, fontWeight: 600 }}>
        {title}
      </text>
      <text x="50%" y={height / 2 + 6} textAnchor="middle" style={{ fill: THEME.muted, fontSize: 12 }}>
        {text}
      </text>
    </svg>
  );
}

export function ToolbarButton(props: { label: string; title: string; onClick(): void; pressed?: boolean }) {
  return (
    <button
      type="button"
      title={props.title}
      aria-pressed={props.pressed}
      onClick={props.onClick}
      style={{
        font: 'inherit',
        fontSize: 10,
        lineHeight: '14px',
        padding: '1px 6px',
        borderRadius: 4,
        cursor: 'pointer',
        border: `1px solid ${THEME.border}`,
        color: props.pressed ? THEME.panel : THEME.muted,
        background: props.pressed ? THEME.muted : 'transparent',
      }}
    >
      {props.label}
    </button>
  );
}
