/**
 * `npm run fuzz [-- --cases N --seed S]`: the long fuzz run; prints its counts, exits 1 on a failure.
 */
import { fuzz } from './fuzzer';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const start = performance.now();
const rep = fuzz({
  seed: arg('seed', 1),
  cases: arg('cases', 20_000),
  runMs: arg('run-ms', 2000),
  maxHeldCalls: arg('max-held', 200_000),
  caseMs: arg('case-ms', 30_000),
  heapBytes: 2 * 2 ** 30,
});
const { failures, ...counts } = rep;
console.log(
  JSON.stringify({
    ...counts,
    failures: failures.length,
    wallS: Math.round((performance.now() - start) / 1000),
  }),
);
for (const f of failures) console.error(f);
process.exitCode = failures.length > 0 ? 1 : 0;
