import { describe, expect, it } from 'vitest';
import { scenarioToJson } from '../../src/share/json';

describe('scenarioToJson', () => {
  it('pretty-prints with two spaces, keeps key order as given and ends with a newline', () => {
    const text = scenarioToJson({ format: 'scalelab/scenario@1', name: 'x', seed: 1, nodes: [{ id: 'a' }] });
    expect(text).toBe(
      '{\n  "format": "scalelab/scenario@1",\n  "name": "x",\n  "seed": 1,\n  "nodes": [\n    {\n      "id": "a"\n    }\n  ]\n}\n',
    );
    expect(Object.keys(JSON.parse(scenarioToJson({ z: 1, a: 2 })))).toEqual(['z', 'a']);
  });

  it('refuses a value JSON cannot hold', () => {
    expect(() => scenarioToJson(undefined)).toThrow(/JSON/);
  });
});
