/** Share link, result / scenario / CSV export, scenario import, the recent list. */
import { useEffect, useRef, useState } from 'react';
import { exportSeriesCsv } from '../../share/csv';
import { downloadJson, downloadText } from '../../share/download';
import { scenarioToJson } from '../../share/json';
import { encodeScenarioLinkSized } from '../../share/link';
import { importScenario } from '../../store/actions';
import { useRunStore } from '../../store/runStore';
import { useScenarioStore } from '../../store/scenarioStore';
import { currentClient } from '../../store/session';
import { useViewStore } from '../../store/viewStore';
import { RecentList } from './RecentList';
import { SharePopover } from './SharePopover';
import './share.css';

/** A file name from the scenario name (characters file systems refuse are dropped). */
export function fileBase(name: string): string {
  const printable = [...name].filter((c) => c.charCodeAt(0) >= 32).join('');
  return printable.replace(/[\\/:*?"<>|]+/g, '').trim() || 'scenario';
}

async function exportResult(): Promise<void> {
  const run = useRunStore.getState();
  const client = currentClient();
  const result =
    run.status === 'finished' && run.result ? run.result : client ? await client.requestResult() : null;
  if (!result) return useViewStore.getState().toast('Nothing to export yet: press play first.');
  downloadJson(`${fileBase(useScenarioStore.getState().input.name)}-result.json`, result);
}

function downloadScenario(): void {
  const s = useScenarioStore.getState().input;
  downloadText(`${fileBase(s.name)}.json`, scenarioToJson(s), 'application/json');
}

export function ShareExport() {
  const [link, setLink] = useState<{ url: string; jsonBytes: number } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const toast = useViewStore((s) => s.toast);

  async function share() {
    const { hash, jsonBytes } = await encodeScenarioLinkSized(useScenarioStore.getState().input);
    // The page's own path (a site served under /scalelab/ shares /scalelab/#s=…), never '/'.
    setLink({ url: `${location.origin}${location.pathname}${location.search}${hash}`, jsonBytes });
  }

  // Escape closes the share popover, as it does every other popover.
  useEffect(() => {
    if (link === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setLink(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [link]);

  async function importFile(file: File) {
    // The menu has done its job whatever the file holds.
    if (menu.current) menu.current.open = false;
    let value: unknown;
    try {
      value = JSON.parse(await file.text());
    } catch {
      return toast(`${file.name} is not valid JSON.`);
    }
    importScenario(value, file.name);
  }

  return (
    <div className="share-export">
      <button
        type="button"
        data-testid="share"
        onClick={() => void share()}
        title="A link holding this scenario and its recorded edits"
      >
        Share
      </button>
      <button
        type="button"
        data-testid="export-result"
        onClick={() => void exportResult()}
        title="Download the result@1 JSON of the run on screen"
      >
        Export result
      </button>
      <RecentList />
      <details className="more-menu" ref={menu}>
        <summary title="Scenario files and series">Files ▾</summary>
        <div className="more-menu-body">
          <button
            type="button"
            data-testid="export-scenario"
            onClick={downloadScenario}
            title="Download the scenario (with its recorded edits) as JSON"
          >
            Export scenario JSON
          </button>
          <button
            type="button"
            data-testid="import-scenario"
            onClick={() => fileInput.current?.click()}
            title="Open a scenario JSON file (undoable)"
          >
            Import scenario JSON…
          </button>
          <button
            type="button"
            data-testid="export-csv"
            onClick={() => {
              const series = useRunStore.getState().series;
              if (!series) return toast('No series yet: press play first.');
              downloadText(
                `${fileBase(useScenarioStore.getState().input.name)}-series.csv`,
                exportSeriesCsv(series),
                'text/csv',
              );
            }}
            title="Download the chart series as CSV"
          >
            Export series CSV
          </button>
        </div>
      </details>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void importFile(f);
          e.target.value = '';
        }}
      />
      {link !== null && (
        <SharePopover
          link={link.url}
          jsonBytes={link.jsonBytes}
          onClose={() => setLink(null)}
          onDownloadFile={downloadScenario}
        />
      )}
    </div>
  );
}
