/** The inspector: the selected node's parameters and live figures, or the scenario's settings. */
import { useState } from 'react';
import { failNode, recoverNode, removeNode } from '../../store/actions';
import { shownGraph } from '../../store/graph';
import { useScenarioStore } from '../../store/scenarioStore';
import { validate } from '../../store/validation';
import { useViewStore } from '../../store/viewStore';
import { KindIcon } from '../icons';
import { KIND_BY_TYPE } from '../kinds';
import { LiveFigures } from './LiveFigures';
import { ParamField } from './ParamField';
import { ScenarioSettings } from './ScenarioSettings';

export function Inspector() {
  const input = useScenarioStore((s) => s.input);
  const selected = useViewStore((s) => s.selected);
  const [more, setMore] = useState(false);
  const parsed = validate(input);
  const problems = parsed.ok ? [] : parsed.errors;
  const shown = selected ? shownGraph(input).nodes.find((n) => n.node.id === selected) : undefined;

  if (!shown) {
    return (
      <aside className="inspector" data-testid="inspector" aria-label="Inspector">
        <ScenarioSettings problems={problems} />
      </aside>
    );
  }
  const { node, ref } = shown;
  const info = KIND_BY_TYPE[node.type];
  const params = info?.params ?? [];
  const basic = params.filter((p) => !p.advanced);
  const advanced = params.filter((p) => p.advanced);
  return (
    <aside className="inspector" data-testid="inspector" aria-label={`Inspector: ${node.id}`}>
      <header className="inspector-head">
        <span className={`palette-icon kind-${node.type}`}>
          <KindIcon type={node.type} />
        </span>
        <div>
          <h2 className="inspector-title" data-testid="inspector-title">
            {typeof node.label === 'string' && node.label.trim() ? node.label : node.id}
          </h2>
          {typeof node.label === 'string' && node.label.trim() && node.label !== node.id && (
            <div className="muted small">id {node.id}</div>
          )}
          <div className="muted small">
            {info ? `${info.name} — ${info.description}` : `Unknown kind “${node.type}”`}
          </div>
        </div>
      </header>
      <div className="inspector-actions">
        <button
          type="button"
          onClick={() => failNode(node.id)}
          title="Take it down now (recorded as an event)"
        >
          Fail
        </button>
        <button
          type="button"
          onClick={() => recoverNode(node.id)}
          title="Bring it back up (recorded as an event)"
        >
          Recover
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => removeNode(node.id)}
          title="Remove this node and its wires"
        >
          Delete
        </button>
      </div>
      <h3 className="section-title">Live</h3>
      <LiveFigures id={node.id} />
      <h3 className="section-title">Parameters</h3>
      <p className="muted small">
        Empty fields use the default shown in grey. Hover a field for what it means.
      </p>
      {basic.map((spec) => (
        <ParamField
          key={`${node.id}:${spec.path}`}
          spec={spec}
          node={node}
          nodeRef={ref}
          problems={problems}
        />
      ))}
      {advanced.length > 0 && (
        <>
          <button type="button" className="link-button" aria-expanded={more} onClick={() => setMore(!more)}>
            {more ? '▾ Fewer parameters' : `▸ More parameters (${advanced.length})`}
          </button>
          {more &&
            advanced.map((spec) => (
              <ParamField
                key={`${node.id}:${spec.path}`}
                spec={spec}
                node={node}
                nodeRef={ref}
                problems={problems}
              />
            ))}
        </>
      )}
    </aside>
  );
}
