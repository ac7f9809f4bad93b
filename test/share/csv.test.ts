import { describe, expect, it } from 'vitest';
import type { Series } from '../../src/scenario/resultTypes';
import { exportSeriesCsv, headerCell } from '../../src/share/csv';

function series(nodes: Series['nodes'] = {}): Series {
  return {
    intervalMs: 500,
    t: [500, 1000, 1500],
    rps: [10, 20.5, 30],
    p50Ms: [1, 2, 3],
    p95Ms: [4, 5, 6],
    p99Ms: [7, Number.NaN, 9],
    errors: [0, 1, 0],
    nodes,
  };
}

/** Splits an RFC 4180 document into rows of fields (enough of a parser to check our output). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('exportSeriesCsv', () => {
  it('writes the fixed header and one CRLF-terminated row per sample, time in seconds', () => {
    const csv = exportSeriesCsv(series());
    expect(csv).toBe(
      't_s,rps,p50_ms,p95_ms,p99_ms,errors\r\n0.5,10,1,4,7,0\r\n1,20.5,2,5,,1\r\n1.5,30,3,6,9,0\r\n',
    );
  });

  it('adds node columns sorted by node id, then metric name, whatever the insertion order', () => {
    const csv = exportSeriesCsv(
      series({
        db: { utilization: [0.5, 0.6, 0.7], queue: [1, 2, 3] },
        app: { utilization: [0.1, 0.2, 0.3] },
        'db-replica': { lagMs: [5, 6] },
      }),
    );
    const rows = parseCsv(csv);
    expect(rows[0].slice(6)).toEqual(['app.utilization', 'db.queue', 'db.utilization', 'db-replica.lagMs']);
    expect(rows[1].slice(6)).toEqual(['0.1', '1', '0.5', '5']);
    // A metric array shorter than t leaves the missing cells empty.
    expect(rows[3].slice(6)).toEqual(['0.3', '3', '0.7', '']);
    expect(rows).toHaveLength(4);
  });

  it('quotes ids holding commas, quotes or line breaks (RFC 4180) and defuses formula-like ids', () => {
    const nodes = {
      'a,b': { queue: [1, 1, 1] },
      'say "hi"': { queue: [2, 2, 2] },
      'two\nlines': { queue: [3, 3, 3] },
      '=HYPERLINK("x")': { queue: [4, 4, 4] },
    };
    const rows = parseCsv(exportSeriesCsv(series(nodes)));
    expect(rows[0].slice(6)).toEqual([
      '\'=HYPERLINK("x").queue',
      'a,b.queue',
      'say "hi".queue',
      'two\nlines.queue',
    ]);
    expect(rows[1].slice(6)).toEqual(['4', '1', '2', '3']);
    expect(headerCell('plain')).toBe('plain');
    expect(headerCell('a"b')).toBe('"a""b"');
    expect(headerCell('@x')).toBe("'@x");
  });

  it('gives just the header for an empty series', () => {
    const empty: Series = {
      intervalMs: 1000,
      t: [],
      rps: [],
      p50Ms: [],
      p95Ms: [],
      p99Ms: [],
      errors: [],
      nodes: {},
    };
    expect(exportSeriesCsv(empty)).toBe('t_s,rps,p50_ms,p95_ms,p99_ms,errors\r\n');
  });
});
