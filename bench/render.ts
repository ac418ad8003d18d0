// Section 1: rendering a streamed answer in a real (headless) Chromium.
//
// Three renderers get the same deltas, one window.postMessage per animation frame:
//   ours   the built dist/webview.js in the real panel HTML (strict CSP) via test/browser/harness
//   naive  el.innerHTML = marked.parse(fullText) on every update
//   frame  deltas accumulated, one marked.parse(fullText) per requestAnimationFrame
// Script time is measured in the page (bench/page/instrument.ts wraps rAF callbacks, message
// listeners, timers and observer callbacks with performance.now()); the longest main-thread task
// comes from a Chromium trace (category `toplevel`, ThreadControllerImpl::RunTask on
// CrRendererMain), and CDP Performance.getMetrics gives independent totals as a cross-check.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  answerSelector,
  buildWebview,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  openPanel,
  panelState,
  startPanelServer,
  turnView,
  type PanelServer,
} from '../test/browser/harness';
import type { HostMessage } from '../src/shared/protocol';
import { generateMarkdown, splitDeltas } from './lib/markdownGen';
import { cpuSnapshot, otherLoad } from './lib/cpuLoad';
import { f, max, median, p95, progress } from './lib/stats';

export const BENCH_DIR = __dirname;
export const TMP = path.join(BENCH_DIR, 'tmp');
const REPO = path.resolve(BENCH_DIR, '..');

export const TEXT_SEED = 20240601;
export const SPLIT_SEED = 7;

export type RendererName = 'ours' | 'naive' | 'frame';

/** Script-time statistics of one run, from one of the two measures. */
export interface ScriptStats {
  /** Frames with any script in them (the stream's frames; the end is separate). */
  frames: number;
  /** All script from the first delta to the end of the stream, incl. the end (ms). With stride > 1: stride × stream part + end. */
  totalMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Median frame cost over the last third of frames / over the first third. */
  thirdsRatio: number;
  /** Script of the end of the stream (ours: turnEnd → one full render + compare), ms. */
  endMs: number;
  /** Cumulative stream script (ms) once the first k deltas have been rendered, at k = 1..deltas posted. Not saved. */
  cumulative?: number[];
}

export interface RenderRun {
  renderer: RendererName;
  sizeKB: number;
  chars: number;
  deltas: number;
  /** Deltas concatenated per posted message (1 = every delta its own frame). >1 only for naive/frame at big sizes. */
  stride: number;
  totalEstimated: boolean;
  /** Thread CPU time of page script (Chromium trace, FunctionCall tdur): what the renderer costs, whatever else runs. */
  cpu?: ScriptStats;
  /** Wall-clock time of page script (performance.now() around each callback, in the page). */
  wall: ScriptStats;
  /** Longest renderer main-thread task (trace RunTask), wall ms and its thread CPU ms. */
  longestTaskMs: number;
  longestTaskCpuMs: number;
  /** Where the longest task fell: stream frame i of n, or the end of the stream. */
  longestTaskWhere: string;
  /** The task with the most thread CPU time: CPU ms, its wall ms, where. */
  maxCpuTask: { cpuMs: number; wallMs: number; where: string };
  /** Main-thread garbage collection during the run (trace MinorGC + MajorGC, wall ms). */
  gcMs: number;
  longTasksOver50: number;
  /** CDP Performance.getMetrics deltas over the run (s). */
  cdp: { scriptS: number; taskS: number; layoutStyleS: number };
  /** CDP TaskDuration (all main-thread work: script, style, layout, paint…) per driver frame, ms. */
  mainThreadPerFrameMs: number;
  /** Share of all cores used by other processes (not this bench) during the run. */
  otherLoad: number;
  wallS: number;
  /** ours only: final DOM equals a one-shot render, and prefix checks (screen = one-shot render of the prefix). */
  sanity?: { finalEqual: boolean; beforeEndEqual: boolean; checkpointsEqual: number; checkpoints: number; firstMismatch?: string };
}

export interface RenderSection {
  runs: RenderRun[];
  /** ours: stream script cost of each size read off the biggest run (same conditions), see runRenderBench. */
  withinRun: { measure: 'cpu' | 'wall'; sizeKB: number; streamMs: number; growthFromHalf: number; ownRunStreamMs: number; ownRunVsWithin: number }[];
  growth: Record<RendererName, { from: number; to: number; ratio: number }[]>;
  chromium: string;
  method: string;
  sizes: number[];
  /** sha256 of the dist/webview.js that was measured, and src/webview files that differed from HEAD when it was built. */
  webview: { sha256: string; bytes: number; uncommitted: string[] };
}

const PAGE_BUILD = {
  bundle: true,
  platform: 'browser' as const,
  format: 'iife' as const,
  target: 'es2022',
  legalComments: 'none' as const,
  logLevel: 'warning' as const,
};

export async function buildPages(): Promise<{ instrument: string }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  fs.mkdirSync(TMP, { recursive: true });
  await esbuild.build({ ...PAGE_BUILD, entryPoints: [path.join(BENCH_DIR, 'page/instrument.ts')], outfile: path.join(TMP, 'instrument.js') });
  await esbuild.build({ ...PAGE_BUILD, entryPoints: [path.join(BENCH_DIR, 'page/naive.ts')], outfile: path.join(TMP, 'naive.js'), minify: true });
  fs.writeFileSync(
    path.join(TMP, 'naive.html'),
    `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><link rel="stylesheet" href="/media/webview.css"><title>naive</title></head>
<body class="vscode-dark"><div id="app" class="app"><main class="transcript" role="log"><div class="messages"><article class="turn">
<section class="message response"><div id="answer" class="markdown answer-body"></div></section></article></div></main></div>
<script src="/tmp/naive.js"></script></body></html>
`,
  );
  return { instrument: fs.readFileSync(path.join(TMP, 'instrument.js'), 'utf8') };
}

/** Serves bench/tmp/* as /tmp/* and media/* for the comparison pages, on loopback. */
export async function startStaticServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/(tmp|media)\/([\w.-]+)$/.exec(url.pathname);
    const file = m ? path.join(m[1] === 'tmp' ? TMP : path.join(REPO, 'media'), m[2]!) : '';
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

interface PageRunResult {
  frameStarts: number[];
  frameKinds: string;
  spans: { start: number[]; dur: number[]; kind: number[] };
  longTasks: { start: number; dur: number }[];
  snapshots: { index: number; html: string }[];
  finalHtml: string;
  finalPlain: string;
  beforeEndPlain: string;
  t0: number;
  t1: number;
}

interface TraceData {
  /** Driver ticks (FunctionCall of __benchDriverTick) on the renderer main thread, ms (trace clock). */
  ticks: number[];
  /** The driver's own calls (start, wall, CPU ms): the bench's work, taken out of task times. */
  driver: { ts: number; dur: number; tdur: number }[];
  /** Top-level FunctionCalls other than the driver: start ms, wall ms, thread CPU ms. */
  calls: { ts: number; dur: number; tdur: number }[];
  /** Main-thread tasks (ThreadControllerImpl::RunTask) over 1 ms: start, wall, thread CPU (ms), less the driver's calls in them. */
  tasks: { ts: number; dur: number; tdur: number }[];
  /** V8/Blink garbage collection on the main thread (MinorGC, MajorGC events), wall ms in total. */
  gcMs: number;
}

/** Reads the trace file line by line (one event a line), keeping the renderer main thread of the run. */
async function readTrace(file: string): Promise<TraceData | undefined> {
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let start = -1;
  let end = Infinity;
  let thread = '';
  type Ev = { pid: number; tid: number; ts: number; dur: number; tdur?: number; args?: { data?: { functionName?: string } } };
  const calls: Ev[] = [];
  const tasks: Ev[] = [];
  const gcs: Ev[] = [];
  for await (const raw of rl) {
    const line = raw.trim().replace(/,$/, '');
    if (!line.startsWith('{"')) continue;
    if (line.includes('"bench-run-start"') || line.includes('"bench-run-end"')) {
      const e = JSON.parse(line) as Ev & { name: string };
      if (e.name === 'bench-run-start') {
        start = e.ts;
        thread = `${e.pid}:${e.tid}`;
      } else end = e.ts;
    } else if (line.includes('"name":"FunctionCall"') && line.includes('"ph":"X"')) {
      calls.push(JSON.parse(line) as Ev);
    } else if (line.includes('"ThreadControllerImpl::RunTask"') && line.includes('"ph":"X"')) {
      const e = JSON.parse(line) as Ev;
      if (e.dur > 1000) tasks.push(e);
    } else if ((line.includes('"name":"MinorGC"') || line.includes('"name":"MajorGC"')) && line.includes('"ph":"X"')) {
      gcs.push(JSON.parse(line) as Ev);
    }
  }
  if (start < 0) return undefined;
  const mine = (e: Ev) => `${e.pid}:${e.tid}` === thread && e.ts >= start && e.ts <= end;
  const ms = (e: Ev) => ({ ts: e.ts / 1000, dur: e.dur / 1000, tdur: (e.tdur ?? e.dur) / 1000 });
  const ticks: number[] = [];
  const driver: { ts: number; dur: number; tdur: number }[] = [];
  const top: { ts: number; dur: number; tdur: number }[] = [];
  let coveredUntil = -Infinity;
  for (const e of calls.filter(mine).sort((a, b) => a.ts - b.ts)) {
    if (e.ts < coveredUntil) continue; // nested inside an earlier call
    coveredUntil = e.ts + e.dur;
    if (e.args?.data?.functionName === '__benchDriverTick') {
      ticks.push(e.ts / 1000);
      driver.push(ms(e));
    } else top.push(ms(e));
  }
  const gcMs = gcs.filter(mine).reduce((a, e) => a + e.dur / 1000, 0);
  // A task's own time: without the driver's calls inside it (posting, checkpoint snapshots, results).
  const own = tasks.filter(mine).map(ms).map((t) => {
    let dur = t.dur;
    let tdur = t.tdur;
    for (const d of driver) {
      if (d.ts >= t.ts && d.ts + d.dur <= t.ts + t.dur + 0.001) {
        dur -= d.dur;
        tdur -= d.tdur;
      }
    }
    return { ts: t.ts, dur, tdur };
  });
  return { ticks, driver, calls: top, tasks: own, gcMs };
}

interface Measured {
  result: PageRunResult;
  cdp: RenderRun['cdp'];
  trace?: TraceData;
  otherLoad: number;
  wallS: number;
}

async function measure(browser: Browser, page: Page, messages: unknown[], endMessages: unknown[], checkpoints: number[], selector: string, traceFile: string): Promise<Measured> {
  const cdpSession = await page.context().newCDPSession(page);
  await cdpSession.send('Performance.enable');
  const metrics = async () => {
    const { metrics } = await cdpSession.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m: { name: string; value: number }) => [m.name, m.value])) as Record<string, number>;
  };
  const tracing = process.env.BENCH_NO_TRACE !== '1';
  if (tracing) await browser.startTracing(page, { path: traceFile, categories: ['toplevel', 'devtools.timeline', 'blink.user_timing', '__metadata'] });
  const before = await metrics();
  const load0 = cpuSnapshot();
  const wall0 = Date.now();
  const result = (await page.evaluate(
    ({ messages, endMessages, checkpoints, selector }) => {
      performance.mark('bench-run-start');
      return (window as unknown as { __benchRun: (o: unknown) => Promise<unknown> }).__benchRun({ messages, endMessages, checkpoints, selector }).then((r) => {
        performance.mark('bench-run-end');
        return r;
      });
    },
    { messages, endMessages, checkpoints, selector },
  )) as PageRunResult;
  const wallS = (Date.now() - wall0) / 1000;
  const load = otherLoad(load0, cpuSnapshot());
  const after = await metrics();
  if (tracing) await browser.stopTracing();
  const trace = tracing ? await readTrace(traceFile) : undefined;
  fs.rmSync(traceFile, { force: true });
  await cdpSession.detach();
  const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
  return {
    result,
    cdp: { scriptS: d('ScriptDuration'), taskS: d('TaskDuration'), layoutStyleS: d('LayoutDuration') + d('RecalcStyleDuration') },
    trace,
    otherLoad: load,
    wallS,
  };
}

/**
 * Per-frame script sums: bin i collects the items starting in [binStarts[i], binStarts[i+1]); bins
 * from the end message on are the end. Frames with no script at all are left out of the per-frame
 * statistics (pauses at checkpoints, settling frames).
 */
function stats(binStarts: number[], kinds: string, items: { start: number; dur: number }[], stride: number): ScriptStats {
  const bins = new Float64Array(binStarts.length);
  for (const it of items) {
    if (it.start < binStarts[0]!) continue; // before the first tick: the bench's own evaluate call
    let lo = 0;
    let hi = binStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (binStarts[mid]! <= it.start) lo = mid;
      else hi = mid - 1;
    }
    bins[lo] += it.dur;
  }
  const endAt = kinds.indexOf('e');
  const perFrame: number[] = [];
  let streamMs = 0;
  let endMs = 0;
  // Delta k (posted in frame i) is rendered in frame i+1: cumulative[k-1] = script up to and including frame i+1.
  const cumulative: number[] = [];
  let running = 0;
  for (let i = 0; i < bins.length; i++) {
    if (endAt >= 0 && i >= endAt) endMs += bins[i]!;
    else {
      streamMs += bins[i]!;
      if (bins[i]! > 0) perFrame.push(bins[i]!);
    }
    running += bins[i]!;
    if (i > 0 && kinds[i - 1] === 'd') cumulative.push(running);
  }
  return {
    cumulative,
    frames: perFrame.length,
    totalMs: streamMs * stride + endMs,
    medianMs: median(perFrame),
    p95Ms: p95(perFrame),
    maxMs: max(perFrame),
    thirdsRatio: thirdsRatio(perFrame),
    endMs,
  };
}

/** Which driver frame a time falls in (binStarts in the same clock), as text. */
function locate(binStarts: number[], kinds: string, at: number): string {
  if (!Number.isFinite(at)) return 'n/a';
  if (at < binStarts[0]!) return 'before the first frame';
  let i = 0;
  while (i + 1 < binStarts.length && binStarts[i + 1]! <= at) i++;
  const kind = kinds[i];
  const endAt = kinds.indexOf('e');
  if (endAt >= 0 && i >= endAt) return 'end of stream (turnEnd)';
  const streamFrames = kinds.slice(0, endAt >= 0 ? endAt : undefined).length;
  return `frame ${i + 1}/${streamFrames}${kind === 'p' ? ' (checkpoint pause)' : kind === 's' ? ' (settle)' : ''}`;
}

function thirdsRatio(perFrame: number[]): number {
  const n = perFrame.length;
  const third = Math.floor(n / 3);
  if (third < 3) return NaN;
  return median(perFrame.slice(n - third)) / median(perFrame.slice(0, third));
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `at char ${i}: screen ${JSON.stringify(a.slice(Math.max(0, i - 60), i + 80))} vs one-shot ${JSON.stringify(b.slice(Math.max(0, i - 60), i + 80))}`;
}

export interface RenderOptions {
  sizes: number[];
  /** Deltas concatenated per message for naive/frame, by size (see RenderRun.stride). */
  naiveStride: (sizeKB: number) => number;
  renderers: RendererName[];
}

export async function runRenderBench(opts: RenderOptions): Promise<RenderSection> {
  progress('render: building dist/webview.js (harness) and the comparison pages');
  await buildWebview();
  const built = fs.readFileSync(path.join(REPO, 'dist/webview.js'));
  const webview = {
    sha256: createHash('sha256').update(built).digest('hex'),
    bytes: built.length,
    uncommitted: spawnSync('git', ['status', '--porcelain', '--', 'src/webview', 'src/shared'], { cwd: REPO, encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map((l) => l.slice(3)),
  };
  const { instrument } = await buildPages();
  const panelServer: PanelServer = await startPanelServer();
  const staticServer = await startStaticServer();
  // Frames as fast as the page can make them (no 60 Hz vsync wait): one delta per frame either way,
  // and per-frame script cost does not depend on the pacing; only the wall time does.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--disable-frame-rate-limit', '--disable-gpu-vsync'],
    headless: true,
  });
  const chromiumVersion = browser.version();
  // Hand the harness a browser whose contexts carry the instrumentation (it creates context and page itself).
  const instrumentedBrowser = new Proxy(browser, {
    get(target, prop, receiver) {
      if (prop === 'newContext') {
        return async (o?: Parameters<Browser['newContext']>[0]) => {
          const ctx = await target.newContext(o);
          await ctx.addInitScript({ content: instrument });
          return ctx;
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });

  const runs: RenderRun[] = [];
  try {
    for (const sizeKB of opts.sizes) {
      // One seed for every size: each answer is a prefix of the next bigger one (same mix of blocks),
      // so growth per doubling compares like with like.
      const text = generateMarkdown(sizeKB * 1024, TEXT_SEED);
      const deltas = splitDeltas(text, SPLIT_SEED, 20, 40);
      for (const renderer of opts.renderers) {
        const stride = renderer === 'ours' ? 1 : Math.max(1, opts.naiveStride(sizeKB));
        progress(`render: ${renderer} ${sizeKB} KB (${deltas.length} deltas${stride > 1 ? `, every ${stride} deltas per frame` : ''})`);
        const pieces: string[] = [];
        for (let i = 0; i < deltas.length; i += stride) pieces.push(deltas.slice(i, i + stride).join(''));
        const turnId = `bench-${renderer}-${sizeKB}`;
        const deltaMessages: HostMessage[] = pieces.map((content, i) => ({ type: 'delta', turn: turnId, seq: i + 1, content }));
        const endMessages: HostMessage[] = [{ type: 'turnEnd', turn: turnId, seq: pieces.length, status: 'done', finishReason: 'stop', endedAt: Date.now() }];
        const start: HostMessage = { type: 'turnStart', turn: turnView({ id: turnId, question: 'Write a long answer.', startedAt: Date.now() }) };
        const traceFile = path.join(TMP, `trace-${renderer}-${sizeKB}.json`);
        let measured: Measured;
        let sanity: RenderRun['sanity'];
        if (renderer === 'ours') {
          const panel = await openPanel(instrumentedBrowser, panelServer);
          await panel.post(start);
          await panel.nextFrame();
          const checkpoints = [Math.floor(pieces.length / 3), Math.floor((2 * pieces.length) / 3)];
          const selector = answerSelector(turnId);
          measured = await measure(browser, panel.page, deltaMessages, endMessages, checkpoints, selector, traceFile);
          // One-shot renders through the same pipeline (a sync with finished turns), in the same page.
          const refs = [text, ...checkpoints.map((i) => pieces.slice(0, i).join(''))];
          const views = refs.map((answer, k) => turnView({ id: `ref-${k}`, answer, status: 'done', question: 'Write a long answer.' }));
          await panel.post({ type: 'sync', state: panelState(views) });
          const oneShot = await panel.page.evaluate(
            (ids) =>
              ids.map((id) => {
                const sel = `article.turn[data-turn-id="${id}"] .answer-body`;
                const w = window as unknown as { __plainHtml: (s: string) => string };
                return { raw: document.querySelector(sel)!.innerHTML, plain: w.__plainHtml(sel) };
              }),
            views.map((v) => v.id),
          );
          const r = measured.result;
          const cps = r.snapshots.map((s, k) => s.html === oneShot[k + 1]!.plain);
          const mismatches: string[] = [];
          if (r.finalHtml !== oneShot[0]!.raw) mismatches.push(`final: ${firstDifference(r.finalHtml, oneShot[0]!.raw)}`);
          if (r.beforeEndPlain !== oneShot[0]!.plain) mismatches.push(`before turnEnd: ${firstDifference(r.beforeEndPlain, oneShot[0]!.plain)}`);
          cps.forEach((ok, k) => {
            if (!ok) mismatches.push(`checkpoint ${k + 1}: ${firstDifference(r.snapshots[k]!.html, oneShot[k + 1]!.plain)}`);
          });
          sanity = {
            finalEqual: r.finalHtml === oneShot[0]!.raw,
            beforeEndEqual: r.beforeEndPlain === oneShot[0]!.plain,
            checkpointsEqual: cps.filter(Boolean).length,
            checkpoints: cps.length,
            firstMismatch: mismatches[0],
          };
          const problems = await panel.problems();
          if (problems.length) progress(`render: page problems: ${problems.slice(0, 3).join('; ')}`);
          await panel.close();
        } else {
          const context = await browser.newContext({ viewport: { width: 760, height: 900 }, deviceScaleFactor: 1 });
          await context.addInitScript({ content: instrument });
          const page = await context.newPage();
          await page.goto(`${staticServer.origin}/tmp/naive.html?mode=${renderer}`);
          await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true);
          await page.evaluate((m) => window.postMessage(m, '*'), start);
          measured = await measure(browser, page, deltaMessages, [], [], '#answer', traceFile);
          await context.close();
        }
        const r = measured.result;
        const wall = stats(r.frameStarts, r.frameKinds, r.spans.start.map((start, k) => ({ start, dur: r.spans.dur[k]! })), stride);
        const tr = measured.trace;
        let cpu: ScriptStats | undefined;
        let longest = { ts: NaN, dur: 0, tdur: 0 };
        let heaviest = { ts: NaN, dur: 0, tdur: 0 };
        let where = 'n/a';
        if (tr && tr.ticks.length === r.frameStarts.length) {
          cpu = stats(tr.ticks, r.frameKinds, tr.calls.map((c) => ({ start: c.ts, dur: c.tdur })), stride);
          // From the first driver tick to the start of the last one: the last tick collects the results, and the
          // rest of its task is Playwright serializing them (the bench's work, not the renderer's).
          const lastTick = tr.ticks[tr.ticks.length - 1]!;
          for (const t of tr.tasks) {
            if (t.ts < tr.ticks[0]! - 0.5 || t.ts + t.dur > lastTick) continue;
            if (t.dur > longest.dur) longest = t;
            if (t.tdur > heaviest.tdur) heaviest = t;
          }
          where = locate(tr.ticks, r.frameKinds, longest.ts);
        } else if (tr) {
          progress(`render: trace has ${tr.ticks.length} driver ticks for ${r.frameStarts.length} frames: no CPU figures for this run`);
        }
        const run: RenderRun = {
          renderer,
          sizeKB,
          chars: text.length,
          deltas: deltas.length,
          stride,
          totalEstimated: stride > 1,
          cpu,
          wall,
          longestTaskMs: longest.dur,
          longestTaskCpuMs: longest.tdur,
          longestTaskWhere: where,
          maxCpuTask: { cpuMs: heaviest.tdur, wallMs: heaviest.dur, where: tr && cpu ? locate(tr.ticks, r.frameKinds, heaviest.ts) : 'n/a' },
          gcMs: tr?.gcMs ?? NaN,
          longTasksOver50: r.longTasks.length,
          cdp: measured.cdp,
          mainThreadPerFrameMs: (measured.cdp.taskS * 1000) / r.frameStarts.length,
          otherLoad: measured.otherLoad,
          wallS: measured.wallS,
          sanity,
        };
        const main = cpu ?? wall;
        progress(
          `render: ${renderer} ${sizeKB} KB: script ${cpu ? 'CPU' : 'wall'} total ${f(main.totalMs, 0)} ms, median ${f(main.medianMs, 3)} ms, p95 ${f(main.p95Ms, 3)} ms ` +
            `(wall: total ${f(wall.totalMs, 0)}, median ${f(wall.medianMs, 2)}, p95 ${f(wall.p95Ms, 2)}), longest task ${f(longest.dur, 1)} ms (${where}), ` +
            `other load ${f(100 * measured.otherLoad, 0)} %, wall ${f(measured.wallS, 1)} s${sanity ? `, DOM ok ${sanity.finalEqual}, prefixes ${sanity.checkpointsEqual + (sanity.beforeEndEqual ? 1 : 0)}/${sanity.checkpoints + 1}` : ''}`,
        );
        runs.push(run);
      }
    }
  } finally {
    await browser.close();
    await panelServer.close();
    await staticServer.close();
  }

  const growth = {} as RenderSection['growth'];
  for (const renderer of opts.renderers) {
    const rs = runs.filter((r) => r.renderer === renderer).sort((a, b) => a.sizeKB - b.sizeKB);
    growth[renderer] = [];
    for (let i = 1; i < rs.length; i++) {
      if (rs[i]!.sizeKB === rs[i - 1]!.sizeKB * 2) {
        const total = (x: RenderRun) => (x.cpu ?? x.wall).totalMs;
        growth[renderer].push({ from: rs[i - 1]!.sizeKB, to: rs[i]!.sizeKB, ratio: total(rs[i]!) / total(rs[i - 1]!) });
      }
    }
  }
  // Within one run: the biggest ours run streams every smaller answer as its prefix, so the script
  // spent until the k-th delta (k = the smaller answer's delta count) is that answer's stream cost
  // measured under the same conditions. Growth per doubling from these, and how the separate
  // smaller runs compare with the same frames here (1.00 = same conditions).
  const withinRun: RenderSection['withinRun'] = [];
  const oursRuns = runs.filter((x) => x.renderer === 'ours').sort((a, b) => a.sizeKB - b.sizeKB);
  const big = oursRuns[oursRuns.length - 1];
  for (const measure of ['cpu', 'wall'] as const) {
    const cum = big?.[measure]?.cumulative;
    if (!big || !cum) continue;
    const at = (x: RenderRun) => cum[Math.min(cum.length, x.deltas) - 1]!;
    for (const x of oursRuns) {
      const own = x[measure];
      const prev = oursRuns.find((o) => o.sizeKB * 2 === x.sizeKB);
      withinRun.push({
        measure,
        sizeKB: x.sizeKB,
        streamMs: at(x),
        growthFromHalf: prev ? at(x) / at(prev) : NaN,
        ownRunStreamMs: own ? own.totalMs - own.endMs : NaN,
        ownRunVsWithin: own ? (own.totalMs - own.endMs) / at(x) : NaN,
      });
    }
  }
  for (const x of runs) {
    delete x.cpu?.cumulative;
    delete x.wall.cumulative;
  }
  return { runs, growth, withinRun, chromium: chromiumVersion, method: RENDER_METHOD, sizes: opts.sizes, webview };
}

export const RENDER_METHOD = [
  'Same deltas (20–40 chars, seeded split of seeded dense markdown) for every renderer; the driver (untimed, the original',
  'requestAnimationFrame, function __benchDriverTick) posts one delta per animation frame with window.postMessage (its own',
  'task, as a webview message is). Chromium runs with --disable-frame-rate-limit --disable-gpu-vsync: frames follow each other',
  'as soon as the page has produced one instead of waiting for 60 Hz vsync; this shortens wall time, not the work per frame.',
  'Two measures of script time, for the same runs. (1) CPU: a Chromium trace (categories toplevel, devtools.timeline) of the',
  'run; every top-level FunctionCall on the renderer main thread other than the driver is page script (rAF callbacks, message',
  'listeners, timers, observers); its thread CPU time (tdur) is summed per frame, frames being delimited by the driver\'s own',
  'FunctionCalls. Thread CPU time does not count time the thread waited for a core, so other processes on the 2-core machine do',
  'not inflate it. (2) Wall: an init script (addInitScript, which bypasses the panel CSP) wraps every requestAnimationFrame',
  "callback, window 'message' listener, setTimeout/setInterval callback and Resize/MutationObserver callback with",
  'performance.now() (100 µs resolution in this page); spans are summed per driver frame. Style, layout and paint are not',
  'script and are in neither (see the CDP main-thread column: Performance.getMetrics TaskDuration per frame).',
  'Total = all script from the first delta to the end of the stream, including the end message (ours: turnEnd → one full',
  'parse + sanitize + compare). Tasks: ThreadControllerImpl::RunTask on the renderer main thread during the run, less the',
  'driver\'s own calls inside them (posting, checkpoint snapshots, collecting results); the heaviest by CPU and the longest',
  'by wall clock are reported; they include style/layout/paint/GC. Last/first third: median frame cost over the last third',
  'of frames divided by that over the first third. Growth per doubling: total(2N)/total(N); each size is a prefix of the next.',
  'naive and frame at large sizes get `stride` consecutive deltas per frame (their per-frame cost depends only on the current',
  'text length, so this samples every stride-th frame of the real stream); their totals are then stride × measured',
  '(marked ≈). ours always gets every delta in its own frame. In this setup naive and frame do the same work (one',
  'marked.parse of the whole text per frame): naive in the message handler, frame in rAF; naive would be k times worse',
  'if the host posted k messages per frame.',
  'Sanity (ours): after turnEnd the answer DOM must equal a one-shot render of the whole text (a sync with a finished',
  'turn, same page, same pipeline); also, with highlighting removed, the screen at 1/3, 2/3 and after the last delta',
  '(before turnEnd) must equal a one-shot render of that prefix (each snapshot waits 2–3 frames and at least 300 ms, longer than a paced render may hold text back).',
].join(' ');
