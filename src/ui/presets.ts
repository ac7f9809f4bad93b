/**
 * The preset gallery's data: presets/index.json orders the files into tracks. Files are bundled
 * (small JSON); any preset missing from the index still shows, under "More".
 */
import { asRawScenario, type RawScenario } from '../store/model';

export interface PresetEntry {
  /** File name without .json (the preset-<file> test hook). */
  file: string;
  scenario: RawScenario;
}

export interface Track {
  id: string;
  title: string;
  presets: PresetEntry[];
}

const files = import.meta.glob<unknown>('../../presets/*.json', { eager: true, import: 'default' });

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.json$/, '');
}

const byFile = new Map<string, RawScenario>();
let index: unknown = null;
for (const [path, data] of Object.entries(files)) {
  const name = fileName(path);
  if (name === 'index') index = data;
  else {
    const raw = asRawScenario(data);
    if (raw) byFile.set(name, raw);
  }
}

function readTracks(): Track[] {
  const tracks: Track[] = [];
  const listed = new Set<string>();
  const declared = (index as { tracks?: unknown } | null)?.tracks;
  if (Array.isArray(declared)) {
    for (const t of declared as { id?: unknown; title?: unknown; presets?: unknown }[]) {
      const names = Array.isArray(t?.presets)
        ? t.presets.filter((p): p is string => typeof p === 'string')
        : [];
      const presets = names.filter((n) => byFile.has(n)).map((n) => ({ file: n, scenario: byFile.get(n)! }));
      for (const n of names) listed.add(n);
      if (presets.length > 0)
        tracks.push({ id: String(t.id ?? t.title), title: String(t.title ?? t.id), presets });
    }
  }
  const rest = [...byFile.keys()].filter((n) => !listed.has(n)).sort();
  if (rest.length > 0)
    tracks.push({
      id: 'more',
      title: 'More',
      presets: rest.map((n) => ({ file: n, scenario: byFile.get(n)! })),
    });
  return tracks;
}

export const TRACKS: Track[] = readTracks();

/** A fresh copy of a preset (the editor mutates its scenario). */
export function presetScenario(file: string): RawScenario | null {
  const s = byFile.get(file);
  return s ? structuredClone(s) : null;
}

/** What a first visit opens: the first preset of the first track. */
export function defaultPreset(): RawScenario | null {
  const first = TRACKS[0]?.presets[0];
  return first ? presetScenario(first.file) : null;
}
