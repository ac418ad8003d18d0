// Section 6 (long documents into the editor): a long markdown document streamed from the test server
// into a new untitled markdown editor in code-server by bench/longDocument/suite.ts (the same loop,
// fence stripper and EditorSink as Write to New Document), beside a small notes file in a split.
// Two runs, each in a fresh code-server:
// - fast: 5 MB as fast as the test server sends it (64-character deltas, 5 parts joined by 4
//   output-limit continuations): the worst case for the editor;
// - model: a realistic model rate (20-character deltas with 10 ms between them: about 2,000
//   characters a second, 2 parts), BENCH_LONGDOC_MODEL_KB (default 300) KB.
// While the document streams, Chromium types into the notes editor (one key about every 120 ms) and
// scrolls the long document with the mouse wheel; reported: keystroke → paint and wheel → paint
// latency, workbench long tasks, the longest gap between painted frames, while streaming and, apart,
// for 5 s after the last edit (the document gets its language back then). Also: the time per batch
// (applyEdit round trip) along the document, the extension host's heap as the document grows and the
// same text opened in one piece as a control.
// Env: BENCH_LONGDOC_RUNS=fast,model; BENCH_LONGDOC_BYTES (fast size); BENCH_LONGDOC_MODEL_KB;
// BENCH_LONGDOC_PROFILE=1 writes CPU profiles of the workbench page and the extension host into
// bench/tmp/longdoc and prints their top functions; BENCH_LONGDOC_TRACE=1 takes a Chromium trace of the
// page and prints what its long tasks are made of. Prints one JSON object as the last stdout line
// (run alone: `tsx bench/longDocument.ts`).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { answer, startTestServer } from '../test/server';
import { launchBrowser, waitForWorkbench } from '../test/runners/browser';
import { assertInstalled, REPO_ROOT, startCodeServer } from '../test/runners/codeServer';
import { poll } from '../test/e2e/workbench';
import { formatSummary, summarizeProfile, type CpuProfile } from './lib/cpuProfile';
import { PLAIN_WHILE_STREAMING_CHARS } from '../src/host/longDocument/common/streamLanguage';
import { generateMarkdown } from './lib/markdownGen';
import { steadyFrames } from './lib/steadyFrames';
import { f, max, median, mdTable, p95, progress } from './lib/stats';
import { installWorkbenchProbe, type WorkbenchProbe } from './longDocument/probe';
import { longTaskBreakdown } from './longDocument/trace';

const TMP = path.join(__dirname, 'tmp', 'longdoc');
const SEED = 20261129;
const PROFILE = process.env.BENCH_LONGDOC_PROFILE === '1';
const TRACE = process.env.BENCH_LONGDOC_TRACE === '1';

type RunName = 'fast' | 'model';
interface Plan {
  name: RunName;
  label: string;
  chars: number;
  parts: number;
  deltaSize: number;
  delayMs: number;
}
const PLANS: Record<RunName, Plan> = {
  fast: { name: 'fast', label: 'as fast as the server sends (64-char deltas)', chars: Number(process.env.BENCH_LONGDOC_BYTES ?? 5 * 1024 * 1024), parts: 5, deltaSize: 64, delayMs: 0 },
  model: { name: 'model', label: 'model rate (20-char deltas, 10 ms apart)', chars: Number(process.env.BENCH_LONGDOC_MODEL_KB ?? 300) * 1024, parts: 2, deltaSize: 20, delayMs: 10 },
};

const lat = (xs: number[]) => ({ n: xs.length, medianMs: median(xs), p95Ms: p95(xs), maxMs: xs.length ? max(xs) : NaN });
type Lat = ReturnType<typeof lat>;

export interface LongDocRun {
  run: RunName;
  label: string;
  ok: boolean;
  outcome: string;
  docChars: number;
  parts: number;
  streamS: number;
  charsPerS: number;
  batches: number;
  charsPerBatch: { median: number; max: number };
  perFifth: Array<{ fifth: number; batches: number; medianMs: number; p95Ms: number; maxMs: number; medianChars: number }>;
  lastOverFirstMedian: number;
  heapCurveMB: Array<{ chars: number; heapMB: number }>;
  heapGrowthMB: number;
  /** Right after the last edit, before the document gets its language back (no language features' memory yet). */
  streamedHeapMB: number;
  controlGrowthMB: number;
  /** Heap growth beyond VS Code's own copy of the text (streamedHeapMB − controlGrowthMB): the figure that must stay flat. */
  beyondControlMB: number;
  longTasks: { count: number; maxMs: number; totalMs: number; over100: number; over250: number };
  maxFrameGapMs: number;
  keys: Lat;
  wheels: Lat;
  /** From the last edit on: the document gets its language back (one pass of its language features), the bench goes on typing. */
  end: { seconds: number; keys: Lat; wheels: Lat; longTasks: { count: number; maxMs: number; over100: number } };
  typed: number;
  typedArrived: boolean;
  /** The document streamed in Plain Text (it grew past PLAIN_WHILE_STREAMING_CHARS) and its language at the end. */
  plainWhileStreaming: boolean;
  languageAtEnd: string;
}

export interface LongDocResult {
  runs: LongDocRun[];
  vscode: string;
  node: string;
  table: string;
}

function documentText(chars: number): string {
  return generateMarkdown(chars, SEED).slice(0, chars);
}

/** While `streaming()` holds: a key into the notes editor every ~120 ms, a wheel gesture over the long document every ~8th step. */
async function interact(page: Page, streaming: () => boolean, onStep: () => Promise<void>): Promise<number> {
  const groups = page.locator('.editor-group-container');
  const notes = groups.nth(1).locator('.monaco-editor .view-lines').first();
  const longDoc = groups.nth(0).locator('.monaco-editor .view-lines').first();
  await notes.click();
  const box = await longDoc.boundingBox();
  let typed = 0;
  let down = true;
  for (let i = 0; streaming(); i++) {
    await onStep();
    if (i % 8 === 7 && box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let k = 0; k < 3; k++) await page.mouse.wheel(0, down ? 240 : -240);
      if (i % 64 === 63) down = !down;
    } else {
      await page.keyboard.press(typed % 7 === 6 ? 'Space' : 'x');
      typed++;
    }
    await new Promise((r) => setTimeout(r, 120));
  }
  return typed;
}

async function oneRun(plan: Plan): Promise<{ run: LongDocRun; vscode: string; node: string }> {
  const dir = path.join(TMP, plan.name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const suite = path.join(dir, 'index.js');
  await esbuild.build({ entryPoints: [path.join(__dirname, 'longDocument/suite.ts')], outfile: suite, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning' });

  const text = documentText(plan.chars);
  const server = await startTestServer();
  const cut = Math.ceil(text.length / plan.parts);
  for (let i = 0; i < plan.parts; i++) {
    server.enqueue(answer(text.slice(i * cut, (i + 1) * cut), { deltaSize: plan.deltaSize, delayMs: plan.delayMs, finish: i < plan.parts - 1 ? 'length' : 'stop' }));
  }
  const textFile = path.join(dir, 'document.md');
  fs.writeFileSync(textFile, text);
  const outFile = path.join(dir, 'result.jsonl');
  const goFile = path.join(dir, 'go');
  fs.writeFileSync(outFile, '');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-bench-longdoc-'));
  fs.writeFileSync(path.join(workspace, 'notes.md'), '# Notes\n\n');
  const cs = await startCodeServer({
    folder: workspace,
    smokeTestDriver: true,
    env: {
      BENCH_LONGDOC_OUT: outFile,
      BENCH_LONGDOC_GO: goFile,
      BENCH_LONGDOC_URL: server.url,
      BENCH_LONGDOC_SCENARIO: plan.name,
      BENCH_LONGDOC_TEXT: textFile,
      BENCH_LONGDOC_SAMPLE_CHARS: String(Math.ceil(plan.chars / 5)),
      ...(PROFILE ? { BENCH_LONGDOC_PROFILE: '1' } : {}),
    },
    // VS Code's defaults where the test profile turns things off: what a user's editor does.
    settings: { 'editor.minimap.enabled': true, 'files.hotExit': 'onExit' },
    logFile: path.join(dir, 'code-server.log'),
  });
  const session = await launchBrowser({ width: 1400, height: 900 });
  const page = session.page;
  const lines = () =>
    fs
      .readFileSync(outFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, any>);
  const final = () => lines().find((l) => !l.phase);
  let rec: Record<string, any> | undefined;
  let probe: WorkbenchProbe;
  let typed = 0;
  let startedAt = 0;
  let flushedAt = 0;
  try {
    await page.goto(
      cs.workbenchUrl(workspace, [
        ['extensionDevelopmentPath', cs.remoteUri(REPO_ROOT)],
        ['extensionTestsPath', cs.remoteUri(suite)],
      ]),
    );
    await waitForWorkbench(page);
    await poll('the suite to open the editors ("ready")', async () => lines().some((l) => l.phase === 'ready') || final(), 180_000, 100);
    if (final()?.error) throw new Error(`long-document bench failed in the extension host: ${final()!.error}`);
    await poll('both editors on screen', async () => (await page.locator('.editor-group-container .monaco-editor .view-lines').count()) >= 2, 60_000, 100);
    // tsx (esbuild keepNames) wraps named functions in __name(): give the page that helper for page.evaluate(fn).
    await page.evaluate('globalThis.__name = globalThis.__name || ((fn) => fn)');
    // Let the workbench finish starting up: frames steadily (1 s without a gap over 50 ms, at most 30 s).
    await page.evaluate(steadyFrames, 30_000);
    await page.evaluate(installWorkbenchProbe);
    const cdp = PROFILE ? await page.context().newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    progress(`longdoc ${plan.name}: streaming ${f(plan.chars / 1048576, 2)} MB, ${plan.label}, typing and scrolling meanwhile`);
    const traceFile = path.join(dir, `trace-${plan.name}.json`);
    const mark = `longdoc-${plan.name}-${Date.now()}`;
    if (TRACE) {
      await session.browser.startTracing(page, { path: traceFile, categories: ['devtools.timeline', 'toplevel', '__metadata'] });
      await page.evaluate((m) => console.timeStamp(m), mark);
    }
    startedAt = await page.evaluate(() => performance.now());
    fs.writeFileSync(goFile, 'go');
    const streaming = () => !lines().some((l) => l.phase === 'streamed') && !final();
    // The page time when the last edit was seen applied (the suite's "flushed" line): streaming before, the end after.
    typed = await interact(page, streaming, async () => {
      if (!flushedAt && lines().some((l) => l.phase === 'flushed')) flushedAt = await page.evaluate(() => performance.now());
    });
    fs.writeFileSync(`${goFile}.typed`, String(typed));
    probe = await page.evaluate(() => (window as unknown as { __ldProbeStop: () => WorkbenchProbe }).__ldProbeStop());
    if (TRACE) {
      await session.browser.stopTracing();
      const b = await longTaskBreakdown(traceFile, mark, 0, probe.now - startedAt + 1000);
      progress(`longdoc ${plan.name}: workbench long tasks (trace) ${JSON.stringify(b, null, 1)}`);
    }
    if (cdp) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      fs.writeFileSync(path.join(dir, `workbench-${plan.name}.cpuprofile`), JSON.stringify(profile));
      progress(`longdoc ${plan.name}: workbench main thread ${formatSummary(summarizeProfile(profile))}`);
      await cdp.detach();
    }
    await poll('the result from the extension host', async () => final(), 600_000, 250);
    rec = final();
    const ext = path.join(dir, `exthost-${plan.name}.cpuprofile`);
    if (PROFILE && fs.existsSync(ext)) progress(`longdoc ${plan.name}: extension host ${formatSummary(summarizeProfile(JSON.parse(fs.readFileSync(ext, 'utf8')) as CpuProfile))}`);
  } finally {
    await session.close();
    await cs.stop();
    await server.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  if (!rec || rec.error) throw new Error(`long-document bench failed in the extension host: ${rec?.error ?? 'no result'}`);
  const expectedHash = createHash('sha256').update(text).digest('hex');
  const batches = rec.batches as Array<[number, number, number, number]>;
  const fifths = [0, 1, 2, 3, 4].map((k) => {
    const inFifth = batches.filter(([, , , docChars]) => Math.min(4, Math.floor((docChars - 1) / (rec!.docChars / 5))) === k);
    return {
      fifth: k + 1,
      batches: inFifth.length,
      medianMs: median(inFifth.map((b) => b[2])),
      p95Ms: p95(inFifth.map((b) => b[2])),
      maxMs: max(inFifth.map((b) => b[2])),
      medianChars: median(inFifth.map((b) => b[1])),
    };
  });
  const mb = (b: number) => b / 1048576;
  const curve = (rec.heapCurve as Array<{ chars: number; heapUsed: number }>).map((c) => ({ chars: c.chars, heapMB: +mb(c.heapUsed - rec!.heapCurve[0].heapUsed).toFixed(2) }));
  const endAt = flushedAt || probe!.now;
  const tasks = probe!.longTasks.filter((t) => t.start >= startedAt && t.start < endAt).map((t) => t.dur);
  const endTasks = probe!.longTasks.filter((t) => t.start >= endAt).map((t) => t.dur);
  const frames = probe!.frames.filter((t) => t >= startedAt && t <= endAt);
  const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
  const done = (xs: { at: number; painted: number }[], from = startedAt, to = endAt) => xs.filter((k) => k.painted > 0 && k.at >= from && k.at < to).map((k) => k.painted - k.at);
  const heapGrowthMB = curve[curve.length - 1]!.heapMB;
  const controlGrowthMB = mb(rec.control.afterBytes - rec.control.beforeBytes);
  // Every typed key must be in the notes file: 'x' or a space each.
  const notesTyped = String(rec.notesText ?? '').replace(/^# Notes\n\n/, '');
  const run: LongDocRun = {
    run: plan.name,
    label: plan.label,
    ok: rec.outcome === 'done' && rec.docHash === expectedHash,
    outcome: rec.outcome,
    docChars: rec.docChars,
    parts: rec.parts,
    streamS: rec.streamMs / 1000,
    charsPerS: rec.docChars / (rec.streamMs / 1000),
    batches: batches.length,
    charsPerBatch: { median: median(batches.map((b) => b[1])), max: max(batches.map((b) => b[1])) },
    perFifth: fifths,
    lastOverFirstMedian: fifths[4]!.medianMs / fifths[0]!.medianMs,
    heapCurveMB: curve,
    heapGrowthMB,
    streamedHeapMB: rec.streamedHeap !== undefined ? mb(rec.streamedHeap - rec.heapCurve[0].heapUsed) : heapGrowthMB,
    controlGrowthMB,
    beyondControlMB: (rec.streamedHeap !== undefined ? mb(rec.streamedHeap - rec.heapCurve[0].heapUsed) : heapGrowthMB) - controlGrowthMB,
    longTasks: { count: tasks.length, maxMs: tasks.length ? max(tasks) : 0, totalMs: tasks.reduce((a, b) => a + b, 0), over100: tasks.filter((d) => d > 100).length, over250: tasks.filter((d) => d > 250).length },
    maxFrameGapMs: gaps.length ? max(gaps) : NaN,
    keys: lat(done(probe!.keys)),
    wheels: lat(done(probe!.wheels)),
    end: {
      seconds: (probe!.now - endAt) / 1000,
      keys: lat(done(probe!.keys, endAt, Infinity)),
      wheels: lat(done(probe!.wheels, endAt, Infinity)),
      longTasks: { count: endTasks.length, maxMs: endTasks.length ? max(endTasks) : 0, over100: endTasks.filter((d) => d > 100).length },
    },
    typed,
    typedArrived: notesTyped.length === typed && /^[x ]*$/.test(notesTyped),
    plainWhileStreaming: rec.deferredLanguage === true,
    languageAtEnd: rec.languageAtEnd ?? 'markdown',
  };
  return { run, vscode: rec.vscode, node: rec.node };
}

export function tables(runs: LongDocRun[], vscodeVersion: string): string {
  const mb = (c: number) => f(c / 1048576, 2);
  const l = (x: Lat) => `${f(x.medianMs, 0)} / ${f(x.p95Ms, 0)} / ${f(x.maxMs, 0)} (${x.n})`;
  const signed = (x: number) => `${x >= 0 ? '+' : '−'}${f(Math.abs(x), 1)}`;
  const row = (name: string, cell: (r: LongDocRun) => string) => [name, ...runs.map(cell)];
  const main = mdTable(
    [`long markdown document into an untitled editor (VS Code ${vscodeVersion}, code-server; minimap on)`, ...runs.map((r) => `${r.run}: ${r.label}`)],
    [
      row('arrived whole (sha-256 equal) / outcome / parts', (r) => `${r.ok ? 'yes' : 'NO'} / ${r.outcome} / ${r.parts}`),
      row('language mode while streaming → at the end', (r) => `${r.plainWhileStreaming ? `Plain Text past ${PLAIN_WHILE_STREAMING_CHARS / 1024} KB` : 'markdown'} → ${r.languageAtEnd}`),
      row('size / streaming time / rate', (r) => `${mb(r.docChars)} MB / ${f(r.streamS, 1)} s / ${f(r.charsPerS, 0)} chars/s`),
      row('batches (one WorkspaceEdit each) / chars per batch median, max', (r) => `${r.batches} / ${f(r.charsPerBatch.median, 0)}, ${r.charsPerBatch.max}`),
      row('applyEdit round trip median by fifth of the document, ms', (r) => r.perFifth.map((x) => f(x.medianMs, 0)).join(' / ')),
      row('… last fifth ÷ first fifth', (r) => f(r.lastOverFirstMedian, 2)),
      row('**keystroke → paint** in the other editor while streaming, median / p95 / max ms (n)', (r) => l(r.keys)),
      row('every typed key arrived in the other editor', (r) => (r.typedArrived ? `yes (${r.typed})` : `NO (${r.typed} typed)`)),
      row('**wheel → paint** over the streaming editor while streaming, median / p95 / max ms (n)', (r) => l(r.wheels)),
      row('workbench long tasks while streaming: count / over 100 ms / over 250 ms / longest / total', (r) => `${r.longTasks.count} / ${r.longTasks.over100} / ${r.longTasks.over250} / ${f(r.longTasks.maxMs, 0)} ms / ${f(r.longTasks.totalMs / 1000, 1)} s`),
      row('longest gap between painted frames', (r) => `${f(r.maxFrameGapMs, 0)} ms`),
      row('after the last edit (the language is set: one pass of its features over the whole document): seconds; keystroke → paint; wheel → paint (median / p95 / max ms (n)); long tasks (over 100 ms, longest)', (r) =>
        `${f(r.end.seconds, 1)} s; ${l(r.end.keys)}; ${l(r.end.wheels)}; ${r.end.longTasks.count} (${r.end.longTasks.over100}, ${f(r.end.longTasks.maxMs, 0)} ms)`),
      row('extension host heap above the start (after GC), by chars in the editor', (r) => r.heapCurveMB.map((c) => `${f(c.chars / 1e6, 2)}M: ${f(c.heapMB, 1)}`).join(', ') + ' MB'),
      row('… right after the last edit (before the language is set) / at the end', (r) => `${signed(r.streamedHeapMB)} / ${signed(r.heapGrowthMB)} MB`),
      row("control: the same text opened in one piece (VS Code's own copy)", (r) => `${signed(r.controlGrowthMB)} MB`),
      row('**growth beyond the control**, right after the last edit (must stay flat)', (r) => `${signed(r.beyondControlMB)} MB`),
    ],
  );
  const fifths = runs.map((r) =>
    mdTable(
      [`${r.run}: fifth of the document`, 'batches', 'median ms', 'p95 ms', 'max ms', 'median chars per batch'],
      r.perFifth.map((x) => [x.fifth, x.batches, f(x.medianMs, 1), f(x.p95Ms, 1), f(x.maxMs, 0), f(x.medianChars, 0)]),
    ),
  );
  return [main, ...fifths].join('\n\n');
}

async function main(): Promise<void> {
  assertInstalled();
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run npm run build');
  const names = (process.env.BENCH_LONGDOC_RUNS ?? 'fast,model').split(',').filter(Boolean) as RunName[];
  const runs: LongDocRun[] = [];
  let vscodeVersion = '';
  let node = '';
  for (const name of names) {
    const plan = PLANS[name];
    if (!plan) throw new Error(`unknown run "${name}" in BENCH_LONGDOC_RUNS (fast, model)`);
    const r = await oneRun(plan);
    runs.push(r.run);
    vscodeVersion = r.vscode;
    node = r.node;
    progress(`longdoc ${name}: ${JSON.stringify({ ...r.run, perFifth: undefined, heapCurveMB: undefined })}`);
  }
  const result: LongDocResult = { runs, vscode: vscodeVersion, node, table: tables(runs, vscodeVersion) };
  process.stderr.write(`${result.table}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
