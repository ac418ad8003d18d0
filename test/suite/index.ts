// Entry of the in-host suite (bundled by esbuild into out/test/suite/index.js; mocha stays external
// and is require()d from the repo's node_modules). VS Code calls run() inside the extension host,
// both under @vscode/test-electron and under code-server's smoke-test driver. code-server gives no
// exit code to read, so run() ALWAYS writes its results as JSON to a file:
//   $DEEPSEEK_TEST_RESULTS, else <repo>/test-output/host/results.json
// and appends one JSON line per finished test to `<results>.events.jsonl` for live progress.

import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { hostMochaOptions, suiteFiles } from './mochaOptions';

export interface TestRecord {
  title: string;
  fullTitle: string;
  durationMs?: number;
  message?: string;
  stack?: string;
}

export interface SuiteResults {
  passes: TestRecord[];
  failures: TestRecord[];
  pending: TestRecord[];
  counts: { passes: number; failures: number; pending: number; total: number };
  vscodeVersion: string;
  nodeVersion: string;
  appHost: string;
  startedAt: string;
  endedAt: string;
  /** Set when the suite could not load or run at all. */
  error?: string;
}

export const DEFAULT_RESULTS_FILE = path.resolve(__dirname, '..', '..', '..', 'test-output', 'host', 'results.json');

export function resultsFile(): string {
  return process.env.DEEPSEEK_TEST_RESULTS || DEFAULT_RESULTS_FILE;
}

/** Where the suite's sources are (this file runs as out/test/suite/index.js). */
const SUITE_SOURCES = path.resolve(__dirname, '..', '..', '..', 'test', 'suite');

/**
 * Every `*.test.ts` in test/suite, found on disk: a new suite file runs without being listed anywhere.
 * They are require()d here, after mocha's `pre-require` set the tdd globals. esbuild bundles every
 * file the template literal below can name (each `*.test.ts` here) and runs a module's top level at
 * its require; a file on disk but not in the bundle (a stale build) throws, and so does a folder with none.
 */
function loadTestFiles(): number {
  const files = suiteFiles(fs.readdirSync(SUITE_SOURCES), SUITE_SOURCES);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const f of files) require(`./${f.slice(0, -'.test.ts'.length)}.test.ts`);
  return files.length;
}

export async function run(): Promise<void> {
  const file = resultsFile();
  const eventsFile = `${file}.events.jsonl`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.rmSync(file, { force: true });
  fs.writeFileSync(eventsFile, '');
  const startedAt = new Date().toISOString();
  const results: SuiteResults = {
    passes: [],
    failures: [],
    pending: [],
    counts: { passes: 0, failures: 0, pending: 0, total: 0 },
    vscodeVersion: vscode.version,
    nodeVersion: process.version,
    appHost: vscode.env.appHost,
    startedAt,
    endedAt: startedAt,
  };
  const event = (e: Record<string, unknown>) => {
    try {
      fs.appendFileSync(eventsFile, `${JSON.stringify(e)}\n`);
    } catch {
      /* progress is best effort */
    }
  };
  const write = () => {
    results.endedAt = new Date().toISOString();
    results.counts = {
      passes: results.passes.length,
      failures: results.failures.length,
      pending: results.pending.length,
      total: results.passes.length + results.failures.length + results.pending.length,
    };
    // Write then rename: the runner never reads a half-written file.
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2));
    fs.renameSync(`${file}.tmp`, file);
  };

  try {
    const mocha = new Mocha(hostMochaOptions(process.env));
    mocha.suite.emit('pre-require', globalThis, path.join(__dirname, 'index.js'), mocha);
    loadTestFiles();

    const failures = await new Promise<number>((resolve) => {
      const runner = mocha.run((n) => resolve(n));
      runner.on('pass', (t) => {
        const rec = { title: t.title, fullTitle: t.fullTitle(), durationMs: t.duration };
        results.passes.push(rec);
        event({ type: 'pass', ...rec });
      });
      runner.on('fail', (t, err: Error) => {
        const rec = {
          title: t.title,
          fullTitle: t.fullTitle(),
          durationMs: t.duration,
          message: String(err?.message ?? err),
          stack: err?.stack,
        };
        results.failures.push(rec);
        event({ type: 'fail', ...rec });
      });
      runner.on('pending', (t) => {
        const rec = { title: t.title, fullTitle: t.fullTitle() };
        results.pending.push(rec);
        event({ type: 'pending', ...rec });
      });
      runner.on('suite', (s) => {
        if (s.title) event({ type: 'suite', title: s.title });
      });
    });
    write();
    event({ type: 'end', failures });
    if (failures > 0) throw new Error(`${failures} test(s) failed`);
  } catch (err) {
    if (!fs.existsSync(file) || results.failures.length === 0) {
      results.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      write();
      event({ type: 'end', error: results.error });
    }
    throw err;
  }
}
