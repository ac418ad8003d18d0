// The step runner of a part of the end-to-end run started alone (`npx tsx test/e2e/sidebar.ts`,
// `… chatView.ts`), for working on its steps: the same verdict and closing line as `npm run test:e2e`.
import { closingLine } from '../runners/verdict';

export type Step = (name: string, fn: () => Promise<void>) => Promise<void>;

export interface StandaloneRun {
  step: Step;
  /** Prints the closing line and exits: red if a step failed or none passed. */
  finish(): never;
}

/** `describe` adds to a failing step's message (a screenshot, the logs). After a failure the rest are skipped. */
export function standaloneRun(describe: (err: unknown) => Promise<string> = async () => ''): StandaloneRun {
  const tally = { passed: 0, failed: 0, skipped: 0 };
  const step: Step = async (name, fn) => {
    if (tally.failed) return void (tally.skipped++, console.log(`  - ${name} (skipped)`));
    const t0 = Date.now();
    try {
      await fn();
      tally.passed++;
      console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
    } catch (err) {
      tally.failed++;
      const text = [err instanceof Error ? err.message : String(err), await describe(err)].filter(Boolean).join('\n');
      console.log(`  ✘ ${name}\n      ${text.split('\n').join('\n      ')}`);
    }
  };
  return {
    step,
    finish() {
      console.log(closingLine(tally));
      process.exit(tally.failed || !tally.passed ? 1 : 0);
    },
  };
}
