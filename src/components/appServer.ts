/**
 * appServer: `instances` × (`cores` for CPU work, `concurrency` in-flight slots, `backlog` queue).
 * A request holds a slot for its whole stay — downstream waits included, so a slow database
 * exhausts the app tier — and a core only for its CPU time. After the CPU work it runs the data
 * path (see appDataPath.ts): cache-aside reads, writes to the primary, async writes to a queue,
 * then calls to downstream services. Backlog full → 503 ("backlog full").
 */
import type { DistSpec, Sampler } from '../engine/distributions';
import { makeSampler } from '../engine/distributions';
import type { RandomStream } from '../engine/random';
import { TimeWeighted } from '../engine/timeWeighted';
import { AppDataPath } from './appDataPath';
import { type Call, Reason } from './call';
import type { RetryPolicy } from './client';
import { Ev, type SimContext, SimNode } from './node';
import { Admit, ServerPool } from './serverPool';

/** Service time per operation: the time one request holds a server. */
export interface ServiceTimes {
  read: DistSpec;
  write: DistSpec;
  static: DistSpec;
}

export interface CircuitBreakerParams {
  /** Opens when the error rate over the window reaches this, 0..1 (default 0.5). */
  errorRate: number;
  /** Sliding window, ms (default 10 000). */
  window: number;
  /** Calls in the window before it may open (default 20). */
  minRequests: number;
  /** Time open before a half-open probe, ms (default 5 000). */
  coolDown: number;
}

export interface AutoscaleParams {
  /** Fewest instances (default 1). */
  min: number;
  /** Most instances (default max(min, 10)). */
  max: number;
  /** Target CPU utilisation, 0.05..1 (default 0.6). */
  targetCpu: number;
  /** From the decision to a new instance serving, ms (default 30 000). */
  bootTime: number;
  /** Least time between two scaling actions, ms (default 60 000). */
  coolDown: number;
  /** Time between evaluations, ms (default 10 000). */
  interval: number;
}

export interface AppServerParams {
  /** Instances at the start, 1..1000 (default 1). */
  instances: number;
  /** CPU cores per instance (default 4). */
  cores: number;
  /** In-flight slots per instance (default 64). */
  concurrency: number;
  /** Requests waiting for a slot per instance before 503 (default 512). */
  backlog: number;
  /** CPU time per request (default exponential 5 ms). */
  service: ServiceTimes;
  /** Timeout of each downstream call, ms; absent = wait forever. */
  timeout?: number;
  /** Retries of failed downstream calls; absent = none. */
  retry?: RetryPolicy;
  circuitBreaker?: CircuitBreakerParams;
  /** DB connections per instance; absent = unlimited. */
  pool?: number;
  autoscale?: AutoscaleParams;
  /** Dollars per instance-hour (default 0.10). */
  costPerHour: number;
}

const EV_CPU_DONE = 16;

/** One machine of the tier. */
export class AppInstance {
  readonly slots: ServerPool;
  readonly cores: ServerPool;
  /** Serving (false while booting or after scale-in). */
  serving = true;
  /** Booting after an autoscaler decision (serves once its boot time has passed). */
  booting = false;
  constructor(node: AppServer, p: AppServerParams) {
    const s = node.stats;
    this.slots = new ServerPool(p.concurrency, p.backlog, node.inFlight, s.queue);
    this.cores = new ServerPool(p.cores, Number.MAX_SAFE_INTEGER, s.busy, s.queue, s.waits);
  }
}

export class AppServer extends SimNode {
  /** Requests holding a slot, over all instances (time-weighted). */
  readonly inFlight = new TimeWeighted(0, 0);
  /** Instances serving, time-weighted (autoscaling). */
  readonly instanceCount = new TimeWeighted(0, 0);
  readonly instances: AppInstance[] = [];
  private readonly samplers: Sampler[];
  private readonly serviceStream: RandomStream;
  readonly dataPath: AppDataPath;
  private rr = 0;

  constructor(
    ctx: SimContext,
    id: string,
    readonly params: AppServerParams,
  ) {
    super(ctx, id, 'appServer');
    this.samplers = [
      makeSampler(params.service.read),
      makeSampler(params.service.write),
      makeSampler(params.service.static),
    ];
    this.serviceStream = ctx.stream(id, 'service');
    for (let i = 0; i < params.instances; i++) this.addInstance(true);
    this.dataPath = new AppDataPath(this);
  }

  /** Adds an instance (serving at once, or booting until markServing). */
  addInstance(serving: boolean): AppInstance {
    const inst = new AppInstance(this, this.params);
    inst.serving = serving;
    this.instances.push(inst);
    if (serving) this.startServing(inst);
    return inst;
  }

  startServing(inst: AppInstance): void {
    const t = this.sim.now;
    inst.serving = true;
    this.instanceCount.add(t, 1);
    this.stats.capacity.add(t, inst.cores.servers);
  }

  stopServing(inst: AppInstance): void {
    const t = this.sim.now;
    inst.serving = false;
    this.instanceCount.add(t, -1);
    this.stats.capacity.add(t, -inst.cores.servers);
  }

  get servingCount(): number {
    return this.instanceCount.value;
  }

  /**
   * SimNode.handle, repeated here on purpose: V8 keeps type feedback per function, so this copy
   * sees only this class and can inline its handlers; the shared one sees every node kind.
   */
  override handle(kind: number, arg: number): void {
    if (kind === Ev.arrive) this.arrive(this.calls.get(arg));
    else if (kind === Ev.reply) this.onReply(this.calls.get(arg));
    else this.onEvent(kind, arg);
  }

  protected accept(call: Call): void {
    let i = call.instance;
    if (i < 0 || i >= this.instances.length || !this.instances[i].serving) i = this.pickInstance();
    if (i < 0) return this.failHere(call, Reason.targetDown);
    call.instance = i;
    const admit = this.instances[i].slots.acquire(this.sim.now, call.id);
    if (admit === Admit.started) this.onSlot(call);
    else if (admit === Admit.rejected) this.failHere(call, Reason.backlogFull);
  }

  /** Round-robin over serving instances (a load balancer in front picks for itself). */
  private pickInstance(): number {
    const n = this.instances.length;
    // One instance: skip the modulo (an integer division) but keep counting, as the loop would.
    if (n === 1 && this.instances[0].serving) {
      this.rr++;
      return 0;
    }
    for (let k = 0; k < n; k++) {
      const i = this.rr++ % n;
      if (this.instances[i].serving) return i;
    }
    return -1;
  }

  private onSlot(call: Call): void {
    const admit = this.instances[call.instance].cores.acquire(this.sim.now, call.id);
    if (admit === Admit.started) this.startCpu(call);
  }

  private startCpu(call: Call): void {
    this.traceStart(call);
    const s = this.samplers[call.op <= 2 ? call.op : 0].sample(this.serviceStream.next());
    this.sim.schedule(s * this.slowFactor, this.index, EV_CPU_DONE, call.id);
  }

  protected override onEvent(kind: number, arg: number): void {
    if (kind === EV_CPU_DONE) {
      const call = this.calls.get(arg);
      const next = this.instances[call.instance].cores.release(this.sim.now);
      if (next >= 0) this.startCpu(this.calls.get(next));
      if (this.down) return this.finish(call, Reason.targetDown);
      if (this.dataPath.passThrough) this.finish(call, Reason.ok);
      else this.dataPath.begin(call);
    } else {
      this.dataPath.onEvent(kind, arg);
    }
  }

  protected override onReply(child: Call): void {
    this.dataPath.onReply(child);
  }

  /** Ends a request: frees its slot (the next waiting request takes it) and answers. */
  finish(call: Call, status: number, failedAt = this.index, countHere = true): void {
    const next = this.instances[call.instance].slots.release(this.sim.now);
    if (next >= 0) this.onSlot(this.calls.get(next));
    if (status === Reason.ok) return this.answer(call);
    if (countHere) return this.failHere(call, status);
    call.status = status;
    call.failedAt = failedAt;
    this.answer(call);
  }

  /** A failed instance set loses its waiting requests at once; those in service fail as they end. */
  override fail(): void {
    super.fail();
    const t = this.sim.now;
    for (const inst of this.instances) {
      for (const id of inst.slots.drain(t)) this.failHere(this.calls.get(id), Reason.targetDown);
    }
  }

  override onTopologyChange(): void {
    this.dataPath.refreshLinks();
  }

  override markWarmup(t: number): void {
    super.markWarmup(t);
    this.warmInstances = this.instanceCount.integral(t);
    this.dataPath.markWarmup(t);
  }

  /** Instance-time integral at the end of warm-up. */
  warmInstances = 0;

  /** Time-average serving instances since the warm-up ended. */
  meanInstances(): number {
    const t = this.sim.now;
    const span = t - this.stats.warm.t;
    return span > 0 ? (this.instanceCount.integral(t) - this.warmInstances) / span : this.servingCount;
  }

  override meanCostPerHour(): number {
    return this.meanInstances() * this.params.costPerHour;
  }

  override costPerHour(): number {
    return this.servingCount * this.params.costPerHour;
  }

  override setParam(path: string, value: unknown): boolean {
    if (path === 'service' || path.startsWith('service.')) return this.setService(path, value);
    if (path === 'costPerHour' && typeof value === 'number') {
      this.params.costPerHour = value;
      return true;
    }
    if (typeof value !== 'number') return this.dataPath.setParam(path, value);
    const t = this.sim.now;
    if (path === 'instances') {
      this.dataPath.setInstances(Math.max(1, Math.round(value)));
      return true;
    }
    if (path === 'cores' || path === 'concurrency' || path === 'backlog') {
      (this.params as unknown as Record<string, number>)[path] = value;
      for (const inst of this.instances) {
        if (path === 'cores') {
          if (inst.serving) this.stats.capacity.add(t, value - inst.cores.servers);
          inst.cores.servers = value;
          for (let id = inst.cores.startWaiting(t); id >= 0; id = inst.cores.startWaiting(t))
            this.startCpu(this.calls.get(id));
        } else if (path === 'concurrency') {
          inst.slots.servers = value;
          for (let id = inst.slots.startWaiting(t); id >= 0; id = inst.slots.startWaiting(t))
            this.onSlot(this.calls.get(id));
        } else {
          inst.slots.capacity = value;
        }
      }
      return true;
    }
    return this.dataPath.setParam(path, value);
  }

  /** `set service` / `set service.<op>`: CPU times of requests that start from now on. */
  private setService(path: string, value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const p = this.params;
    if (path === 'service') {
      const v = value as Partial<ServiceTimes>;
      if (!v.read || !v.write || !v.static) return false;
      p.service = { read: v.read, write: v.write, static: v.static };
    } else {
      const op = path.slice('service.'.length);
      if (op !== 'read' && op !== 'write' && op !== 'static') return false;
      p.service = { ...p.service, [op]: value as DistSpec };
    }
    this.samplers[0] = makeSampler(p.service.read);
    this.samplers[1] = makeSampler(p.service.write);
    this.samplers[2] = makeSampler(p.service.static);
    return true;
  }

  override resultExtras(): Record<string, unknown> {
    return this.dataPath.resultExtras();
  }

  override seriesExtras(out: Record<string, number>): void {
    out.instances = this.servingCount;
  }

  override liveExtras(out: Record<string, number>): void {
    out.instances = this.servingCount;
    out.inFlight = this.inFlight.value;
  }
}
