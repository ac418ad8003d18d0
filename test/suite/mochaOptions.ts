// The in-host suite's mocha options and file list, apart from test/suite/index.ts so they are
// unit-tested in plain Node (no vscode here): `.only` is always forbidden (a committed one would
// shrink the layer to one test), a grep is refused under CI, and a folder without suite files is an
// error, not an empty green run.

import type Mocha from 'mocha';
import { GREP_VARIABLE, refusedEnvironment } from '../runners/ci';

type Env = Readonly<Record<string, string | undefined>>;

export function hostMochaOptions(env: Env): Mocha.MochaOptions {
  const refused = refusedEnvironment(env);
  if (refused) throw new Error(refused);
  return {
    ui: 'tdd',
    color: false,
    forbidOnly: true,
    timeout: Number(env.DEEPSEEK_TEST_TIMEOUT_MS) || 120_000,
    ...(env[GREP_VARIABLE] ? { grep: env[GREP_VARIABLE] } : {}),
  };
}

/**
 * The suite files among a folder's entries, in run order: `*.test.ts`, the smoke and activation tests
 * first (they look at what the first activation did), the rest by name. Throws when there are none.
 */
export function suiteFiles(entries: readonly string[], folder: string): string[] {
  const first = ['smoke.test.ts', 'extension.test.ts'];
  const files = entries.filter((n) => n.endsWith('.test.ts'));
  if (files.length === 0) throw new Error(`no in-host suite files (*.test.ts) found in ${folder}`);
  const rank = (n: string) => (first.includes(n) ? first.indexOf(n) : first.length);
  return [...files].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
