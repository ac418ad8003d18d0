// What changes under CI (`CI` set, as .ci/run does): nothing may narrow a run. The in-host grep
// variable runs a subset; a subset is never a verdict, so CI refuses it instead of passing green.

export const GREP_VARIABLE = 'DEEPSEEK_TEST_GREP';

type Env = Readonly<Record<string, string | undefined>>;

export function isCi(env: Env): boolean {
  return !['', '0', 'false'].includes(env.CI ?? '');
}

/** Why this environment may not run the tests (a grep under CI), or undefined when it may. */
export function refusedEnvironment(env: Env): string | undefined {
  if (isCi(env) && env[GREP_VARIABLE]) {
    return `${GREP_VARIABLE}=${env[GREP_VARIABLE]} is set under CI: it would run a subset of the tests. Unset it.`;
  }
  return undefined;
}
