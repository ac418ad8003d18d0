// Section 5: long answers inside a real VS Code. The packaged deepseek-assistant.vsix (npm run package)
// and a bench-only extension (bench/vscode/ext: the reference and the naive panel on the same host
// path) are installed into one code-server, driven from Debian's Chromium. Each run: close all
// editors, open one panel, let it settle, install the probe (probe.ts) in its document, start a
// Chromium trace, queue the answer on the project's test server and send a question from the
// panel's input. Measured: server's last byte → last text painted, long tasks in the panel
// document, script/style/layout/paint by document and per animation frame (trace.ts), and in the
// realistic runs keystroke → paint while the answer streams.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { launchBrowser, waitForWorkbench, type BrowserSession } from '../../test/runners/browser';
import { REPO_ROOT, startCodeServer, type CodeServer } from '../../test/runners/codeServer';
import { chunk, DONE, sse, startTestServer, type Scenario, type Step } from '../../test/server';
import { closeQuickInput, poll, quickInput, runCommand } from '../../test/e2e/workbench';
import { generateMarkdown } from '../lib/markdownGen';
import { steadyFrames } from '../lib/steadyFrames';
import { f, max, mdTable, median, p95, progress } from '../lib/stats';
import { installProbe, type ProbeResult } from './probe';
import { summarizeTrace, type TraceSummary } from './trace';

const TMP = path.join(__dirname, '..', 'tmp', 'vscode');
const EXT_SRC = path.join(__dirname, 'ext');
const VSIX = path.join(REPO_ROOT, 'deepseek-assistant.vsix');
const KEY = 'sk-bench-key-0123456789abcdef';
export const VSCODE_SEED = 20241129;

export type PanelKind = 'ours' | 'reference' | 'naive';
export type RateName = 'burst' | 'realistic';

export interface VscodeRun {
  panel: PanelKind;
  rate: RateName;
  sizeKB: number;
  rep: number;
  chars: number;
  /** Measured server rate: content characters / (last content write − first content write). */
  charsPerS: number;
  /** Server's last byte → sentinel (the last text) painted in the panel, ms; undefined if never within the limit. */
  lagMs?: number;
  /** Server's last byte → the last change to the transcript painted (the end-of-answer render), ms. */
  settledMs?: number;
  /**
   * The lag split where it went: the server's last byte → the extension host posting the message
   * with the last text (host), → the webview's host frame posting it into the panel document
   * (transport: socket and workbench), → painted (panel: the wait for the panel's task, its handler,
   * the frame; for ours while paced also the wait for the turn's end, which shows the text at once).
   */
  split?: { hostMs: number; transportMs: number; panelMs: number };
  /**
   * Every long task the panel document's PerformanceObserver reported from the question to the end of
   * the run, whatever its attribution (Chromium mostly says 'unknown' here: the webview shares its event
   * loop with the workbench); `self` of them attributed to the panel itself. The trace splits them by document.
   */
  longTasks: { n: number; maxMs: number; all: number[]; self: number };
  /** Attribution names of the long tasks the panel's observer saw (name → count). */
  attributions: Record<string, number>;
  keys?: { n: number; medianMs: number; p95Ms: number; maxMs: number };
  trace?: TraceSummary;
  /** Clock offset used (browser epoch − Node epoch, ms). */
  clockOffsetMs: number;
  error?: string;
}

export interface VscodeSection {
  vscode: string;
  runs: VscodeRun[];
  method: string;
}

const PANELS: Record<PanelKind, { command: string; frameSelector: string; root: string; answer: string; input: string }> = {
  ours: { command: 'DeepSeek: New Chat', frameSelector: '[aria-label="Conversation"]', root: '[role="log"]', answer: '.turn:last-of-type .answer-body', input: 'textarea' },
  reference: { command: 'DeepSeek Bench: Open Reference Panel', frameSelector: 'body[data-mode="reference"] #answer', root: '#log', answer: '#answer', input: '#input' },
  naive: { command: 'DeepSeek Bench: Open Naive Panel', frameSelector: 'body[data-mode="naive"] #answer', root: '#log', answer: '#answer', input: '#input' },
};

const SENTINEL = 'ZZENDOFANSWERZZ';

/** The streamed text: dense markdown of the size, then a last paragraph holding the sentinel. */
export function benchText(sizeKB: number): string {
  return `${generateMarkdown(sizeKB * 1024 - 60, VSCODE_SEED)}\nThe answer ends here: ${SENTINEL}.\n`;
}

/** DeepSeek-shaped SSE: `per` content deltas of `size` characters in each write, `gapMs` between writes. */
function pacedAnswer(text: string, size: number, per: number, gapMs: number): Scenario {
  const base = { id: 'bench', model: 'deepseek-flash', created: Math.floor(Date.now() / 1000) };
  const deltas: string[] = [sse(chunk({ ...base, role: 'assistant', content: '' }))];
  const cps = Array.from(text);
  for (let i = 0; i < cps.length; i += size) deltas.push(sse(chunk({ ...base, content: cps.slice(i, i + size).join('') })));
  deltas.push(sse(chunk({ ...base, content: '', finish: 'stop' })) + DONE);
  const steps: Step[] = [];
  for (let i = 0; i < deltas.length; i += per) {
    if (i > 0) steps.push({ sleepMs: gapMs });
    steps.push({ write: deltas.slice(i, i + per).join('') });
  }
  steps.push({ end: true });
  return { steps };
}

export const RATES: Record<RateName, { size: number; per: number; gapMs: number; label: string }> = {
  burst: { size: 5, per: 50, gapMs: 10, label: '5-char deltas, 50 every 10 ms (~25 KB/s)' },
  realistic: { size: 4, per: 1, gapMs: 10, label: '4-char deltas, one every 10 ms (~400 chars/s)' },
};

const epochNow = () => performance.timeOrigin + performance.now();

/** Timestamps of the first and last server writes carrying answer text, and of the end ([DONE]). */
const writes = { first: 0, last: 0, done: 0, lastMonoUs: 0, doneMonoUs: 0, armed: false };
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
/** BENCH_VSCODE_HOST_PROFILE=1: a V8 CPU profile of the extension host per run (bench/vscode/ext). */
const HOST_PROFILE = process.env.BENCH_VSCODE_HOST_PROFILE === '1';
function hookServerWrites(): void {
  const orig = http.ServerResponse.prototype.write;
  http.ServerResponse.prototype.write = function (this: http.ServerResponse, data: unknown, ...rest: unknown[]) {
    const r = (orig as (...a: unknown[]) => boolean).call(this, data, ...rest);
    if (writes.armed && (typeof data === 'string' || Buffer.isBuffer(data))) {
      const t = epochNow();
      const s = typeof data === 'string' ? data : data.toString('utf8');
      if (/"content":"[^"]/.test(s)) {
        if (!writes.first) writes.first = t;
        writes.last = t;
        writes.lastMonoUs = monotonicUs();
      }
      if (s.includes('[DONE]')) {
        writes.done = t;
        writes.doneMonoUs = monotonicUs();
      }
    }
    return r;
  } as typeof orig;
}

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/** Packages ours (npm run package) and the bench panels (bench/tmp/vscode/bench-panels.vsix). */
export async function buildExtensions(): Promise<{ ours: string; bench: string }> {
  progress('vscode: npm run package (the .vsix under test)');
  run('npm', ['run', 'package', '--silent'], REPO_ROOT);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const dir = path.join(TMP, 'ext');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  const common = { bundle: true, minify: true, legalComments: 'none' as const, logLevel: 'warning' as const };
  await esbuild.build({ ...common, entryPoints: [path.join(EXT_SRC, 'extension.ts')], outfile: path.join(dir, 'dist', 'extension.js'), platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] });
  await esbuild.build({ ...common, entryPoints: [path.join(EXT_SRC, 'page', 'webview.ts')], outfile: path.join(dir, 'dist', 'webview.js'), platform: 'browser', format: 'iife', target: 'es2022' });
  fs.copyFileSync(path.join(REPO_ROOT, 'media', 'webview.css'), path.join(dir, 'dist', 'webview.css'));
  fs.copyFileSync(path.join(EXT_SRC, 'bench.css'), path.join(dir, 'dist', 'bench.css'));
  const pkg = {
    name: 'deepseek-bench-panels',
    displayName: 'DeepSeek Bench Panels',
    description: 'Benchmark-only comparison panels (reference and naive renderer).',
    version: '0.0.1',
    publisher: 'deepseek-assistant',
    license: 'MIT',
    engines: { vscode: '^1.95.0' },
    main: './dist/extension.js',
    activationEvents: ['onCommand:deepseekBench.open.reference', 'onCommand:deepseekBench.open.naive', 'onCommand:deepseekBench.writeHostLog'],
    contributes: {
      commands: [
        { command: 'deepseekBench.writeHostLog', title: 'Write Host Log', category: 'DeepSeek Bench' },
        { command: 'deepseekBench.open.reference', title: 'Open Reference Panel', category: 'DeepSeek Bench' },
        { command: 'deepseekBench.open.naive', title: 'Open Naive Panel', category: 'DeepSeek Bench' },
      ],
    },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  fs.writeFileSync(path.join(dir, 'README.md'), '# DeepSeek bench panels\n\nBenchmark-only comparison panels, built by bench/vscode/section.ts.\n');
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  const out = path.join(TMP, 'bench-panels.vsix');
  run(path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--out', out], dir);
  return { ours: VSIX, bench: out };
}

/** runCommand, retried: right after start (and on a loaded machine) contributed commands take a while to be listed. */
async function command(page: Page, label: string): Promise<void> {
  await poll(`the command "${label}" in the palette`, async () => {
    try {
      await runCommand(page, label);
      return true;
    } catch (err) {
      await closeQuickInput(page);
      throw err;
    }
  }, 90_000, 500);
}

async function openPanel(page: Page, kind: PanelKind): Promise<Frame> {
  await command(page, 'View: Close All Editors');
  await closeQuickInput(page);
  await command(page, PANELS[kind].command);
  const sel = PANELS[kind].frameSelector;
  const frame = await poll(`the ${kind} panel's document`, async () => {
    for (const fr of page.frames()) {
      try {
        if (await fr.$(sel)) return fr;
      } catch {
        /* navigating */
      }
    }
    return undefined;
  }, 30_000, 200);
  // tsx (esbuild keepNames) wraps named functions in __name(): give the page that helper for frame.evaluate(fn).
  await frame.evaluate('globalThis.__name = globalThis.__name || ((fn) => fn)');
  if (kind === 'ours') await poll('an empty new chat', async () => (await frame.locator('.turn').count()) === 0, 10_000);
  return frame;
}

/** Waits until the panel's frames come steadily (1 s without a frame gap over 50 ms, at most 20 s). */
async function settle(frame: Frame): Promise<void> {
  await frame.evaluate(steadyFrames, 20_000);
}

async function clockOffset(frame: Frame): Promise<number> {
  const samples: { rtt: number; off: number }[] = [];
  for (let i = 0; i < 5; i++) {
    const a = epochNow();
    const b = await frame.evaluate(() => performance.timeOrigin + performance.now());
    const c = epochNow();
    samples.push({ rtt: c - a, off: b - (a + c) / 2 });
  }
  samples.sort((x, y) => x.rtt - y.rtt);
  return samples[0]!.off;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

interface SamplingHeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: SamplingHeapNode[];
}
interface SamplingHeapProfile {
  head: SamplingHeapNode;
}

/** Bytes allocated by script (file) and by function in a sampling heap profile, the biggest first. */
function topAllocations(profile: SamplingHeapProfile, n: number): string {
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  const walk = (node: SamplingHeapNode) => {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const file = url.split('/').pop()?.split('?')[0] || '(native)';
    const fn = `${functionName || '(anonymous)'} ${file}:${lineNumber}:${columnNumber}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + node.selfSize);
    byFile.set(file, (byFile.get(file) ?? 0) + node.selfSize);
    node.children.forEach(walk);
  };
  walk(profile.head);
  const mb = (b: number) => `${(b / 1e6).toFixed(2).padStart(8)} MB`;
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, b]) => `  ${mb(b)}  ${name}`);
  return ['by script:', ...top(byFile, 8), 'by function:', ...top(byFn, n)].join('\n');
}

/**
 * The panel's own long tasks: the trace's tasks over 50 ms in which the panel's document did the most
 * work. The issue counts the panel document's own tasks (PerformanceObserver attribution "self"), but
 * Chromium attributes almost every task here "unknown" (the webview shares the event loop with the
 * workbench), so the panel's observer also lists VS Code's own long tasks. Without a trace, that
 * strict count stands in.
 */
function ownLongTasks(r: VscodeRun): { n: number; maxMs: number; fromTrace: boolean } {
  if (!r.trace) return { n: r.longTasks.n, maxMs: r.longTasks.maxMs, fromTrace: false };
  const own = r.trace.longTasks.list.filter((t) => t.by === 'panel');
  return { n: own.length, maxMs: own.length ? max(own.map((t) => t.ms)) : 0, fromTrace: true };
}

/** The panel's own long tasks and, when they come from a trace, the strict count after them ("all seen"). */
function longTaskText(r: VscodeRun, withMax: boolean): string {
  const own = ownLongTasks(r);
  const count = (n: number, maxMs: number) => (withMax ? `${n} (max ${f(maxMs, 0)} ms)` : `${n}`);
  return count(own.n, own.maxMs) + (own.fromTrace ? `; all seen: ${count(r.longTasks.n, r.longTasks.maxMs)}` : '');
}

/** The functions with the most self time in a CPU profile, one a line. */
function topSelf(p: CpuProfile, n: number): string {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const cf = byId.get(id)!.callFrame;
    const key = `${cf.functionName || '(anonymous)'} ${path.basename(cf.url.split('?')[0] ?? '')}:${cf.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => `  ${ms.toFixed(1).padStart(8)} ms  ${k}`).join('\n');
}

interface Ctx {
  page: Page;
  session: BrowserSession;
  server: Awaited<ReturnType<typeof startTestServer>>;
}

interface HostLog {
  posts: { at: number; type: string; seq?: number; chars?: number }[];
  profile?: unknown;
}

/** The extension host's record since the last call (bench/vscode/ext: "Write Host Log"). */
async function hostLog(page: Page): Promise<HostLog> {
  const latest = path.join(TMP, 'host-latest.json');
  fs.rmSync(latest, { force: true });
  await command(page, 'DeepSeek Bench: Write Host Log');
  await poll('the host log', async () => fs.existsSync(latest), 10_000, 50);
  const log = JSON.parse(fs.readFileSync(latest, 'utf8')) as HostLog;
  fs.rmSync(latest);
  return log;
}

async function oneRun(ctx: Ctx, kind: PanelKind, rate: RateName, sizeKB: number, rep: number, trace: boolean): Promise<VscodeRun> {
  const { page, server, session } = ctx;
  const text = benchText(sizeKB);
  const frame = await openPanel(page, kind);
  // The panels share one renderer (and heap) with the workbench: collect the garbage of the previous
  // run (the naive panel leaves hundreds of MB) so that its GC pauses do not land in this one.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
  await settle(frame);
  const offset = clockOffset(frame);
  const clockOffsetMs = await offset;
  const spec = PANELS[kind];
  await frame.evaluate(installProbe, { answerSelector: spec.answer, rootSelector: spec.root, sentinel: SENTINEL });
  const traceFile = path.join(TMP, `trace-${kind}-${rate}-${sizeKB}-${rep}.json`);
  const mark = `bench-panel-${kind}-${rep}-${Date.now()}`;
  const wbMark = `${mark}-workbench`;
  /** The panel's performance.now() when it wrote `mark` into the trace (maps its clock onto the trace's). */
  let markNow = 0;
  if (trace) {
    await session.browser.startTracing(page, {
      path: traceFile,
      categories: ['devtools.timeline', 'toplevel', '__metadata'],
    });
    markNow = await frame.evaluate((m) => {
      console.timeStamp(m);
      return performance.now();
    }, mark);
    await page.evaluate((m) => console.timeStamp(m), wbMark);
  }
  const profiler = process.env.BENCH_VSCODE_PROFILE === '1' && trace ? await page.context().newCDPSession(page) : undefined;
  if (profiler) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.send('Profiler.start');
  }
  // Allocation sampling (whole renderer: the workbench and every webview share it), to see who fills the heap.
  const heap = process.env.BENCH_VSCODE_HEAP === '1' ? await page.context().newCDPSession(page) : undefined;
  if (heap) {
    await heap.send('HeapProfiler.enable');
    await heap.send('HeapProfiler.startSampling', { samplingInterval: 8192, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  const markAt = await frame.evaluate(() => performance.now());
  const r = RATES[rate];
  writes.first = writes.last = writes.done = writes.lastMonoUs = writes.doneMonoUs = 0;
  writes.armed = true;
  server.enqueue(pacedAnswer(text, r.size, r.per, r.gapMs));
  const input = frame.locator(spec.input).first();
  await input.click();
  await input.fill(`Bench ${kind} ${rate} ${sizeKB} KB #${rep}`);
  const askedAt = await frame.evaluate(() => performance.now());
  await input.press('Enter');
  let keys: VscodeRun['keys'];
  let error: string | undefined;
  try {
    await poll('the first content write', async () => writes.first > 0, 30_000, 20);
    if (rate === 'realistic') {
      // Type in the panel's input while the answer streams, one key about every 150 ms.
      await input.click();
      let typed = 0;
      while (!writes.done && typed < 400) {
        await page.keyboard.press(typed % 7 === 6 ? 'Space' : 'x');
        typed++;
        await new Promise((res) => setTimeout(res, 150));
      }
    }
    await poll('the server to send the last text', async () => writes.done > 0, 600_000, 20);
    // The last text on screen, then 1.5 s without a change to the transcript (the end render is done).
    // The naive renderer falls minutes behind on long answers: it gets a shorter wait (reported as "never").
    const limit = kind === 'naive' ? 60_000 : 120_000;
    await poll('the last text painted in the panel', async () => frame.evaluate(() => !!(window as unknown as { __benchProbe: ProbeResult }).__benchProbe.foundPaintedAt), limit, 50);
    await poll('the transcript to stay unchanged for 1.5 s', async () =>
      frame.evaluate(() => {
        const p = (window as unknown as { __benchProbe: ProbeResult }).__benchProbe;
        return performance.now() - Math.max(p.lastMutationPaintedAt, p.lastMutationAt) > 1500 && p.lastMutationPaintedAt >= p.lastMutationAt;
      }), limit, 100);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    progress(`vscode: ${kind} ${rate} ${sizeKB} KB: ${error}`);
  }
  writes.armed = false;
  const probe = await frame.evaluate(() => (window as unknown as { __benchProbeStop: () => ProbeResult }).__benchProbeStop());
  const endAt = probe.now;
  if (trace) await session.browser.stopTracing();
  const host = await hostLog(page);
  if (process.env.BENCH_KEEP_TRACES === '1') {
    const panel = { mark, markNow, messages: probe.messages, foundPaintedAt: probe.foundPaintedAt, foundAt: probe.foundAt };
    fs.writeFileSync(path.join(TMP, `host-${kind}-${rate}-${sizeKB}-${rep}.json`), JSON.stringify({ ...host, server: { lastWriteUs: writes.lastMonoUs, doneUs: writes.doneMonoUs }, panel }));
  }
  if (profiler) {
    const { profile } = (await profiler.send('Profiler.stop')) as { profile: CpuProfile };
    fs.writeFileSync(path.join(TMP, `profile-${kind}-${rate}-${sizeKB}-${rep}.cpuprofile`), JSON.stringify(profile));
    progress(`vscode: top self time (${kind}):\n${topSelf(profile, 30)}`);
    await profiler.detach();
  }
  if (heap) {
    const { profile } = (await heap.send('HeapProfiler.stopSampling')) as { profile: SamplingHeapProfile };
    progress(`vscode: top allocations (${kind}), sampled:\n${topAllocations(profile, 25)}`);
    await heap.detach();
  }
  await input.fill('').catch(() => undefined);
  const toEpoch = (t: number) => probe.timeOrigin + t - clockOffsetMs;
  const lagMs = probe.foundPaintedAt ? toEpoch(probe.foundPaintedAt) - writes.last : undefined;
  // The message that carried the last text: the last delta (the same seq in the host and the panel).
  const hostEnd = host.posts.filter((p) => p.type === 'delta').pop();
  const panelEnd = probe.messages.filter((m) => m.type === 'delta' && m.seq === hostEnd?.seq).pop();
  let split: VscodeRun['split'];
  if (lagMs !== undefined && hostEnd && panelEnd && writes.lastMonoUs) {
    const hostMs = (hostEnd.at - writes.lastMonoUs) / 1000;
    const transportMs = toEpoch(panelEnd.sentAt) - writes.last - hostMs;
    split = { hostMs, transportMs, panelMs: lagMs - hostMs - transportMs };
  }
  const settledMs = probe.lastMutationPaintedAt ? toEpoch(probe.lastMutationPaintedAt) - writes.last : undefined;
  const during = probe.longTasks.filter((t) => t.start >= askedAt && t.start <= endAt);
  const self = during.filter((t) => t.attr.split(',').includes('self'));
  if (probe.keys.length) {
    const lat = probe.keys.filter((k) => k.painted > 0).map((k) => k.painted - k.at);
    keys = { n: lat.length, medianMs: median(lat), p95Ms: p95(lat), maxMs: max(lat) };
  }
  let summary: TraceSummary | undefined;
  if (trace && fs.existsSync(traceFile)) {
    summary = await summarizeTrace(traceFile, mark, wbMark, { fromMs: askedAt - markAt, toMs: endAt - markAt });
    if (process.env.BENCH_KEEP_TRACES !== '1') fs.rmSync(traceFile, { force: true });
  }
  const charsPerS = writes.last > writes.first ? text.length / ((writes.last - writes.first) / 1000) : NaN;
  return {
    panel: kind,
    rate,
    sizeKB,
    rep,
    chars: text.length,
    charsPerS,
    lagMs,
    settledMs,
    split,
    longTasks: { n: during.length, maxMs: during.length ? max(during.map((t) => t.dur)) : 0, all: during.map((t) => Math.round(t.dur)), self: self.length },
    attributions: during.reduce<Record<string, number>>((a, t) => ((a[t.attr || '(none)'] = (a[t.attr || '(none)'] ?? 0) + 1), a), {}),
    keys,
    trace: summary,
    clockOffsetMs,
    error,
  };
}

export async function runVscodeBench(opts: { reps: number; bursts: number[]; realisticKB: number; realisticReps: number; panels: PanelKind[]; trace: boolean }): Promise<VscodeSection> {
  fs.mkdirSync(TMP, { recursive: true });
  const ext = await buildExtensions();
  hookServerWrites();
  const server = await startTestServer({ host: '127.0.0.1' });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-bench-vscode-ws-'));
  fs.writeFileSync(path.join(workspace, 'README.md'), '# bench workspace\n');
  let cs: CodeServer | undefined;
  let session: BrowserSession | undefined;
  const runs: VscodeRun[] = [];
  let vscodeVersion = '';
  try {
    progress('vscode: code-server with deepseek-assistant.vsix and the bench panels');
    cs = await startCodeServer({
      folder: workspace,
      installExtensions: [ext.ours, ext.bench],
      logFile: path.join(TMP, 'code-server.log'),
      env: { DEEPSEEK_BENCH_BASE_URL: server.url, DEEPSEEK_BENCH_HOST_DIR: TMP, ...(HOST_PROFILE ? { DEEPSEEK_BENCH_HOST_PROFILE: '1' } : {}) },
      settings: { 'deepseek.baseUrl': server.url, 'workbench.editor.enablePreview': false },
    });
    const pkg = path.join(REPO_ROOT, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'package.json');
    vscodeVersion = `code-server ${(JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version}`;
    session = await launchBrowser({ width: 1400, height: 900 });
    const page = session.page;
    await page.goto(cs.workbenchUrl(workspace));
    await waitForWorkbench(page);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'README.md' }).first().waitFor({ timeout: 60_000 });
    await command(page, 'DeepSeek: Set API Key');
    const key = await quickInput(page, { password: true });
    await key.fill(KEY);
    await page.keyboard.press('Enter');
    await poll('the key box to close', async () => !(await key.isVisible()), 10_000);
    const ctx: Ctx = { page, session, server };
    // Activates the bench extension, which from then on records every panel's posts in the host.
    await hostLog(page);
    // Warm-up: each panel once with a small answer (code loaded, JIT warm), not recorded.
    for (const kind of opts.panels) {
      progress(`vscode: warm-up ${kind}`);
      await oneRun(ctx, kind, 'burst', 8, 0, false);
    }
    const plan: { rate: RateName; sizeKB: number; rep: number }[] = [];
    for (let rep = 1; rep <= opts.reps; rep++) for (const kb of opts.bursts) plan.push({ rate: 'burst', sizeKB: kb, rep });
    if (opts.realisticKB > 0) for (let rep = 1; rep <= opts.realisticReps; rep++) plan.push({ rate: 'realistic', sizeKB: opts.realisticKB, rep });
    for (const [i, p] of plan.entries()) {
      // Rotate the panel order each step so no panel always runs first (or last) in a step.
      const order = opts.panels.map((_, j) => opts.panels[(i + j) % opts.panels.length]!);
      for (const kind of order) {
        progress(`vscode: ${kind} ${p.rate} ${p.sizeKB} KB rep ${p.rep}`);
        const r = await oneRun(ctx, kind, p.rate, p.sizeKB, p.rep, opts.trace);
        runs.push(r);
        progress(
          `vscode:   lag ${f(r.lagMs, 0)} ms` + (r.split ? ` (host ${f(r.split.hostMs, 1)}, transport ${f(r.split.transportMs, 1)}, panel ${f(r.split.panelMs, 1)})` : '') + `, settled ${f(r.settledMs, 0)} ms, long tasks ${r.longTasks.n} (max ${f(r.longTasks.maxMs, 0)} ms) ${JSON.stringify(r.attributions)}, rate ${f(r.charsPerS / 1024, 1)} KB/s` +
            (r.keys ? `, keys p95 ${f(r.keys.p95Ms, 1)} ms (n ${r.keys.n})` : '') +
            (r.trace?.found
              ? `, panel script/style/layout/paint ${r.trace.panel.scriptMs}/${r.trace.panel.styleMs}/${r.trace.panel.layoutMs}/${r.trace.panel.paintMs} ms` +
                `, GCs minor ${r.trace.gc.minor} major ${r.trace.gc.major} (${r.trace.gc.majorMs} ms), long tasks ${JSON.stringify(r.trace.longTasks.list)}`
              : ''),
        );
      }
    }
  } finally {
    await session?.close();
    await cs?.stop();
    await server.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  return { vscode: vscodeVersion, runs, method: METHOD };
}

const METHOD = [
  'The packaged deepseek-assistant.vsix (`npm run package` at the start of the section) and bench/vscode/ext (packaged into bench/tmp/vscode/bench-panels.vsix) are installed into one code-server;',
  'Chromium (headless, 1400×900) drives it. The bench panels use the same host path as ours (streamChat + DeltaCoalescer → webview.postMessage of turnStart/delta/turnEnd),',
  'so only the webview differs. reference: text appended to a text node, a new block element after a newline once the block holds ~4 KB, no markdown. naive: innerHTML = marked.parse(whole text) per delta message.',
  'Both follow the bottom (scrollTop = scrollHeight per message). Each run: View: Close All Editors, open the panel (ours: DeepSeek: New Chat), wait for 1 s of steady frames, install bench/vscode/probe.ts',
  'in the panel document, start a Chromium trace (devtools.timeline, toplevel), queue the answer on the test server, type the question into the panel input and press Enter.',
  `Text: bench/lib/markdownGen.ts (seed ${VSCODE_SEED}) ending in a paragraph with a sentinel word. Burst: ${RATES.burst.label}; realistic: ${RATES.realistic.label}.`,
  'Lag: the server\'s last write carrying answer text (performance.timeOrigin + now() in the bench process, which hosts the test server) → the paint after the sentinel first entered the panel DOM',
  '(MutationObserver, then requestAnimationFrame + a scheduler.postTask task of priority user-blocking, which runs after the frame\'s paint and before tasks the page queued for after it), converted to the same clock with an offset measured by 5 round trips (smallest round trip kept). Settled: the same to the paint after the last change to the transcript.',
  'Lag split: the extension host\'s postMessage of the last delta (the message with the last text) (recorded in the host by bench/vscode/ext on CLOCK_MONOTONIC, the clock of the bench process\'s hrtime) and the webview\'s host frame posting it into the panel document (the MessageEvent\'s timeStamp, which Chromium sets when the message is posted; a listener of the probe reads it); host = last byte → host post, transport = → posted into the panel (socket, workbench), panel = → painted (the wait for the panel\'s task, its handler, the frame).',
  'Long tasks: every entry of a PerformanceObserver("longtask") in the panel document from the question to the end of the run, whatever the attribution (Chromium reports most as "unknown": the panel shares the event loop with the workbench), so the count is strict; the trace table splits long tasks by the document that did most of the work. The long-task targets count the panel\'s own tasks (trace: the panel did the most work in them), as the issue counts the panel document\'s own ("self") tasks; the strict count is shown next to them.',
  'Trace: script (FunctionCall/EvaluateScript, outermost only; the probe\'s own, with no script URL, left out), style (UpdateLayoutTree), layout, paint by the frame id on each event, except that a Paint nested in the workbench\'s Paint for the element holding the webview (webview-overlay-content) is the panel\'s and leaves the workbench only the rest; per animation frame = the panel\'s work between two of its rAF ticks;',
  'trace long tasks = main-thread RunTask over 50 ms, attributed to the document with most work inside (the probe\'s own callbacks, script with no URL, are the bench\'s and not the panel\'s: a major GC V8 finishes inside one would otherwise count as the panel\'s), and how many of them also used over 50 ms of the thread\'s CPU (the event\'s tdur; the others were long because the thread waited for one of the 2 cores). Keystrokes (realistic runs): one key every ~150 ms typed into the panel input while streaming;',
  'latency = keydown event.timeStamp → the paint after it. Warm-up: one 8 KB answer per panel first. Panel order rotates between steps. Before each run a full GC (CDP HeapProfiler.collectGarbage) clears the previous run\'s garbage from the renderer the panels share with the workbench.',
].join(' ');

// ---------------------------------------------------------------------------------------------

export interface VscodeTarget {
  name: string;
  measured: string;
  limit: string;
  met: boolean;
  /** The same measure for the reference panel in the same rep (how noisy the machine was), if run. */
  reference?: string;
}

export function vscodeTables(s: VscodeSection): { md: string; targets: VscodeTarget[] } {
  const kinds: PanelKind[] = ['ours', 'reference', 'naive'];
  const groups: { rate: RateName; sizeKB: number }[] = [];
  for (const r of s.runs) if (!groups.some((g) => g.rate === r.rate && g.sizeKB === r.sizeKB)) groups.push({ rate: r.rate, sizeKB: r.sizeKB });
  const runsOf = (g: { rate: RateName; sizeKB: number }, k: PanelKind) => s.runs.filter((r) => r.rate === g.rate && r.sizeKB === g.sizeKB && r.panel === k);
  const range = (xs: (number | undefined)[], d = 0) => {
    const ok = xs.filter((x): x is number => x !== undefined && Number.isFinite(x));
    // In run order, so that each value can be read against the same rep elsewhere.
    if (ok.length < xs.length) return xs.map((x) => (x !== undefined && Number.isFinite(x) ? f(x, d) : 'never')).join(' / ');
    return ok.length === 1 ? f(ok[0], d) : `${f(median(ok), d)} (${ok.map((x) => f(x, d)).join(' / ')})`;
  };
  const main = mdTable(
    ['answer', 'panel', 'runs', 'server rate KB/s', 'last byte → last text painted ms', 'of it: last byte → host posts the last text / → posted into the panel / → painted ms', 'last byte → end render painted ms', 'long tasks seen in the panel document: count (longest ms)', 'of them attributed "self"', 'keystroke → paint median / p95 / max ms (n)'],
    groups.flatMap((g) =>
      kinds
        .map((k) => ({ k, rs: runsOf(g, k) }))
        .filter((x) => x.rs.length)
        .map(({ k, rs }) => [
          `${g.rate} ${g.sizeKB} KB`,
          k,
          rs.length,
          f(median(rs.map((r) => r.charsPerS / 1024)), 1),
          range(rs.map((r) => r.lagMs)),
          rs.map((r) => (r.split ? `${f(r.split.hostMs, 0)} / ${f(r.split.transportMs, 0)} / ${f(r.split.panelMs, 0)}` : '–')).join('; '),
          range(rs.map((r) => r.settledMs)),
          rs.map((r) => `${r.longTasks.n}${r.longTasks.n ? ` (${f(r.longTasks.maxMs, 0)})` : ''}`).join(' / '),
          rs.map((r) => r.longTasks.self).join(' / '),
          rs.some((r) => r.keys) ? rs.map((r) => (r.keys ? `${f(r.keys.medianMs, 1)} / ${f(r.keys.p95Ms, 1)} / ${f(r.keys.maxMs, 0)} (${r.keys.n})` : '–')).join('; ') : '–',
        ]),
    ),
  );
  const traced = s.runs.filter((r) => r.trace?.found);
  const traceTable = traced.length
    ? mdTable(
        ['answer', 'panel', 'rep', 'panel script / style / layout / paint ms', 'forced layouts / styles', 'panel per frame median / p95 / max ms (frames)', 'workbench script / style / layout / paint ms', 'page-wide rendering ms, GC ms', 'major GCs (ms)', 'trace long tasks >50 ms: panel / workbench / bench probe / other (longest ms); of them >50 ms of CPU; with a major GC'],
        traced.map((r) => {
          const t = r.trace!;
          return [
            `${r.rate} ${r.sizeKB} KB`,
            r.panel,
            r.rep,
            `${t.panel.scriptMs} / ${t.panel.styleMs} / ${t.panel.layoutMs} / ${t.panel.paintMs}`,
            `${t.panel.forcedLayouts} / ${t.panel.forcedStyles}`,
            `${f(t.panelFrames.medianMs, 2)} / ${f(t.panelFrames.p95Ms, 2)} / ${f(t.panelFrames.maxMs, 1)} (${t.panelFrames.n})`,
            `${t.workbench.scriptMs} / ${t.workbench.styleMs} / ${t.workbench.layoutMs} / ${t.workbench.paintMs}`,
            `${t.pageWideMs}, ${t.gcMs}`,
            `${t.gc.major} (${t.gc.majorMs})`,
            `${t.longTasks.panel} / ${t.longTasks.workbench} / ${t.longTasks.bench} / ${t.longTasks.other} (${f(t.longTasks.maxMs, 0)}); ${t.longTasks.cpuOver50}; ${t.longTasks.withMajorGc}`,
          ];
        }),
      )
    : 'No trace (BENCH_NO_TRACE=1).';

  const targets: VscodeTarget[] = [];
  for (const g of groups.filter((x) => x.rate === 'burst')) {
    const ours = runsOf(g, 'ours');
    const ref = runsOf(g, 'reference');
    const refLag = median(ref.map((r) => r.lagMs ?? Infinity));
    for (const r of ours) {
      const lag = r.lagMs ?? Infinity;
      const rr = ref.find((x) => x.rep === r.rep);
      targets.push({ name: `burst ${g.sizeKB} KB rep ${r.rep}: last text painted ≤ 100 ms after the last byte`, measured: `${f(lag, 0)} ms`, limit: '100 ms', met: lag <= 100, reference: rr && `${f(rr.lagMs, 0)} ms` });
      targets.push({ name: `burst ${g.sizeKB} KB rep ${r.rep}: lag within 2x the reference's (median ${f(refLag, 0)} ms)`, measured: `${f(lag / refLag, 2)}x`, limit: '2x', met: lag <= 2 * refLag });
      const own = ownLongTasks(r);
      targets.push({ name: `burst ${g.sizeKB} KB rep ${r.rep}: ≤ 3 long tasks of the panel, none over 100 ms`, measured: longTaskText(r, true), limit: '3, 100 ms', met: own.n <= 3 && own.maxMs <= 100, reference: rr && longTaskText(rr, true) });
    }
  }
  for (const g of groups.filter((x) => x.rate === 'realistic')) {
    const ref = runsOf(g, 'reference');
    for (const r of runsOf(g, 'ours')) {
      const rr = ref.find((x) => x.rep === r.rep);
      const own = ownLongTasks(r);
      targets.push({ name: `realistic ${g.sizeKB} KB rep ${r.rep}: no long task of the panel`, measured: longTaskText(r, false), limit: '0', met: own.n === 0, reference: rr && longTaskText(rr, false) });
      targets.push({ name: `realistic ${g.sizeKB} KB rep ${r.rep}: keystroke → paint p95 ≤ 50 ms while streaming`, measured: `${f(r.keys?.p95Ms, 1)} ms (n ${r.keys?.n ?? 0})`, limit: '50 ms', met: (r.keys?.p95Ms ?? Infinity) <= 50, reference: rr?.keys && `${f(rr.keys.p95Ms, 1)} ms` });
    }
  }
  const targetsTable = mdTable(
    ['target (ours, in VS Code)', 'measured', 'limit', 'met?', 'reference panel, same rep'],
    targets.map((t) => [t.name, t.measured, t.limit, t.met ? 'met' : '**missed**', t.reference ?? '–']),
  );
  const errors = s.runs.filter((r) => r.error).map((r) => `- ${r.panel} ${r.rate} ${r.sizeKB} KB rep ${r.rep}: ${r.error}`);
  const md =
    `${main}\n\nWhere the main thread's time went (Chromium trace, from the question to the end of the run):\n\n${traceTable}\n\n` +
    `Targets (issue 10), ${targets.filter((t) => t.met).length} of ${targets.length} met:\n\n${targetsTable}` +
    (errors.length ? `\n\nRuns with errors:\n${errors.join('\n')}` : '');
  return { md, targets };
}
