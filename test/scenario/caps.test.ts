import { describe, expect, it } from 'vitest';
import { expectedRequests } from '../../src/scenario/caps';
import { expectProblem, minimal, ok } from './helpers';

describe('expectedRequests', () => {
  it('integrates steps and linear ramps exactly', () => {
    const rate = [
      { at: 0, rps: 100, ramp: 0 },
      { at: 10_000, rps: 300, ramp: 10_000 },
    ];
    // 10 s at 100 + a 10 s ramp 100→300 (mean 200) + 10 s at 300 = 1000 + 2000 + 3000.
    expect(expectedRequests(rate, 0, 30_000)).toBe(6000);
    // Half the ramp: 5 s from 100 to 200, mean 150.
    expect(expectedRequests(rate, 10_000, 15_000)).toBe(750);
    // The first point ramps up from 0.
    expect(expectedRequests([{ at: 0, rps: 100, ramp: 10_000 }], 0, 10_000)).toBe(500);
  });
});

describe('caps', () => {
  it('refuses more expected requests than the cap, giving the number', () => {
    const s = { ...minimal(), duration: '30d' };
    (s.nodes[0] as Record<string, unknown>).rate = 1000;
    expectProblem(
      s,
      'the clients would send about 2,592,000,000 requests over the run, more than the limit of 200,000,000; shorten the duration or lower the rates',
    );
    expect(ok(s, { maxRequests: 3e9 }).scenario.duration).toBe(2_592_000_000);
  });

  it('counts ramps and rate changes made by events', () => {
    const s = {
      ...minimal(),
      duration: '100s',
      events: [{ at: '50s', do: 'set', node: 'users', path: 'rate', value: 1000 }],
    };
    // 50 s at 100 rps + 50 s at 1000 rps = 55 000 requests.
    expect(ok(s, { maxRequests: 55_000 }).scenario.events).toHaveLength(1);
    expectProblem(
      s,
      'the clients would send about 55,000 requests over the run, more than the limit of 54,999; shorten the duration or lower the rates',
      { maxRequests: 54_999 },
    );
  });

  it('refuses more than 10000 instances in all, autoscale maximums included', () => {
    const apps = Array.from({ length: 11 }, (_, i) => ({
      id: `a${i}`,
      type: 'appServer',
      autoscale: { max: 1000 },
    }));
    const edges = apps.map((a) => ({ from: 'users', to: a.id }));
    expectProblem(
      minimal(apps, edges),
      'the app servers and workers could run 11,001 instances in all (autoscale maximums included), more than the limit of 10,000',
    );
  });

  it('caps list lengths cheaply', () => {
    const many = Array.from({ length: 201 }, (_, i) => ({ id: `q${i}`, type: 'queue' }));
    expectProblem({ ...minimal(), nodes: many }, 'nodes: must have at most 200 entries, got 201');
    expectProblem(
      { ...minimal(), edges: new Array(2001).fill({ from: 'users', to: 'app' }) },
      'edges: must have at most 2000 entries, got 2001',
    );
    expectProblem(
      { ...minimal(), events: new Array(10_001).fill({}) },
      'events: must have at most 10000 entries, got 10001',
    );
  });
});
