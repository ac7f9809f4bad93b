/**
 * Scenario JSON export. Keys keep the order they were given in (the editor writes them in the
 * order of DESIGN §3), so an exported file diffs cleanly against the preset it came from.
 */

/** Pretty JSON (2-space indent, trailing newline) with key order as given. */
export function scenarioToJson(s: unknown): string {
  const json = JSON.stringify(s, null, 2);
  if (json === undefined) throw new Error('Only a JSON value can be exported as a scenario file.');
  return `${json}\n`;
}
