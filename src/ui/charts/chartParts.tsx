/**
 * The pieces of a line chart that are pure layout: legend, axes and the cursor readout. They draw
 * in SVG so an exported chart (share/chartImage) carries its title, legend and units with it.
 */

import { THEME } from './palette';
import type { LineSpec } from './types';

/** Approximate advance of one character at 11px in the UI's sans-serif, px (for layout only). */
export const CHAR_W = 6.3;
export const LEGEND_ROW_H = 16;
const SWATCH_W = 18;

export interface LegendItem {
  line: LineSpec;
  x: number;
  row: number;
}

/** Flows legend items left to right, wrapping into rows that fit `width`. */
export function layoutLegend(lines: readonly LineSpec[], width: number, left: number): LegendItem[] {
  const items: LegendItem[] = [];
  let x = left;
  let row = 0;
  for (const line of lines) {
    const w = SWATCH_W + 5 + line.label.length * CHAR_W + 14;
    if (x > left && x + w > width - 8) {
      row++;
      x = left;
    }
    items.push({ line, x, row });
    x += w;
  }
  return items;
}

export function Legend({ items, top }: { items: readonly LegendItem[]; top: number }) {
  return (
    <g className="chart-legend">
      {items.map(({ line, x, row }) => {
        const y = top + row * LEGEND_ROW_H + LEGEND_ROW_H / 2;
        return (
          <g key={line.key} data-legend={line.key}>
            <line
              x1={x}
              x2={x + SWATCH_W}
              y1={y}
              y2={y}
              style={{ stroke: line.colour, strokeWidth: Math.max(2, line.width ?? 1.5) }}
              strokeDasharray={line.dash || undefined}
            />
            <text x={x + SWATCH_W + 5} y={y} dy="0.35em" style={{ fill: THEME.text, fontSize: 11 }}>
              {line.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}

export interface Tick {
  pos: number;
  label: string;
}

/** Horizontal grid lines with value labels to the left of the plot, and the unit above them. */
export function YAxis(props: {
  ticks: readonly Tick[];
  left: number;
  right: number;
  top: number;
  unit: string;
}) {
  const { ticks, left, right, top, unit } = props;
  return (
    <g className="chart-y-axis">
      <text x={left - 6} y={top - 11} textAnchor="end" style={{ fill: THEME.muted, fontSize: 10 }}>
        {unit}
      </text>
      {ticks.map((tick) => (
        <g key={tick.label}>
          <line
            x1={left}
            x2={right}
            y1={tick.pos}
            y2={tick.pos}
            style={{ stroke: THEME.border, strokeWidth: 1 }}
          />
          <text
            x={left - 6}
            y={tick.pos}
            dy="0.32em"
            textAnchor="end"
            style={{ fill: THEME.muted, fontSize: 10, fontVariantNumeric: 'tabular-nums' }}
          >
            {tick.label}
          </text>
        </g>
      ))}
    </g>
  );
}

/** The time axis: a baseline with tick marks and labels under the plot. */
export function XAxis(props: {
  ticks: readonly Tick[];
  left: number;
  right: number;
  y: number;
  width: number;
}) {
  const { ticks, left, right, y, width } = props;
  return (
    <g className="chart-x-axis">
      <line x1={left} x2={right} y1={y} y2={y} style={{ stroke: THEME.muted, strokeWidth: 1 }} />
      {ticks.map((tick) => {
        // A label that would run past the chart's edge is drawn ending at its tick instead.
        const half = (tick.label.length * CHAR_W * 0.9) / 2;
        const anchor = tick.pos + half > width - 2 ? 'end' : tick.pos - half < 2 ? 'start' : 'middle';
        return (
          <g key={tick.label}>
            <line
              x1={tick.pos}
              x2={tick.pos}
              y1={y}
              y2={y + 4}
              style={{ stroke: THEME.muted, strokeWidth: 1 }}
            />
            <text x={tick.pos} y={y + 15} textAnchor={anchor} style={{ fill: THEME.muted, fontSize: 10 }}>
              {tick.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}

export interface ReadoutRow {
  key: string;
  label: string;
  value: number;
  text: string;
  colour: string;
  dash?: string;
  y: number;
}

const READOUT_ROW_H = 14;

/**
 * The shared cursor: a vertical line at the sample time, a dot on each line, and a box listing the
 * values there (the largest first when they do not all fit).
 */
export function CursorReadout(props: {
  x: number;
  top: number;
  bottom: number;
  plotLeft: number;
  plotRight: number;
  time: string;
  rows: readonly ReadoutRow[];
}) {
  const { x, top, bottom, plotLeft, plotRight, time, rows } = props;
  const maxRows = Math.max(1, Math.floor((bottom - top - 26) / READOUT_ROW_H));
  const shown =
    rows.length > maxRows ? [...rows].sort((a, b) => b.value - a.value).slice(0, maxRows - 1) : rows;
  const hidden = rows.length - shown.length;
  const lineChars = Math.max(time.length, ...shown.map((r) => r.label.length + r.text.length + 2), 8);
  const boxW = Math.round(lineChars * CHAR_W + 26);
  const boxH = 20 + (shown.length + (hidden > 0 ? 1 : 0)) * READOUT_ROW_H;
  const boxX = x + 10 + boxW <= plotRight ? x + 10 : Math.max(plotLeft, x - 10 - boxW);
  const boxY = top + 4;
  return (
    <g className="chart-cursor" data-testid="chart-cursor" data-export="skip" pointerEvents="none">
      <line x1={x} x2={x} y1={top} y2={bottom} style={{ stroke: THEME.text, strokeWidth: 1, opacity: 0.6 }} />
      {rows.map((r) => (
        <circle
          key={r.key}
          cx={x}
          cy={r.y}
          r={3}
          style={{ fill: r.colour, stroke: THEME.panel, strokeWidth: 1 }}
        />
      ))}
      <rect
        x={boxX}
        y={boxY}
        width={boxW}
        height={boxH}
        rx={4}
        style={{ fill: THEME.panel, stroke: THEME.border, strokeWidth: 1, opacity: 0.94 }}
      />
      <text x={boxX + 8} y={boxY + 13} style={{ fill: THEME.muted, fontSize: 10 }}>
        {time}
      </text>
      {shown.map((r, i) => {
        const y = boxY + 20 + i * READOUT_ROW_H + READOUT_ROW_H / 2;
        return (
          <g key={r.key}>
            <line
              x1={boxX + 6}
              x2={boxX + 18}
              y1={y}
              y2={y}
              style={{ stroke: r.colour, strokeWidth: 2 }}
              strokeDasharray={r.dash || undefined}
            />
            <text x={boxX + 22} y={y} dy="0.35em" style={{ fill: THEME.text, fontSize: 10 }}>
              {r.label}
            </text>
            <text
              x={boxX + boxW - 8}
              y={y}
              dy="0.35em"
              textAnchor="end"
              style={{ fill: THEME.text, fontSize: 10, fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}
            >
              {r.text}
            </text>
          </g>
        );
      })}
      {hidden > 0 && (
        <text
          x={boxX + 8}
          y={boxY + 20 + shown.length * READOUT_ROW_H + READOUT_ROW_H / 2}
          dy="0.35em"
          style={{ fill: THEME.muted, fontSize: 10 }}
        >
          {`+${hidden} more`}
        </text>
      )}
    </g>
  );
}
