/**
 * Reading per-node metrics out of `series.nodes` as chart lines. A node keeps the same colour on
 * every chart (its rank among all node ids), so "db" is the same green on utilisation and queue.
 */
import type { Series } from '../../scenario/resultTypes';
import { seriesColour, seriesDash } from './palette';
import type { LineSpec } from './types';

/** Node ids in code-unit order: deterministic, and the same order in every chart and legend. */
export function sortedNodeIds(series: Series): string[] {
  return Object.keys(series.nodes ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** True when some node has `metric` with at least one finite value. */
export function hasNodeMetric(series: Series, metric: string): boolean {
  for (const id of Object.keys(series.nodes ?? {})) {
    const values = series.nodes[id][metric];
    if (values?.some((v) => Number.isFinite(v))) return true;
  }
  return false;
}

/**
 * One line per node that has one of `metrics` (the first present wins, e.g. a queue broker's
 * `depth` before a station's `queue`), values multiplied by `scale` (100 turns a ratio into %),
 * labelled with `nameOf` (colours stay by id, so a renamed node keeps its colour).
 */
export function nodeMetricLines(
  series: Series,
  metrics: readonly string[],
  scale = 1,
  /** The name a legend shows for a node id (its canvas label); the id itself by default. */
  nameOf: (id: string) => string = (id) => id,
): LineSpec[] {
  const ids = sortedNodeIds(series);
  const lines: LineSpec[] = [];
  ids.forEach((id, rank) => {
    const node = series.nodes[id];
    const metric = metrics.find((m) => node[m] !== undefined);
    if (metric === undefined) return;
    const raw = node[metric];
    lines.push({
      key: id,
      label: nameOf(id),
      values: scale === 1 ? raw : raw.map((v) => v * scale),
      colour: seriesColour(rank),
      dash: seriesDash(rank),
    });
  });
  return lines;
}
