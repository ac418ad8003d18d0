// Mocha-like console output for the in-host results written by test/suite/index.ts.

import * as fs from 'node:fs';
import type { SuiteResults } from '../suite/index';

export type SuiteResultsFile = SuiteResults;

export interface SuiteEvent {
  type: 'suite' | 'pass' | 'fail' | 'pending' | 'end';
  title?: string;
  fullTitle?: string;
  durationMs?: number;
  message?: string;
  error?: string;
}

export function readEvents(file: string): SuiteEvent[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n');
  lines.pop(); // the last piece is either empty or a line still being written
  const out: SuiteEvent[] = [];
  for (const l of lines) {
    try {
      out.push(JSON.parse(l) as SuiteEvent);
    } catch {
      /* ignore */
    }
  }
  return out;
}

let failNo = 0;
const seen: SuiteEvent[] = [];
export function printEvent(e: SuiteEvent): void {
  seen.push(e);
  switch (e.type) {
    case 'suite':
      console.log(`\n  ${e.title}`);
      break;
    case 'pass':
      console.log(`    ✔ ${e.title}${e.durationMs !== undefined ? ` (${e.durationMs} ms)` : ''}`);
      break;
    case 'fail':
      console.log(`    ${++failNo}) ${e.title}${e.durationMs !== undefined ? ` (${e.durationMs} ms)` : ''}`);
      break;
    case 'pending':
      console.log(`    - ${e.title} (pending)`);
      break;
    case 'end':
      if (e.error) console.log(`\n  suite error: ${e.error}`);
      break;
  }
}

export function printSummary(results: SuiteResults | undefined, wallSeconds: number): void {
  if (!results) {
    // No results file (timeout, crash): report what the live events showed, and the run fails.
    const passed = seen.filter((e) => e.type === 'pass').length;
    const failed = seen.filter((e) => e.type === 'fail').length;
    console.log(`\nthe suite did not finish: no results file (wall ${wallSeconds.toFixed(1)} s)`);
    console.log(`${passed} passed, ${failed} failed`);
    return;
  }
  if (results.failures.length) {
    console.log('\n  Failures:');
    results.failures.forEach((f, i) => {
      console.log(`\n  ${i + 1}) ${f.fullTitle}\n     ${(f.message ?? '').split('\n').join('\n     ')}`);
      const stack = (f.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 4);
      if (stack.length) console.log(stack.map((l) => `     ${l.trim()}`).join('\n'));
    });
  }
  if (results.error) console.log(`\n  suite error: ${results.error}`);
  if (results.pending.length) console.log(`\n${results.pending.length} pending`);
  console.log(`\nwall ${wallSeconds.toFixed(1)} s`);
  if (results.passes.length + results.failures.length === 0) console.log('no test ran');
  console.log(`${results.passes.length} passed, ${results.failures.length} failed`);
}
