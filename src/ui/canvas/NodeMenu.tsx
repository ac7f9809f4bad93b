/** The node menu (right-click or ⋯): fail / recover / slow ×5 / normal speed — applied live and recorded — and delete. */
import { useEffect, useRef } from 'react';
import { failNode, recoverNode, removeNode, slowNode } from '../../store/actions';
import { useViewStore } from '../../store/viewStore';

const ITEMS: { key: string; label: string; title: string; run(id: string): void }[] = [
  { key: 'fail', label: 'Fail', title: 'Take this node down now (recorded as a fail event)', run: failNode },
  {
    key: 'recover',
    label: 'Recover',
    title: 'Bring it back up (recorded as a recover event)',
    run: recoverNode,
  },
  {
    key: 'slow',
    label: 'Slow ×5',
    title: 'Multiply its service times by 5 (a noisy neighbour, a bad deploy)',
    run: (id) => slowNode(id, 5),
  },
  {
    key: 'normal',
    label: 'Normal speed',
    title: 'Service times back to normal',
    run: (id) => slowNode(id, 1),
  },
  { key: 'delete', label: 'Delete', title: 'Remove the node and its wires (Delete key)', run: removeNode },
];

const close = () => useViewStore.getState().openMenu(null);

export function NodeMenu() {
  const menu = useViewStore((s) => s.menu);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!menu) return;
    ref.current?.querySelector('button')?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    const onDown = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) close();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onDown, true);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onDown, true);
    };
  }, [menu]);
  if (!menu) return null;
  const left = Math.min(menu.x, window.innerWidth - 180);
  const top = Math.min(menu.y, window.innerHeight - 220);
  return (
    <div
      ref={ref}
      className="node-menu"
      role="menu"
      aria-label={`Actions for ${menu.node}`}
      style={{ left, top }}
      data-testid="node-menu"
    >
      <div className="node-menu-title">{menu.node}</div>
      {ITEMS.map((item) => (
        <button
          key={item.key}
          type="button"
          role="menuitem"
          title={item.title}
          data-testid={`menu-${item.key}`}
          className={item.key === 'delete' ? 'danger' : undefined}
          onClick={() => {
            close();
            item.run(menu.node);
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
