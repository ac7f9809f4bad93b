/**
 * Chart colours: the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008), which stays
 * distinguishable under the common forms of colour blindness. Black is left out of the series
 * colours because it vanishes on a dark theme; the theme's text colour plays that role instead.
 * Each series colour can be overridden per theme with a CSS variable `--chart-<n>` (n from 1).
 */

/** The eight Okabe–Ito colours by name. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/**
 * Series colours in the order lines get them. Yellow comes last: it has the lowest contrast on a
 * light background, so it is only used once seven lines are already on the chart.
 */
export const SERIES_COLOURS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.vermillion,
  OKABE_ITO.skyBlue,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.yellow,
];

/**
 * Dash patterns (SVG stroke-dasharray), cycled once the colours run out, so the eighth line differs
 * from the first by its dash, not only by position.
 */
export const DASHES: readonly string[] = ['', '6 3', '2 2', '8 3 2 3'];

/** The colour for the i-th line (0-based), as a CSS value honouring a `--chart-<n>` override. */
export function seriesColour(i: number): string {
  const n = i % SERIES_COLOURS.length;
  return `var(--chart-${n + 1}, ${SERIES_COLOURS[n]})`;
}

/** The dash for the i-th line: solid for the first round of colours, then the next pattern. */
export function seriesDash(i: number): string {
  return DASHES[Math.floor(i / SERIES_COLOURS.length) % DASHES.length];
}

/** Fixed styles of the latency percentiles: p99 solid and heaviest, since it is the one to watch. */
export const PERCENTILE_STYLE = {
  p50: { colour: `var(--chart-p50, ${OKABE_ITO.blue})`, dash: '2 3', width: 1.75 },
  p95: { colour: `var(--chart-p95, ${OKABE_ITO.orange})`, dash: '7 4', width: 1.5 },
  p99: { colour: `var(--chart-p99, ${OKABE_ITO.vermillion})`, dash: '', width: 2.25 },
} as const;

/** Theme colours from the app's CSS variables, with fallbacks for a page that defines none. */
export const THEME = {
  text: 'var(--text, #1f2328)',
  muted: 'var(--muted, #656d76)',
  border: 'var(--border, #d0d7de)',
  panel: 'var(--panel, #ffffff)',
} as const;
