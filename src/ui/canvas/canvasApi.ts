/** A small bridge so the palette can place a clicked kind where the user is looking on the canvas. */
let centerFn: (() => [number, number]) | null = null;

/** The canvas registers how to find the centre of its viewport, in flow coordinates. */
export function registerViewportCenter(fn: (() => [number, number]) | null): void {
  centerFn = fn;
}

/** Where a clicked palette item lands: the viewport centre, nudged so repeated clicks do not stack. */
let nudge = 0;
export function placeForNewNode(): [number, number] {
  const [x, y] = centerFn ? centerFn() : [0, 0];
  nudge = (nudge + 1) % 6;
  return [x - 80 + nudge * 24, y - 30 + nudge * 24];
}

/** The MIME type a palette drag carries (the kind name). */
export const DRAG_MIME = 'application/x-scalelab-kind';
