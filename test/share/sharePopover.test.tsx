// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LONG_LINK_CHARS, linkFit, MAX_INFLATED_BYTES, MAX_LINK_CHARS } from '../../src/share/link';
import { SharePopover } from '../../src/ui/panels/SharePopover';

const linkOf = (n: number) => `https://example.org/#s=1.${'a'.repeat(n - 25)}`;

describe('share popover', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('sorts links into fine, long and too long at 8 000 and 65 536 characters', () => {
    expect(linkFit(LONG_LINK_CHARS)).toBe('ok');
    expect(linkFit(LONG_LINK_CHARS + 1)).toBe('long');
    expect(linkFit(MAX_LINK_CHARS)).toBe('long');
    expect(linkFit(MAX_LINK_CHARS + 1)).toBe('too-long');
  });

  it('copies with the clipboard and says "Copied"', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    const link = linkOf(500);
    render(<SharePopover link={link} onClose={() => {}} onDownloadFile={() => {}} />);
    expect(screen.queryByText(/chat tools/)).toBeNull();
    expect(screen.queryByTestId('share-file')).toBeNull();
    await act(async () => void fireEvent.click(screen.getByTestId('share-copy')));
    expect(writeText).toHaveBeenCalledWith(link);
    expect(screen.getByTestId('share-copy').textContent).toMatch(/Copied/);
  });

  it('says when copying was refused', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: async () => Promise.reject(new Error('denied')) } });
    document.execCommand = () => false;
    render(<SharePopover link={linkOf(500)} onClose={() => {}} onDownloadFile={() => {}} />);
    await act(async () => void fireEvent.click(screen.getByTestId('share-copy')));
    expect(screen.getByTestId('share-copy').textContent).toBe('Copy');
    expect(screen.getByText(/did not allow copying/)).toBeTruthy();
  });

  it('warns over 8 000 characters and offers the file too', () => {
    const onDownloadFile = vi.fn();
    render(<SharePopover link={linkOf(9000)} onClose={() => {}} onDownloadFile={onDownloadFile} />);
    expect(screen.getByText(/9,000 characters long: some chat tools/)).toBeTruthy();
    expect((screen.getByTestId('share-link') as HTMLInputElement).value).toHaveLength(9000);
    fireEvent.click(screen.getByTestId('share-file'));
    expect(onDownloadFile).toHaveBeenCalledOnce();
  });

  it('over the hard cap offers only the file', () => {
    render(<SharePopover link={linkOf(MAX_LINK_CHARS + 10)} onClose={() => {}} onDownloadFile={() => {}} />);
    expect(screen.queryByTestId('share-link')).toBeNull();
    expect(screen.getByText(/Share it as a file instead/)).toBeTruthy();
    expect(screen.getByTestId('share-file')).toBeTruthy();
  });

  it('a short link whose JSON is over 2 MB offers only the file, saying why', () => {
    render(
      <SharePopover
        link={linkOf(20_000)}
        jsonBytes={MAX_INFLATED_BYTES + 1}
        onClose={() => {}}
        onDownloadFile={() => {}}
      />,
    );
    expect(screen.queryByTestId('share-link')).toBeNull();
    expect(screen.getByText(/2\.0 MB of JSON, more than a link may carry/)).toBeTruthy();
    expect(screen.getByTestId('share-file')).toBeTruthy();
  });
});
