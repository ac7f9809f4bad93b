/**
 * One parameter of a node. Design time: every keystroke updates the scenario (inside one undo
 * gesture per focus) and parseScenario's problems for this path show at once. During a run: the
 * value is checked on a trial copy as you type and applied live (a recorded `set`) on Enter or blur.
 */
import { produce } from 'immer';
import { useEffect, useId, useRef, useState } from 'react';
import type { Problem } from '../../scenario/types';
import { editNode, setParam } from '../../store/actions';
import { getPath, type NodeRef, nodeAt, nodePathPrefix, setPath } from '../../store/graph';
import type { RawNode } from '../../store/model';
import { isLive, useRunStore } from '../../store/runStore';
import { useScenarioStore } from '../../store/scenarioStore';
import { problemsUnder, sentence, validate } from '../../store/validation';
import type { ParamSpec } from '../kinds';
import { textToValue, valueToText } from './fieldValue';

export interface ParamFieldProps {
  spec: ParamSpec;
  node: RawNode;
  nodeRef: NodeRef;
  /** parseScenario's problems for the whole scenario. */
  problems: Problem[];
}

function trialProblems(nodeRef: NodeRef, path: string, value: unknown): Problem[] {
  const input = useScenarioStore.getState().input;
  const trial = produce(input, (d) => {
    const n = nodeAt(d, nodeRef);
    if (n) setPath(n, path, value);
  });
  const parsed = validate(trial);
  return parsed.ok ? [] : problemsUnder(parsed.errors, `${nodePathPrefix(nodeRef)}.${path}`);
}

export function ParamField({ spec, node, nodeRef, problems }: ParamFieldProps) {
  const id = useId();
  const value = getPath(node, spec.path);
  const [text, setText] = useState(valueToText(value, spec.kind));
  const [localError, setLocalError] = useState<string | null>(null);
  const [liveProblems, setLiveProblems] = useState<Problem[] | null>(null);
  const focused = useRef(false);
  const live = useRunStore((s) => isLive(s.status));

  useEffect(() => {
    if (!focused.current) setText(valueToText(value, spec.kind));
  }, [value, spec.kind]);

  const shown = liveProblems ?? problemsUnder(problems, `${nodePathPrefix(nodeRef)}.${spec.path}`);

  function change(next: string) {
    setText(next);
    const converted = textToValue(spec.kind, next);
    if (!converted.ok) {
      setLocalError(converted.message);
      return;
    }
    setLocalError(null);
    if (live) setLiveProblems(trialProblems(nodeRef, spec.path, converted.value));
    else editNode(node.id, (n) => setPath(n, spec.path, converted.value));
  }

  function commit() {
    if (!live) return;
    const converted = textToValue(spec.kind, text);
    if (!converted.ok || (liveProblems && liveProblems.length > 0)) return;
    if (valueToText(converted.value, spec.kind) !== valueToText(value, spec.kind))
      void setParam(node.id, spec.path, converted.value);
    setLiveProblems(null);
  }

  const onFocus = () => {
    focused.current = true;
    if (!live) useScenarioStore.getState().beginGesture();
  };
  const onBlur = () => {
    focused.current = false;
    commit();
    useScenarioStore.getState().endGesture();
    setText(valueToText(getPath(node, spec.path), spec.kind));
  };
  const common = {
    id,
    title: spec.help,
    onFocus,
    onBlur,
    'aria-invalid': shown.length > 0 || localError !== null,
    'data-testid': `param-${spec.path}`,
  };
  const choice = spec.kind === 'select' || spec.kind === 'bool';
  const options = spec.kind === 'bool' ? ['true', 'false'] : (spec.options ?? []);

  return (
    <div className="field" title={spec.help}>
      <label htmlFor={id}>
        {spec.label}
        {spec.unit && <span className="unit"> ({spec.unit})</span>}
      </label>
      {choice ? (
        <select
          {...common}
          value={text}
          onChange={(e) => {
            change(e.target.value);
            if (live) {
              const c = textToValue(spec.kind, e.target.value);
              if (c.ok && c.value !== undefined) void setParam(node.id, spec.path, c.value);
            }
          }}
        >
          <option value="">default ({spec.placeholder})</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : spec.kind === 'json' || (spec.kind === 'rate' && text.length > 24) ? (
        <textarea
          {...common}
          rows={3}
          value={text}
          placeholder={spec.placeholder}
          spellCheck={false}
          onChange={(e) => change(e.target.value)}
        />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={spec.kind === 'int' || spec.kind === 'number' ? 'decimal' : undefined}
          value={text}
          placeholder={spec.placeholder}
          spellCheck={false}
          onChange={(e) => change(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      )}
      {localError && <div className="field-error">{localError}</div>}
      {shown.map((p) => (
        <div key={p.path + p.message} className="field-error" role="alert">
          {sentence(p)}
        </div>
      ))}
    </div>
  );
}
