// `npm test`: every layer, one after another (never two browsers at once on a small machine), each
// layer's output passed through as it comes, then a table per layer and one closing line
// `N passed, N failed` summing them all (CI reads it). Typecheck and build must pass before any
// test runs; after that a red layer does not stop the later ones, so one run shows everything.
// Lint runs before the unit layer: it has no test counts, and a lint error counts as one failure.

import { spawn } from 'node:child_process';
import { REPO_ROOT } from './codeServer';

interface Layer {
  name: string;
  /** npm script to run. */
  script: string;
  /** Prerequisite (typecheck, build): no test counts; failing stops the run. */
  gate?: boolean;
  /** Check (lint): no test counts; failing counts as one failure, the later layers still run. */
  check?: boolean;
}

const LAYERS: Layer[] = [
  { name: 'typecheck', script: 'typecheck', gate: true },
  { name: 'build', script: 'build', gate: true },
  { name: 'lint', script: 'lint', check: true },
  { name: 'unit', script: 'test:unit' },
  { name: 'browser', script: 'test:browser' },
  { name: 'in-host', script: 'test:host' },
  { name: 'end-to-end', script: 'test:e2e' },
];

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Counts from a layer's output: mocha's `N passing / N failing / N pending`, or our runners' `N passed, N failed`. */
export function countsFrom(output: string): Counts | undefined {
  // eslint-disable-next-line no-control-regex
  const text = output.replace(/\x1b\[[0-9;]*m/g, '');
  const last = (re: RegExp): number | undefined => {
    const all = [...text.matchAll(re)];
    return all.length ? Number(all[all.length - 1]![1]) : undefined;
  };
  const ours = [...text.matchAll(/^\s*(\d+) passed, (\d+) failed/gm)].pop();
  if (ours) return { passed: Number(ours[1]), failed: Number(ours[2]), skipped: 0 };
  const passing = last(/^\s*(\d+) passing\b/gm);
  if (passing === undefined) return undefined;
  return { passed: passing, failed: last(/^\s*(\d+) failing\b/gm) ?? 0, skipped: last(/^\s*(\d+) pending\b/gm) ?? 0 };
}

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

async function main(): Promise<number> {
  const started = Date.now();
  const rows: string[] = [];
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const layer of LAYERS) {
    console.log(`\n=== ${layer.name} (npm run ${layer.script}) ===`);
    const { code, output, ms } = await run(layer.script);
    const secs = `${Math.round(ms / 1000)} s`;
    if (layer.gate || layer.check) {
      rows.push(`  ${layer.name.padEnd(11)} ${code === 0 ? 'ok' : `FAILED (exit ${code})`}  ${secs}`);
      if (code !== 0) {
        total.failed += 1;
        if (layer.gate) {
          console.log(`\n${layer.name} failed: no tests were run.`);
          break;
        }
      }
      continue;
    }
    const counts = countsFrom(output) ?? { passed: 0, failed: 0, skipped: 0 };
    // A layer that exits non-zero without a failing test (crash, no results) counts as one failure.
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    if (code === 0 && counts.passed === 0) counts.failed = 1; // a layer that ran nothing is not green
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    rows.push(
      `  ${layer.name.padEnd(11)} ${String(counts.passed).padStart(4)} passed ${String(counts.failed).padStart(3)} failed` +
        `${counts.skipped ? ` ${counts.skipped} skipped` : ''}  ${secs}${code !== 0 ? `  (exit ${code})` : ''}`,
    );
  }
  console.log(`\n=== all layers (${Math.round((Date.now() - started) / 1000)} s) ===`);
  for (const r of rows) console.log(r);
  if (total.skipped) console.log(`${total.skipped} skipped (not counted as passed)`);
  console.log(`${total.passed} passed, ${total.failed} failed`);
  return total.failed === 0 && total.passed > 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      console.log('0 passed, 1 failed');
      process.exit(1);
    },
  );
}
