// `npm test`: every layer, one after another (never two browsers at once on a small machine), each
// layer's output passed through as it comes, then a table per layer and one closing line
// `N passed, N failed, N skipped` summing them all (CI reads it). Typecheck and build must pass before
// any test runs; after that a red layer does not stop the later ones, so one run shows everything.
// Lint runs before the unit layer: it has no test counts, and a lint error counts as one failure.
// What is red is decided in ./verdict.ts (pure, unit-tested); this file only runs and prints.

import { spawn } from 'node:child_process';
import { REPO_ROOT } from './codeServer';
import { GREP_VARIABLE } from './ci';
import { closingLine, layerVerdict, runVerdict, type LayerKind, type LayerVerdict } from './verdict';

export { countsFrom } from './verdict';

interface Layer {
  name: string;
  /** npm script to run. */
  script: string;
  kind: LayerKind;
}

const LAYERS: Layer[] = [
  { name: 'typecheck', script: 'typecheck', kind: 'gate' },
  { name: 'build', script: 'build', kind: 'gate' },
  { name: 'lint', script: 'lint', kind: 'check' },
  { name: 'unit', script: 'test:unit', kind: 'tests' },
  { name: 'browser', script: 'test:browser', kind: 'tests' },
  { name: 'in-host', script: 'test:host', kind: 'tests' },
  { name: 'end-to-end', script: 'test:e2e', kind: 'tests' },
];

function run(script: string): Promise<{ code: number; output: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      process.stdout.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output, ms: Date.now() - started }));
  });
}

/** One row of the closing table. */
function row(layer: Layer, v: LayerVerdict, secs: string): string {
  const why = v.problem ? `  (${v.problem})` : '';
  if (layer.kind !== 'tests') return `  ${layer.name.padEnd(11)} ${v.counts.failed ? 'FAILED' : 'ok'}  ${secs}${why}`;
  const c = v.counts;
  return `  ${layer.name.padEnd(11)} ${String(c.passed).padStart(4)} passed ${String(c.failed).padStart(3)} failed ${String(c.skipped).padStart(3)} skipped  ${secs}${why}`;
}

async function main(): Promise<number> {
  const started = Date.now();
  // `npm test` is the verdict on everything: a subset is never one, CI or not.
  if (process.env[GREP_VARIABLE]) {
    console.error(`${GREP_VARIABLE} is set: npm test runs every test. Unset it (npm run test:host runs a subset).`);
    console.log(closingLine({ passed: 0, failed: 1, skipped: 0 }));
    return 1;
  }
  const rows: string[] = [];
  const verdicts: LayerVerdict[] = [];
  for (const layer of LAYERS) {
    console.log(`\n=== ${layer.name} (npm run ${layer.script}) ===`);
    const { code, output, ms } = await run(layer.script);
    const v = layerVerdict(layer.kind, code, output);
    verdicts.push(v);
    rows.push(row(layer, v, `${Math.round(ms / 1000)} s`));
    if (v.stop) {
      console.log(`\n${layer.name} failed: no tests were run.`);
      break;
    }
  }
  console.log(`\n=== all layers (${Math.round((Date.now() - started) / 1000)} s) ===`);
  for (const r of rows) console.log(r);
  const verdict = runVerdict(verdicts);
  console.log(verdict.line);
  return verdict.exitCode;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      console.log(closingLine({ passed: 0, failed: 1, skipped: 0 }));
      process.exit(1);
    },
  );
}
