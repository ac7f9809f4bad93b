/** Every component kind: drag onto the canvas, or click (or Enter) to add it at the viewport centre. */
import type { DragEvent } from 'react';
import { addNode } from '../store/actions';
import { DRAG_MIME, placeForNewNode } from './canvas/canvasApi';
import { KindIcon } from './icons';
import { KINDS } from './kinds';

function onDragStart(e: DragEvent<HTMLButtonElement>, type: string): void {
  e.dataTransfer.setData(DRAG_MIME, type);
  e.dataTransfer.setData('text/plain', type);
  e.dataTransfer.effectAllowed = 'copy';
}

export function Palette() {
  return (
    <section className="palette" aria-label="Components">
      <h2 className="panel-title">Components</h2>
      <ul>
        {KINDS.map((k) => (
          <li key={k.type}>
            <button
              type="button"
              className="palette-item"
              data-testid={`palette-${k.type}`}
              draggable
              onDragStart={(e) => onDragStart(e, k.type)}
              onClick={() => addNode(k.type, placeForNewNode())}
              title={`${k.name}: ${k.description} Drag onto the canvas, or click to add.`}
            >
              <span className={`palette-icon kind-${k.type}`}>
                <KindIcon type={k.type} />
              </span>
              <span className="palette-text">
                <span className="palette-name">{k.name}</span>
                <span className="palette-desc">{k.description}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
