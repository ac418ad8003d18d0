// A small evaluator for the when-clauses package.json contributes (`a && !b`, `k == v`, `k != 'v'`,
// `||`): enough to ask "would this keybinding fire in this editor?" with the context a user has.

export type WhenContext = Record<string, string | boolean | undefined>;

/** Whether `when` holds in `context` (no clause: always). */
export function evaluateWhen(when: string | undefined, context: WhenContext): boolean {
  if (!when?.trim()) return true;
  return when.split('||').some((alternative) => alternative.split('&&').every((term) => evaluateTerm(term.trim(), context)));
}

function evaluateTerm(term: string, context: WhenContext): boolean {
  const comparison = /^([\w.-]+)\s*(==|!=)\s*'?([^']*?)'?$/.exec(term);
  if (comparison) {
    const [, key, op, expected] = comparison;
    const equal = String(context[key!] ?? '') === expected;
    return op === '==' ? equal : !equal;
  }
  if (term.startsWith('!')) return !evaluateTerm(term.slice(1).trim(), context);
  if (term === 'true') return true;
  if (term === 'false') return false;
  return Boolean(context[term]);
}
