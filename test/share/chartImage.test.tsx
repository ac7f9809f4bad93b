// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Series } from '../../src/scenario/resultTypes';
import { chartToSvg } from '../../src/share/chartImage';
import { downloadJson, downloadText } from '../../src/share/download';
import { LatencyChart } from '../../src/ui/charts';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const series: Series = {
  intervalMs: 1000,
  t: [1000, 2000, 3000],
  rps: [1, 2, 3],
  p50Ms: [1, 2, 3],
  p95Ms: [2, 3, 4],
  p99Ms: [3, 4, 5],
  errors: [0, 0, 0],
  nodes: {},
};

describe('chartToSvg', () => {
  it('gives a standalone SVG document without CSS variables or the interactive layers', () => {
    document.documentElement.style.setProperty('--panel', '#123456');
    render(<LatencyChart series={series} cursorMs={2000} onCursor={() => {}} />);
    const svg = screen.getByTestId('chart-latency').querySelector('svg') as SVGSVGElement;
    const text = chartToSvg(svg);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(text).toMatch(/width="\d+"/);
    expect(text).toContain('fill="#123456"'); // the panel background, resolved
    expect(text).not.toContain('var(');
    expect(text).not.toContain('chart-cursor');
    expect(text).not.toContain('chart-latency-hover');
    expect(text.match(/<path /g)).toHaveLength(3);
    expect(text).toContain('>Latency</text>');
    // The live chart is untouched.
    expect(screen.getByTestId('chart-cursor')).not.toBeNull();
  });
});

describe('downloads', () => {
  it('clicks a temporary <a download> holding an object URL, then revokes it', async () => {
    const blobs: Blob[] = [];
    const create = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:fake';
    });
    const revoke = vi.fn();
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke });
    const clicked: { name: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ name: this.download, href: this.getAttribute('href') ?? '' });
    });
    downloadText('run.csv', 'a,b\r\n', 'text/csv');
    downloadJson('scenario.json', { name: 'x' });
    expect(clicked).toEqual([
      { name: 'run.csv', href: 'blob:fake' },
      { name: 'scenario.json', href: 'blob:fake' },
    ]);
    expect(blobs.map((b) => b.type)).toEqual(['text/csv;charset=utf-8', 'application/json;charset=utf-8']);
    expect(await blobs[1].text()).toBe('{\n  "name": "x"\n}\n');
    expect(document.querySelectorAll('a')).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 0));
    expect(revoke).toHaveBeenCalledTimes(2);
  });
});
