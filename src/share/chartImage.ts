/**
 * SVG and PNG export of a chart. The charts colour themselves with CSS variables (var(--text)…),
 * which mean nothing outside the page, so the export copies each element's computed colours and
 * fonts into inline attributes: the file renders the same standalone as it did on screen.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Computed properties copied onto exported elements as SVG presentation attributes. Inherited ones
 * are written only where they differ from the parent; the others only where they are not initial.
 */
const INHERITED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-opacity',
  'stroke-width',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'visibility',
] as const;
const NOT_INHERITED: Record<string, string> = { opacity: '1', 'dominant-baseline': 'auto' };

/** Elements that are part of the interactive chart but not of a picture of it. */
const SKIP_SELECTOR = '[data-export="skip"]';

/**
 * Serialises a chart's <svg> into a standalone SVG document: computed styles inlined, a background
 * in the chart's panel colour, explicit width/height, and interactive-only parts left out.
 */
export function chartToSvg(svgEl: SVGSVGElement): string {
  const clone = svgEl.cloneNode(true) as SVGSVGElement;
  inlineStyles(svgEl, clone);
  for (const el of Array.from(clone.querySelectorAll(SKIP_SELECTOR))) el.remove();
  const { width, height } = svgSize(svgEl);
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  clone.removeAttribute('class');
  const background = panelColour(svgEl);
  if (background) {
    const rect = clone.ownerDocument.createElementNS(SVG_NS, 'rect');
    rect.setAttribute('width', '100%');
    rect.setAttribute('height', '100%');
    rect.setAttribute('fill', background);
    clone.insertBefore(rect, clone.firstChild);
  }
  const xml = new XMLSerializer().serializeToString(clone);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}

/**
 * Renders the chart to a PNG at `scale` × its on-screen size (2 = crisp on high-DPI screens and in
 * slides): the standalone SVG is loaded as an image and drawn on a canvas.
 */
export async function chartToPngBlob(svgEl: SVGSVGElement, scale = 2): Promise<Blob> {
  const { width, height } = svgSize(svgEl);
  const svgText = chartToSvg(svgEl);
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw on a canvas, so the chart cannot be saved as PNG.');
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => {
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('The chart could not be encoded as PNG.'))),
        'image/png',
      );
    });
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Copies computed styles from each source element onto its twin in the clone (same tree shape). */
function inlineStyles(source: Element, target: Element, parent: CSSStyleDeclaration | null = null): void {
  const view = source.ownerDocument.defaultView;
  if (!view) return;
  const computed = view.getComputedStyle(source);
  for (const prop of INHERITED) {
    const value = computed.getPropertyValue(prop);
    if (value && !value.includes('var(') && (parent === null || parent.getPropertyValue(prop) !== value)) {
      target.setAttribute(prop, value);
    }
  }
  for (const [prop, initial] of Object.entries(NOT_INHERITED)) {
    const value = computed.getPropertyValue(prop);
    if (value && value !== initial && !value.includes('var(')) target.setAttribute(prop, value);
  }
  // The inline style may hold var(--…) references, which mean nothing outside the page; the
  // attributes written above carry the resolved values instead.
  target.removeAttribute('style');
  const from = source.children;
  const to = target.children;
  for (let i = 0; i < from.length && i < to.length; i++) inlineStyles(from[i], to[i], computed);
}

function svgSize(svgEl: SVGSVGElement): { width: number; height: number } {
  const box = svgEl.getBoundingClientRect();
  const width = box.width || Number(svgEl.getAttribute('width')) || 600;
  const height = box.height || Number(svgEl.getAttribute('height')) || 240;
  return { width: Math.round(width), height: Math.round(height) };
}

/** The --panel colour behind the chart, resolved, or null when unset/transparent. */
function panelColour(svgEl: SVGSVGElement): string | null {
  const view = svgEl.ownerDocument.defaultView;
  if (!view) return null;
  const value = view.getComputedStyle(svgEl).getPropertyValue('--panel').trim();
  return value || null;
}
