/**
 * The share popover: the link in a read-only field (`share-link`), a copy button that says
 * "Copied", a warning when the link is long enough for chat tools to cut it, and — when it is too
 * long to be a link at all — the scenario offered as a file instead.
 */
import { useEffect, useRef, useState } from 'react';
import { LONG_LINK_CHARS, linkFit, MAX_INFLATED_BYTES, MAX_LINK_CHARS } from '../../share/link';

/** How long the copy button says "Copied", ms. */
const COPIED_MS = 2000;

const grouped = (n: number) => n.toLocaleString('en-US');
const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** Copies with the Clipboard API, or the older selection copy where that API is missing. */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied (no user gesture, or a permission policy): try the selection below.
  }
  if (!field) return false;
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

export interface SharePopoverProps {
  /** The whole URL to share (origin, the page's own path, the fragment). */
  link: string;
  /** UTF-8 bytes of the scenario JSON inside the link (default 0: not known). */
  jsonBytes?: number;
  onClose(): void;
  /** Downloads the scenario as a JSON file (offered when the link is long or too long). */
  onDownloadFile(): void;
}

export function SharePopover(props: SharePopoverProps) {
  const { link, jsonBytes = 0 } = props;
  const field = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const fit = linkFit(link.length, jsonBytes);

  useEffect(() => {
    if (copy === 'idle') return;
    const t = setTimeout(() => setCopy('idle'), COPIED_MS);
    return () => clearTimeout(t);
  }, [copy]);
  useEffect(() => {
    if (fit !== 'too-long') requestAnimationFrame(() => field.current?.select());
  }, [fit]);

  return (
    <div className="share-popover" role="dialog" aria-label="Share link" data-fit={fit}>
      {fit === 'too-long' ? (
        <p className="share-note share-too-long" role="status">
          {link.length > MAX_LINK_CHARS
            ? `This scenario makes a link of ${grouped(link.length)} characters, more than browsers and servers reliably accept (${grouped(MAX_LINK_CHARS)}).`
            : `This scenario is ${megabytes(jsonBytes)} of JSON, more than a link may carry (links open up to ${megabytes(MAX_INFLATED_BYTES)}).`}{' '}
          Share it as a file instead: the file opens with Files → Import scenario JSON.
        </p>
      ) : (
        <div className="share-row">
          <input
            ref={field}
            readOnly
            data-testid="share-link"
            value={link}
            onFocus={(e) => e.target.select()}
            aria-label="Share link"
          />
          <button
            type="button"
            data-testid="share-copy"
            className={copy === 'copied' ? 'copied' : undefined}
            onClick={() => void copyText(link, field.current).then((ok) => setCopy(ok ? 'copied' : 'failed'))}
          >
            {copy === 'copied' ? '✓ Copied' : 'Copy'}
          </button>
        </div>
      )}
      <span className="sr-only" aria-live="polite">
        {copy === 'copied' ? 'Link copied to the clipboard.' : ''}
      </span>
      {copy === 'failed' && (
        <p className="share-note" role="status">
          The browser did not allow copying: select the link and copy it (Ctrl+C / ⌘C).
        </p>
      )}
      {fit === 'long' && (
        <p className="share-note share-long" role="status">
          This link is {grouped(link.length)} characters long: some chat tools and mail clients cut links over{' '}
          {grouped(LONG_LINK_CHARS)} characters. If it arrives broken, send the scenario as a file.
        </p>
      )}
      <div className="share-actions">
        <span className="muted small">{fit === 'ok' ? `${grouped(link.length)} characters` : ''}</span>
        {fit !== 'ok' && (
          <button type="button" data-testid="share-file" onClick={props.onDownloadFile}>
            Download scenario file
          </button>
        )}
        <button type="button" aria-label="Close" onClick={props.onClose}>
          ✕
        </button>
      </div>
    </div>
  );
}
