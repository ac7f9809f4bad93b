/** Runs the CLI's main() in-process over in-memory files, collecting what it prints. */
import { main } from '../../src/cli/main';

export async function run(args: string[], files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readFile: (p) => {
      if (!(p in files)) throw new Error('ENOENT: no such file');
      return files[p];
    },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
