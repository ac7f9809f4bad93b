/**
 * Autoscaling of an app tier: every `interval` it reads the CPU utilisation of the serving
 * instances since the last look and sizes the tier to bring it to `targetCpu`
 * (desired = ceil(serving × utilisation / target), within [min, max]). A scale-out boots new
 * instances that serve only after `bootTime`; a scale-in stops the newest instances at once
 * (they finish what they hold). After any action it waits `coolDown` before acting again.
 */
import type { AppServer, AutoscaleParams } from './appServer';
import { StatsMark } from './nodeStats';

export class Autoscaler {
  private readonly mark = new StatsMark();
  private lastAction = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly app: AppServer,
    private readonly p: AutoscaleParams,
    private readonly evBase: number,
  ) {
    app.ctx.sim.schedule(p.interval, app.index, evBase, 0);
  }

  onEvent(kind: number, arg: number): void {
    if (kind === this.evBase) this.evaluate();
    else if (kind === this.evBase + 1) this.booted(arg);
  }

  private evaluate(): void {
    const app = this.app;
    const t = app.ctx.sim.now;
    app.ctx.sim.schedule(this.p.interval, app.index, this.evBase, 0);
    const util = app.stats.utilizationSince(this.mark, t);
    app.stats.mark(this.mark, t);
    if (t - this.lastAction < this.p.coolDown) return;
    const serving = app.servingCount;
    const desired = Math.min(
      this.p.max,
      Math.max(this.p.min, Math.ceil((serving * util) / this.p.targetCpu - 1e-9)),
    );
    const booting = this.bootingCount();
    const planned = serving + booting;
    if (desired > planned) {
      this.lastAction = t;
      for (let k = planned; k < desired; k++) this.boot();
    } else if (desired < serving && booting === 0) {
      this.lastAction = t;
      Autoscaler.resizeNow(app, desired);
    }
  }

  private boot(): void {
    const app = this.app;
    // Reuse a stopped instance if there is one; else add a machine.
    let i = app.instances.findIndex((inst) => !inst.serving && !inst.booting);
    if (i < 0) {
      app.addInstance(false);
      i = app.instances.length - 1;
    }
    app.instances[i].booting = true;
    app.ctx.sim.schedule(this.p.bootTime, app.index, this.evBase + 1, i);
  }

  /** Instances booting now (an evaluation every interval: counting beats keeping a tally). */
  private bootingCount(): number {
    let n = 0;
    for (const inst of this.app.instances) if (inst.booting) n++;
    return n;
  }

  private booted(i: number): void {
    const inst = this.app.instances[i];
    inst.booting = false;
    if (!inst.serving) this.app.startServing(inst);
    this.app.dataPath.refreshLinks();
  }

  /** A `set autoscale.*` event. */
  set(key: string, value: number): boolean {
    if (!(key in this.p)) return false;
    (this.p as unknown as Record<string, number>)[key] = value;
    return true;
  }

  /** A `set instances` event with autoscaling on: boots up to n (with boot time) or stops down to n. */
  resize(n: number): void {
    const serving = this.app.servingCount;
    const planned = serving + this.bootingCount();
    if (n > planned) for (let k = planned; k < n; k++) this.boot();
    else if (n < serving) Autoscaler.resizeNow(this.app, n);
    this.lastAction = this.app.ctx.sim.now;
  }

  /** Serving instances become exactly n at once: starts stopped ones or adds, stops the newest. */
  static resizeNow(app: AppServer, n: number): void {
    let serving = app.servingCount;
    for (let i = 0; i < app.instances.length && serving < n; i++) {
      if (!app.instances[i].serving) {
        app.startServing(app.instances[i]);
        serving++;
      }
    }
    while (serving < n) {
      app.addInstance(true);
      serving++;
    }
    for (let i = app.instances.length - 1; i >= 0 && serving > n; i--) {
      if (app.instances[i].serving) {
        app.stopServing(app.instances[i]);
        serving--;
      }
    }
    app.dataPath.refreshLinks();
  }
}
