/**
 * loadBalancer: a station (`cores` parallel servers, one FIFO queue of `backlog`) that, after its
 * own short service time, forwards each request as a child call to ONE target: an instance of an
 * app server it points to (an app server with 4 instances is 4 targets), or a whole node of
 * another kind (a rate limiter, another balancer). Policies: round-robin, least-connections,
 * random, power-of-two-choices (balancing.ts). Only targets believed healthy are chosen; the
 * belief comes from periodic probes (healthCheck.ts), so between a target's death and its
 * detection requests sent to it fail with "target down" (counted at the target). The answer is
 * passed back as it came. Backlog full → 503; no healthy target → "no route".
 */
import type { DistSpec, Sampler } from '../engine/distributions';
import { makeSampler } from '../engine/distributions';
import type { RandomStream } from '../engine/random';
import { type BalancingPolicy, Policy, policyCode, TargetSet } from './balancing';
import { type Call, Reason } from './call';
import { type HealthCheckParams, probeTargets } from './healthCheck';
import { Ev, type SimContext, SimNode } from './node';
import { Admit, ServerPool } from './serverPool';

export type { BalancingPolicy } from './balancing';
export type { HealthCheckParams } from './healthCheck';

/** Service time per operation: the time one request holds one of the balancer's cores. */
export interface LoadBalancerServiceTimes {
  read: DistSpec;
  write: DistSpec;
  static: DistSpec;
}

export interface LoadBalancerParams {
  /** Default "round-robin". */
  policy: BalancingPolicy;
  /** Parallel servers (default 1). */
  cores: number;
  /** Time a request holds a core before it is forwarded (default const 0.05 ms), per op or one DistSpec. */
  service: LoadBalancerServiceTimes | DistSpec;
  /** Requests waiting for a core before 503 (default 10 000). */
  backlog: number;
  healthCheck: HealthCheckParams;
  /** Dollars per hour (default 0.025). */
  costPerHour: number;
}

const EV_SERVICE_DONE = 16;
const EV_PROBE = 17;

export class LoadBalancer extends SimNode {
  private readonly pool: ServerPool;
  private samplers: Sampler[] = [];
  private readonly serviceStream: RandomStream;
  private readonly pickStream: RandomStream;
  readonly targets = new TargetSet();
  private policy: number;
  private probeHandle = -1;
  private lastProbe = 0;

  constructor(
    ctx: SimContext,
    id: string,
    readonly params: LoadBalancerParams,
  ) {
    super(ctx, id, 'loadBalancer');
    this.policy = policyCode(params.policy) ?? Policy.roundRobin;
    this.setService(params.service);
    this.serviceStream = ctx.stream(id, 'service');
    this.pickStream = ctx.stream(id, 'balance');
    this.pool = new ServerPool(
      params.cores,
      params.backlog,
      this.stats.busy,
      this.stats.queue,
      this.stats.waits,
    );
    this.stats.capacity.add(ctx.sim.now, params.cores);
    this.lastProbe = ctx.sim.now;
    this.scheduleProbe(params.healthCheck.interval);
  }

  private setService(s: LoadBalancerServiceTimes | DistSpec): void {
    const per = 'dist' in s ? { read: s, write: s, static: s } : s;
    this.params.service = per;
    this.samplers = [makeSampler(per.read), makeSampler(per.write), makeSampler(per.static)];
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
    const admit = this.pool.acquire(this.sim.now, call.id);
    if (admit === Admit.started) this.startService(call);
    else if (admit === Admit.rejected) this.failHere(call, Reason.backlogFull);
  }

  private startService(call: Call): void {
    this.traceStart(call);
    const s = this.samplers[call.op <= 2 ? call.op : 0].sample(this.serviceStream.next());
    this.sim.schedule(s * this.slowFactor, this.index, EV_SERVICE_DONE, call.id);
  }

  protected override onEvent(kind: number, arg: number): void {
    if (kind === EV_SERVICE_DONE) {
      const call = this.calls.get(arg);
      const next = this.pool.release(this.sim.now);
      if (next >= 0) this.startService(this.calls.get(next));
      if (this.down) this.failHere(call, Reason.targetDown);
      else this.forward(call);
    } else if (kind === EV_PROBE) {
      this.probeHandle = -1;
      this.lastProbe = this.sim.now;
      this.scheduleProbe(this.params.healthCheck.interval);
      this.targets.checkGrowth();
      if (probeTargets(this.targets, this.params.healthCheck)) this.targets.refreshEligible();
    }
  }

  /** Sends `call` on to one eligible target as a child call; the answer comes back to onReply. */
  private forward(call: Call): void {
    const set = this.targets;
    set.checkGrowth();
    const k = set.pick(this.policy, this.pickStream);
    if (k < 0) {
      this.failHere(call, Reason.noRoute);
      return;
    }
    const target = set.all[k];
    const child = this.calls.child(call, call.op);
    child.async = call.async;
    child.instance = target.instance;
    // callerStep is the caller's own field (the callee may use the scratch fields a/b).
    child.callerStep = k;
    target.inFlight++;
    target.sent++;
    this.send(child, target.link);
  }

  protected override onReply(child: Call): void {
    const calls = this.calls;
    this.targets.all[child.callerStep].inFlight--;
    const parent = calls.get(child.parent);
    parent.status = child.status;
    parent.failedAt = child.failedAt;
    calls.release(child);
    // A failure was counted where it happened (failFrom semantics): just pass it up.
    this.answer(parent);
  }

  private scheduleProbe(delay: number): void {
    this.probeHandle = this.sim.schedule(Math.max(0, delay), this.index, EV_PROBE, 0);
  }

  override onTopologyChange(): void {
    this.targets.rebuild(this.out);
  }

  /** Waiting requests fail at once; those in service fail as their service ends. */
  override fail(): void {
    super.fail();
    for (const id of this.pool.drain(this.sim.now)) this.failHere(this.calls.get(id), Reason.targetDown);
  }

  override markWarmup(t: number): void {
    super.markWarmup(t);
    for (const target of this.targets.all) target.sentAtWarmup = target.sent;
  }

  override costPerHour(): number {
    return this.params.costPerHour;
  }

  override setParam(path: string, value: unknown): boolean {
    const t = this.sim.now;
    const p = this.params;
    if (path === 'policy' && typeof value === 'string') {
      const code = policyCode(value);
      if (code === undefined) return false;
      this.policy = code;
      p.policy = value === 'p2c' ? 'power-of-two' : (value as BalancingPolicy);
      return true;
    }
    if (path === 'service' && typeof value === 'object' && value !== null) {
      this.setService(value as LoadBalancerServiceTimes | DistSpec);
      return true;
    }
    if (path.startsWith('service.') && typeof value === 'object' && value !== null) {
      const op = path.slice('service.'.length);
      if (op !== 'read' && op !== 'write' && op !== 'static') return false;
      this.setService({ ...(p.service as LoadBalancerServiceTimes), [op]: value as DistSpec });
      return true;
    }
    if (path === 'healthCheck' && typeof value === 'object' && value !== null) {
      const hc = value as Partial<HealthCheckParams>;
      for (const key of ['interval', 'unhealthyAfter', 'healthyAfter'] as const) {
        if (typeof hc[key] === 'number') this.setHealthCheck(key, hc[key]);
      }
      return true;
    }
    if (path.startsWith('healthCheck.') && typeof value === 'number') {
      const key = path.slice('healthCheck.'.length);
      if (key !== 'interval' && key !== 'unhealthyAfter' && key !== 'healthyAfter') return false;
      this.setHealthCheck(key, value);
      return true;
    }
    if (typeof value !== 'number') return false;
    if (path === 'cores') {
      p.cores = value;
      this.stats.capacity.add(t, value - this.pool.servers);
      this.pool.servers = value;
      for (let id = this.pool.startWaiting(t); id >= 0; id = this.pool.startWaiting(t))
        this.startService(this.calls.get(id));
      return true;
    }
    if (path === 'backlog') {
      p.backlog = value;
      this.pool.capacity = value;
      return true;
    }
    if (path === 'costPerHour') {
      p.costPerHour = value;
      return true;
    }
    return false;
  }

  private setHealthCheck(key: keyof HealthCheckParams, value: number): void {
    this.params.healthCheck[key] = value;
    if (key !== 'interval') return;
    // The next probe comes one new interval after the last one (at once if that is past).
    if (this.probeHandle >= 0) this.sim.cancel(this.probeHandle);
    this.scheduleProbe(this.lastProbe + value - this.sim.now);
  }

  /** Targets believed healthy now. */
  get healthyTargets(): number {
    return this.targets.eligibleCount;
  }

  override resultExtras(): Record<string, unknown> {
    const targets: Record<string, number> = {};
    for (const target of this.targets.all) {
      const n = target.sent - target.sentAtWarmup;
      if (target.attached || n > 0) targets[target.name] = n;
    }
    return { targets, healthyTargets: this.healthyTargets };
  }

  override seriesExtras(out: Record<string, number>): void {
    out.healthyTargets = this.healthyTargets;
  }

  override liveExtras(out: Record<string, number>): void {
    out.healthyTargets = this.healthyTargets;
  }
}
