/** Every problem with the scenario (or with the link the page opened), path + sentence, as text. */
import { useScenarioStore } from '../../store/scenarioStore';
import { sentence, validate } from '../../store/validation';
import { useViewStore } from '../../store/viewStore';

export function ValidationErrors() {
  const input = useScenarioStore((s) => s.input);
  const linkProblems = useViewStore((s) => s.linkProblems);
  const linkSource = useViewStore((s) => s.linkSource);
  const source = linkSource ?? 'link';
  const parsed = validate(input);
  const problems = [
    ...linkProblems.map((p) => ({ ...p, source: 'link' })),
    ...(parsed.ok || input.nodes.length === 0
      ? []
      : parsed.errors.map((p) => ({ ...p, source: 'scenario' }))),
  ];
  if (problems.length === 0) return null;
  return (
    <section className="validation-errors" data-testid="validation-errors" role="alert" aria-label="Problems">
      <header>
        <strong>
          {problems.length} problem{problems.length === 1 ? '' : 's'}
        </strong>
        {linkProblems.length > 0 && (
          <>
            <span className="muted">
              {linkSource === null
                ? ' — the link could not be opened; your saved work is untouched.'
                : ` — ${linkSource} could not be opened; the canvas is untouched.`}
            </span>
            <button
              type="button"
              className="link-button"
              onClick={() => useViewStore.getState().setLinkProblems([])}
            >
              Dismiss
            </button>
          </>
        )}
      </header>
      <ul>
        {problems.slice(0, 50).map((p) => (
          <li key={`${p.source}:${p.path}:${p.message}`}>
            <code>
              {p.source === 'link' && p.path !== 'link'
                ? `${source}: ${p.path || '(scenario)'}`
                : p.path || '(scenario)'}
            </code>{' '}
            {sentence(p)}
          </li>
        ))}
        {problems.length > 50 && <li>…and {problems.length - 50} more.</li>}
      </ul>
    </section>
  );
}
