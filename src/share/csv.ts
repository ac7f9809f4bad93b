/**
 * CSV export of a run's time series (RFC 4180: comma-separated, CRLF line ends, fields holding a
 * comma, quote or line break wrapped in quotes with quotes doubled). Pure: no DOM.
 */
import type { Series } from '../scenario/resultTypes';

const FIXED_HEADER = ['t_s', 'rps', 'p50_ms', 'p95_ms', 'p99_ms', 'errors'];

/**
 * One row per sample: `t_s` (seconds), `rps`, `p50_ms`, `p95_ms`, `p99_ms`, `errors`, then one
 * column `<node>.<metric>` per node metric, sorted by node id then metric name (code-unit order) so
 * the same series always gives the same file. Missing or non-finite values are empty fields.
 */
export function exportSeriesCsv(series: Series): string {
  const columns: { name: string; values: readonly number[] }[] = [
    { name: 't_s', values: series.t.map((ms) => ms / 1000) },
    { name: 'rps', values: series.rps },
    { name: 'p50_ms', values: series.p50Ms },
    { name: 'p95_ms', values: series.p95Ms ?? [] },
    { name: 'p99_ms', values: series.p99Ms },
    { name: 'errors', values: series.errors },
  ];
  for (const nodeId of Object.keys(series.nodes ?? {}).sort(compareCodeUnits)) {
    const metrics = series.nodes[nodeId];
    for (const metric of Object.keys(metrics).sort(compareCodeUnits)) {
      columns.push({ name: `${nodeId}.${metric}`, values: metrics[metric] });
    }
  }
  const lines = [columns.map((c, i) => (i < FIXED_HEADER.length ? c.name : headerCell(c.name))).join(',')];
  const rows = series.t.length;
  for (let r = 0; r < rows; r++) {
    lines.push(columns.map((c) => numberCell(c.values[r])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Total order on strings by UTF-16 code units (locale-independent, so stable everywhere). */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function numberCell(v: number | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
}

/**
 * A header cell from a node id (untrusted: ids arrive in links). RFC 4180 quoting, and a leading
 * apostrophe before = + - @ tab or CR so a spreadsheet never runs the id as a formula.
 */
export function headerCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
