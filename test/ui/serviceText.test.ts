import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse';
import { textToValue, valueToText } from '../../src/ui/inspector/fieldValue';
import { serviceToText, textToService } from '../../src/ui/inspector/serviceText';

describe('service time as text in the inspector', () => {
  it('reads a per-op service with a distribution as words, not JSON', () => {
    const v = { read: '16ms', write: { dist: 'lognormal', mean: '30ms', cv: 1 } };
    expect(valueToText(v, 'service')).toBe('read 16ms, write lognormal 30ms cv 1');
    expect(serviceToText('0.2ms')).toBe('0.2ms');
    expect(serviceToText(5)).toBe('5ms');
    expect(serviceToText({ dist: 'uniform', min: 2, max: '8ms' })).toBe('uniform 2ms 8ms');
    expect(serviceToText({ dist: 'pareto', mean: '10ms', alpha: 2 })).toBe('pareto 10ms alpha 2');
    expect(serviceToText({ dist: 'const', value: '5ms' })).toBe('const 5ms');
  });

  it('turns the text back into the same value, which the scenario accepts', () => {
    for (const v of [
      { read: '16ms', write: { dist: 'lognormal', mean: '30ms', cv: 1 } },
      { read: '4ms', write: '8ms', static: { dist: 'gamma', mean: '2ms', cv: 0.5 } },
      { dist: 'uniform', min: '2ms', max: '8ms' },
      { dist: 'pareto', mean: '10ms', alpha: 2 },
      { dist: 'const', value: '5ms' },
      '12ms',
    ]) {
      const back = textToValue('service', valueToText(v, 'service'));
      expect(back).toEqual({ ok: true, value: v });
      const r = parseScenario({
        format: 'scalelab/scenario@1',
        name: 's',
        nodes: [{ id: 'db', type: 'database', service: back.ok ? back.value : null }],
      });
      expect(r.ok, JSON.stringify(v)).toBe(true);
    }
    expect(textToService('exp 8ms')).toEqual({ ok: true, value: { dist: 'exp', mean: '8ms' } });
    expect(textToService('7')).toEqual({ ok: true, value: 7 });
    expect(textToService('')).toEqual({ ok: true, value: undefined });
  });

  it('passes what it cannot read on to validation, and says so for a half-written list', () => {
    expect(textToService('lognormal 12ms')).toEqual({ ok: true, value: 'lognormal 12ms' });
    expect(textToService('read 4ms, 8ms').ok).toBe(false);
    expect(textToService('read 4ms, read 5ms').ok).toBe(false);
    expect(textToService('{"read":').ok).toBe(false);
    expect(textToService('{"read":"4ms"}')).toEqual({ ok: true, value: { read: '4ms' } });
  });
});
