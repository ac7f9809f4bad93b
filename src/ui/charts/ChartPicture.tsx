/**
 * The still part of a chart — title, legend, axes and lines — in its own <svg>. It is memoised on
 * its geometry, so moving the shared cursor neither re-renders nor repaints it (the cursor lives in
 * an overlay); this is also exactly what SVG/PNG export saves.
 */
import { memo, type RefObject } from 'react';
import type { Geometry } from './chartGeometry';
import { Legend, XAxis, YAxis } from './chartParts';
import { THEME } from './palette';
import type { LineSpec } from './types';

export interface ChartPictureProps {
  svgRef: RefObject<SVGSVGElement | null>;
  title: string;
  /** The y unit label as shown, e.g. "ms (log)". */
  unitLabel: string;
  geometry: Geometry;
  lines: readonly LineSpec[];
}

export const ChartPicture = memo(function ChartPicture(props: ChartPictureProps) {
  const { svgRef, title, unitLabel, geometry, lines } = props;
  return (
    <svg
      ref={svgRef}
      role="img"
      aria-label={title}
      width={geometry.width}
      height={geometry.height}
      viewBox={`0 0 ${geometry.width} ${geometry.height}`}
      style={{ display: 'block', fontFamily: 'inherit', fontSize: 11 }}
    >
      <text x={12} y={17} style={{ fill: THEME.text, fontSize: 13, fontWeight: 600 }}>
        {title}
      </text>
      <Legend items={geometry.legend} top={geometry.legendTop} />
      <YAxis
        ticks={geometry.yTicks}
        left={geometry.plotLeft}
        right={geometry.plotRight}
        top={geometry.plotTop}
        unit={unitLabel}
      />
      <XAxis
        ticks={geometry.xTicks}
        left={geometry.plotLeft}
        right={geometry.plotRight}
        y={geometry.plotBottom}
        width={geometry.width}
      />
      <g className="chart-lines" fill="none" strokeLinejoin="round" strokeLinecap="round">
        {lines.map((l, i) => (
          <path
            key={l.key}
            data-line={l.key}
            d={geometry.paths[i]}
            style={{ stroke: l.colour, strokeWidth: l.width ?? 1.5, fill: 'none' }}
            strokeDasharray={l.dash || undefined}
          />
        ))}
      </g>
    </svg>
  );
});
