/** parseScenario on the scenario being edited, memoised per scenario object (immer keeps identity). */
import { parseScenario } from '../scenario/parse';
import type { ParseResult, Problem } from '../scenario/types';
import type { RawScenario } from './model';

const cache = new WeakMap<RawScenario, ParseResult>();

export function validate(input: RawScenario): ParseResult {
  let result = cache.get(input);
  if (!result) {
    try {
      result = parseScenario(input) as ParseResult;
    } catch (err) {
      // parseScenario must not throw; if it does, show it rather than crash the editor.
      result = { ok: false, errors: [{ path: '', message: `could not check the scenario: ${String(err)}` }] };
    }
    cache.set(input, result);
  }
  return result;
}

/** The problems whose path is `prefix` or lies under it ("nodes[2]" → "nodes[2].cores", …). */
export function problemsUnder(problems: Problem[], prefix: string): Problem[] {
  return problems.filter(
    (p) => p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`),
  );
}

/** The message without its leading "path: " (the UI shows the path separately). */
export function sentence(problem: Problem): string {
  const lead = `${problem.path}: `;
  return problem.message.startsWith(lead) ? problem.message.slice(lead.length) : problem.message;
}
