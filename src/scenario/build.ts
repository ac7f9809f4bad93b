/**
 * build: a validated scenario → a running simulation. Creates the kernel, the nodes (in file
 * order, so handler indices and therefore tie-breaking are fixed by the file), the links, the
 * timed events, the warm-up mark and the series sampler, and drives them in slices.
 */

import { CallPool } from '../components/call';
import type { Client } from '../components/client';
import { HELD_BYTES, HELD_NAMES, type HeldKind, HeldWork } from '../components/heldWork';
import { Link, type SimContext, type SimNode } from '../components/node';
import { createNode, type NodeSpec } from '../components/registry';
import { RunMetrics } from '../components/runMetrics';
import { type RequestTrace, RequestTracer } from '../components/tracer';
import { MAX_PRIORITY } from '../engine/eventQueue';
import { createStream } from '../engine/random';
import { Simulator } from '../engine/simulator';
import type { AlertFiring } from './alerts';
import { AlertMonitor } from './alertsEval';
import { grouped } from './fanout';
import { MAX_HELD_CALLS } from './limits';
import { LiveSampler } from './live';
import { normalizeLiveEdit } from './liveEdit';
import { settableParam } from './params';
import { buildResult } from './result';
import type { Result } from './resultTypes';
import { SeriesRecorder, seriesInterval } from './series';
import type { LiveEdit, LiveSnapshot, RunWatch, Simulation } from './simulationTypes';
import { SloRecorder } from './slo';
import type { Edge, NodeType, Scenario, ScenarioEvent, ScenarioNode } from './types';

const EV_WARMUP = 0;
const EV_SERIES = 1;
const EV_SCENARIO = 2;
/**
 * Timed scenario events run after every other event of the same instant. A live edit made at time
 * T is applied once everything up to and including T has run, so a recorded edit replays exactly
 * where the live session had it only if the replay also puts it after the rest of instant T.
 */
const SCENARIO_EVENT_PRIORITY = MAX_PRIORITY - 1;

export interface BuildOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Replication number: another independent run of the same scenario and seed. Default 0. */
  replication?: number;
  /** Overrides the scenario's duration, ms. */
  durationMs?: number;
  /** Overrides the scenario's warm-up, ms (experiments measure a later window of a long run). */
  warmupMs?: number;
  /** The work budget in calls' worth (default MAX_HELD_CALLS; tests use smaller ones): see heldWork.ts. */
  maxHeldCalls?: number;
}

export function buildSimulation(scenario: Scenario, options: BuildOptions = {}): RunningSimulation {
  return new RunningSimulation(scenario, options);
}

export class RunningSimulation implements Simulation {
  readonly sim = new Simulator();
  readonly ctx: SimContext;
  readonly metrics: RunMetrics;
  /** Samples requests for the waterfall; off until setTracing(true). */
  readonly tracer: RequestTracer;
  readonly seed: number;
  readonly endMs: number;
  /** Live nodes by id, in creation order (file order, then add-node order). */
  readonly nodes = new Map<string, SimNode>();
  /** Nodes removed by events, kept so their figures and failures stay in the result. */
  readonly removedNodes: SimNode[] = [];
  private readonly series: SeriesRecorder;
  private readonly live: LiveSampler;
  private readonly events: ScenarioEvent[];
  private readonly controller: number;
  /** Evaluates the scenario's alert rules between kernel slices; null without rules. */
  readonly monitor: AlertMonitor | null;
  /** Counts the scenario's SLO at each series point; null without `slo`. */
  readonly slo: SloRecorder | null;
  /** True when the last advance() returned early because its watch asked to stop. */
  stopped = false;
  /** Why the run ended before its duration (a work budget), or null: result@1 `stopped`. */
  budgetStop: { atMs: number; reason: string } | null = null;

  constructor(
    readonly scenario: Scenario,
    options: BuildOptions,
  ) {
    this.seed = options.seed ?? scenario.seed;
    const replication = options.replication ?? 0;
    this.endMs = options.durationMs ?? scenario.duration;
    const warmupMs = Math.min(options.warmupMs ?? scenario.warmup, this.endMs);
    this.metrics = new RunMetrics(warmupMs);
    this.slo = scenario.slo ? new SloRecorder(scenario.slo, this.metrics, warmupMs) : null;
    const seed = this.seed;
    const byIndex: (SimNode | undefined)[] = [];
    this.tracer = new RequestTracer(byIndex);
    const held = this.workBudget(options.maxHeldCalls ?? MAX_HELD_CALLS);
    this.ctx = {
      sim: this.sim,
      calls: new CallPool(held),
      held,
      metrics: this.metrics,
      warmupMs,
      byIndex,
      tracer: this.tracer,
      stream: (nodeId, purpose) => createStream(seed, replication, nodeId, purpose),
    };
    this.controller = this.sim.register({ handle: (kind, arg) => this.onControl(kind, arg) });
    for (const n of scenario.nodes) this.addNode(n);
    for (const e of scenario.edges) this.addEdge(e);
    this.topologyChanged();
    this.events = scenario.events;
    this.events.forEach((ev, i) => {
      if (ev.at <= this.endMs)
        this.sim.scheduleAt(ev.at, this.controller, EV_SCENARIO, i, SCENARIO_EVENT_PRIORITY);
    });
    if (warmupMs > 0) this.sim.scheduleAt(warmupMs, this.controller, EV_WARMUP, 0);
    this.series = new SeriesRecorder(this, seriesInterval(this.endMs));
    this.sim.schedule(this.series.intervalMs, this.controller, EV_SERIES, 0);
    this.live = new LiveSampler(this);
    const rules = scenario.alerts ?? [];
    this.monitor = rules.length > 0 ? new AlertMonitor(this, rules, warmupMs, this.endMs) : null;
    for (const node of this.nodes.values()) if (node.type === 'client') (node as Client).start();
  }

  get nowMs(): number {
    return this.sim.now;
  }

  /** Ended: reached its duration, or stopped by the work budget. */
  get finished(): boolean {
    return this.sim.now >= this.endMs || this.budgetStop !== null;
  }

  /**
   * The run's work budget (MAX_HELD_CALLS calls' worth of memory): reaching it ends the run
   * cleanly at that event, with what was held as the recorded reason.
   */
  private workBudget(maxHeldCalls: number): HeldWork {
    const held = new HeldWork();
    held.limitBytes = maxHeldCalls * HELD_BYTES.call;
    held.onLimit = () => {
      this.budgetStop = {
        atMs: this.sim.now,
        reason: `${heldKinds(held)} held at once, the most a run may hold (${grouped(maxHeldCalls)} calls' worth of memory, about ${grouped(Math.round(held.limitBytes / 1e6))} MB); lower the rates or the capacities that let work pile up`,
      };
      this.sim.halt();
    };
    return held;
  }

  advance(untilMs: number, watch?: RunWatch): number {
    const until = Math.min(untilMs, this.endMs);
    const sim = this.sim;
    const observer = watch?.events;
    this.stopped = false;
    let n = 0;
    // Alert evaluations split the run into slices (all events up to an evaluation's time first);
    // slicing never changes which events run or in what order.
    for (;;) {
      const due = this.monitor ? this.monitor.nextDue() : Number.POSITIVE_INFINITY;
      const to = Math.min(due, until);
      n += observer ? sim.runObserved(to, observer) : sim.runUntil(to);
      if (this.budgetStop) return n; // the work budget ended the run at its time
      if (observer && sim.stopped) {
        this.stopped = true;
        return n;
      }
      if (due > until) return n;
      const fired = this.monitor!.runDue(due);
      if (fired.length > 0 && watch?.alertFired?.(fired)) {
        this.stopped = true;
        return n;
      }
    }
  }

  runToEnd(): void {
    this.advance(this.endMs);
  }

  /** Alert firings so far (empty without rules). */
  alerts(): AlertFiring[] {
    return this.monitor ? this.monitor.result() : [];
  }

  snapshot(): LiveSnapshot {
    return this.live.take();
  }

  /** Samples 1 in `every` requests (and the next failed one) for traces(); changes no result. */
  setTracing(on: boolean, every?: number): void {
    this.tracer.enabled = on;
    if (every !== undefined && every >= 1) this.tracer.every = Math.floor(every);
  }

  /** The latest finished traced requests, oldest first (at most ~20). */
  traces(): RequestTrace[] {
    return this.tracer.take();
  }

  result(): Result {
    return buildResult(this, this.series.toSeries());
  }

  applyEdit(edit: LiveEdit): void {
    this.apply(normalizeLiveEdit(edit, this.sim.now, this.nodes));
    // Counted like the scheduled event it replays as, so the live result's `events` matches a replay's.
    this.sim.eventCount++;
  }

  private onControl(kind: number, arg: number): void {
    const t = this.sim.now;
    if (kind === EV_WARMUP) {
      this.metrics.startMeasuring();
      for (const n of this.nodes.values()) n.markWarmup(t);
    } else if (kind === EV_SERIES) {
      this.slo?.sample(t);
      this.series.sample(t);
      if (t + this.series.intervalMs <= this.endMs + 1e-9) {
        this.sim.schedule(this.series.intervalMs, this.controller, EV_SERIES, 0);
      }
    } else if (kind === EV_SCENARIO) {
      this.apply(this.events[arg]);
    }
  }

  /** Applies a timed change now. */
  private apply(ev: ScenarioEvent): void {
    switch (ev.do) {
      case 'fail':
        return this.node(ev.node).fail();
      case 'recover':
        return this.node(ev.node).recover();
      case 'slow':
        this.node(ev.node).slowFactor = ev.factor;
        return;
      case 'set': {
        // The settable-path table decides; the gate accepted only what it lists (params.ts).
        const node = this.node(ev.node);
        const param = settableParam(node.type as NodeType, ev.path);
        if (param?.effect === 'display') return;
        if (!param || !node.setParam(ev.path, ev.value))
          throw new Error(`set ${ev.node}.${ev.path}: this parameter cannot change during a run`);
        return;
      }
      case 'add-node': {
        const node = this.addNode(ev.node);
        if (node.type === 'client') (node as Client).start();
        return this.topologyChanged();
      }
      case 'remove-node': {
        const node = this.node(ev.node);
        node.removed = true;
        node.fail();
        this.nodes.delete(ev.node);
        this.removedNodes.push(node);
        for (const other of this.nodes.values()) {
          const i = other.out.findIndex((l) => l.node === node);
          if (i >= 0) other.out.splice(i, 1);
        }
        return this.topologyChanged();
      }
      case 'add-edge':
        this.addEdge(ev.edge);
        return this.topologyChanged();
      case 'remove-edge': {
        const from = this.node(ev.edge.from);
        const i = from.out.findIndex((l) => l.node.id === ev.edge.to);
        if (i >= 0) from.out.splice(i, 1);
        return this.topologyChanged();
      }
    }
  }

  private node(id: string): SimNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node "${id}" at ${this.sim.now} ms`);
    return n;
  }

  private addNode(spec: ScenarioNode): SimNode {
    const node = createNode(this.ctx, spec as NodeSpec);
    this.nodes.set(spec.id, node);
    // A node added during the measured window starts its own window now.
    if (this.sim.now > 0 && this.metrics.measuring) node.markWarmup(this.sim.now);
    this.series?.addNode(node);
    return node;
  }

  private addEdge(e: Edge): void {
    const from = this.node(e.from);
    const to = this.node(e.to);
    const existing = from.out.find((l) => l.node === to);
    if (existing) existing.latency = e.latency;
    else from.out.push(new Link(to, e.latency));
  }

  private topologyChanged(): void {
    for (const n of this.nodes.values()) n.onTopologyChange(this.nodes);
  }
}

/** "2,000,000 calls" or "12,000 calls and 3,990,000 jobs in queues": the kinds a run holds. */
function heldKinds(held: HeldWork): string {
  const parts = (Object.keys(HELD_NAMES) as HeldKind[])
    .filter((k) => held.counts[k] > 0)
    .map((k) => `${grouped(held.counts[k])} ${HELD_NAMES[k]}`);
  if (parts.length === 0) return 'nothing';
  const last = parts.pop()!;
  return parts.length === 0 ? last : `${parts.join(', ')} and ${last}`;
}
