/**
 * Browser downloads: a Blob behind an object URL, clicked through a temporary <a download>.
 * DOM only — the pure exports (link, csv, json) live in their own files.
 */
import { scenarioToJson } from './json';

/** Saves `blob` as `filename`. The object URL is revoked after the click has been handled. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Some browsers start the download after the click handler returns; revoke on the next task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Saves text with the given MIME type (UTF-8), e.g. downloadText('run.csv', csv, 'text/csv'). */
export function downloadText(filename: string, text: string, mime: string): void {
  const type = /charset=/i.test(mime) ? mime : `${mime};charset=utf-8`;
  downloadBlob(filename, new Blob([text], { type }));
}

/** Saves `data` as pretty JSON (key order as given). */
export function downloadJson(filename: string, data: unknown): void {
  downloadText(filename, scenarioToJson(data), 'application/json');
}
