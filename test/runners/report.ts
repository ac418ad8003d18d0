// Mocha-like console output for the in-host results written by test/suite/index.ts.

import * as fs from 'node:fs';
import type { SuiteResults } from '../suite/index';
import { closingLine, type Counts } from './verdict';

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
    console.log(`\nthe suite did not finish: no results file (wall ${wallSeconds.toFixed(1)} s)`);
    console.log(closingLine(suiteCounts(undefined, seen)));
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
  console.log(`\nwall ${wallSeconds.toFixed(1)} s`);
  if (results.passes.length + results.failures.length === 0) console.log('no test ran');
  console.log(closingLine(suiteCounts(results, seen)));
}

/**
 * The in-host counts for the closing line: from the results file, or (none: a timeout or crash) from
 * the live events, with one more failure since the suite did not finish. A suite error (it could not
 * load or run) is a failure too.
 */
export function suiteCounts(results: SuiteResults | undefined, events: readonly SuiteEvent[]): Counts {
  if (!results) {
    const count = (type: SuiteEvent['type']) => events.filter((e) => e.type === type).length;
    return { passed: count('pass'), failed: count('fail') + 1, skipped: count('pending') };
  }
  return {
    passed: results.passes.length,
    failed: results.failures.length + (results.error && results.failures.length === 0 ? 1 : 0),
    skipped: results.pending.length,
  };
}
