// The pass/fail decision of `npm test`, kept pure so it is unit-tested (test/unit/runner-verdict.test.ts):
// what each layer's exit code and output mean, and the closing line CI reads. A run is green only when
// every layer ran tests and none failed; a crash, an empty layer or a refused `.only` is red.

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * gate: a prerequisite (typecheck, build) with no test counts; failing stops the run.
 * check: lint, no test counts; failing counts as one failure, the later layers still run.
 * tests: a layer that prints mocha's or our runners' counts.
 */
export type LayerKind = 'gate' | 'check' | 'tests';

export interface LayerVerdict {
  counts: Counts;
  /** Why the layer is red beyond its failing tests (crash, nothing ran), if it is. */
  problem?: string;
  /** A failed gate: the later layers are not run. */
  stop: boolean;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** The closing line of a layer run by our runners, and of `npm test`. */
export function closingLine(c: Counts): string {
  return `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
}

/**
 * Counts from a layer's output: our runners' closing line (`N passed, N failed[, N skipped]`), else
 * mocha's `N passing / N failing / N pending` (the last of each). Undefined when neither is there.
 */
export function countsFrom(output: string): Counts | undefined {
  const text = output.replace(ANSI, '');
  const last = (re: RegExp): number | undefined => {
    const all = [...text.matchAll(re)];
    return all.length ? Number(all[all.length - 1]![1]) : undefined;
  };
  const ours = [...text.matchAll(/^\s*(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/gm)].pop();
  if (ours) return { passed: Number(ours[1]), failed: Number(ours[2]), skipped: Number(ours[3] ?? 0) };
  const passing = last(/^\s*(\d+) passing\b/gm);
  if (passing === undefined) return undefined;
  return { passed: passing, failed: last(/^\s*(\d+) failing\b/gm) ?? 0, skipped: last(/^\s*(\d+) pending\b/gm) ?? 0 };
}

/** What one layer's exit code and output mean for the run. */
export function layerVerdict(kind: LayerKind, exitCode: number, output: string): LayerVerdict {
  if (kind !== 'tests') {
    const failed = exitCode === 0 ? 0 : 1;
    return {
      counts: { passed: 0, failed, skipped: 0 },
      ...(failed ? { problem: `exit ${exitCode}` } : {}),
      stop: kind === 'gate' && failed > 0,
    };
  }
  const found = countsFrom(output);
  if (!found) {
    const problem = exitCode === 0 ? 'no test counts in its output' : `exit ${exitCode} before any test counts`;
    return { counts: { passed: 0, failed: 1, skipped: 0 }, problem, stop: false };
  }
  const counts = { ...found };
  let problem: string | undefined;
  if (exitCode !== 0 && counts.failed === 0) {
    // Exited non-zero without a failing test: a crash after the tests, a refused `.only`, an error hook.
    counts.failed = 1;
    problem = `exit ${exitCode} without a failing test`;
  } else if (counts.passed === 0 && counts.failed === 0) {
    counts.failed = 1;
    problem = 'no test ran';
  } else if (exitCode === 0 && counts.failed > 0) {
    problem = 'exit 0 with failing tests';
  }
  return { counts, ...(problem ? { problem } : {}), stop: false };
}

export interface RunVerdict {
  total: Counts;
  exitCode: 0 | 1;
  /** `N passed, N failed, N skipped`. */
  line: string;
}

/** The run's verdict from its layers' verdicts: green only when something passed and nothing failed. */
export function runVerdict(layers: readonly LayerVerdict[], crashed = false): RunVerdict {
  const total: Counts = { passed: 0, failed: crashed ? 1 : 0, skipped: 0 };
  for (const l of layers) {
    total.passed += l.counts.passed;
    total.failed += l.counts.failed;
    total.skipped += l.counts.skipped;
  }
  const exitCode = total.failed === 0 && total.passed > 0 ? 0 : 1;
  return { total, exitCode, line: closingLine(total) };
}
