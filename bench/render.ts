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
import { f, max, median, p95, progress } from './lib/stats';

export const BENCH_DIR = __dirname;
export const TMP = path.join(BENCH_DIR, 'tmp');
const REPO = path.resolve(BENCH_DIR, '..');

export const TEXT_SEED = 20240601;
export const SPLIT_SEED = 7;

export type RendererName = 'ours' | 'naive' | 'frame';

export interface RenderRun {
  renderer: RendererName;
  sizeKB: number;
  chars: number;
  deltas: number;
  /** Deltas concatenated per posted message (1 = every delta its own frame). >1 only for naive/frame at big sizes. */
  stride: number;
  framesMeasured: number;
  /** Sum of all timed page script while streaming, plus the end (ms). With stride > 1: stride × measured stream part + end. */
  totalScriptMs: number;
  totalEstimated: boolean;
  medianFrameMs: number;
  p95FrameMs: number;
  maxFrameMs: number;
  /** Median frame script cost in the last third of frames / in the first third. */
  thirdsRatio: number;
  /** Longest renderer main-thread task in the run (trace), ms. */
  longestTaskMs: number;
  longTasksOver50: number;
  /** Where the longest task fell: stream frame i of n, the end message, or before the first frame. */
  longestTaskWhere: string;
  /** Script time of the end of the stream (ours: turnEnd → one full render + compare), ms. */
  endMs: number;
  /** CDP Performance.getMetrics deltas over the run (s): ScriptDuration, TaskDuration, Layout+RecalcStyle. */
  cdp: { scriptS: number; taskS: number; layoutStyleS: number; paintS: number };
  /** CDP TaskDuration (all main-thread work: script, style, layout, paint…) per posted frame, ms. */
  mainThreadPerFrameMs: number;
  wallS: number;
  /** ours only: final DOM equals a one-shot render, and prefix checks (screen = one-shot render of the prefix). */
  sanity?: { finalEqual: boolean; beforeEndEqual: boolean; checkpointsEqual: number; checkpoints: number; firstMismatch?: string };
}

export interface RenderSection {
  runs: RenderRun[];
  growth: Record<RendererName, { from: number; to: number; ratio: number }[]>;
  chromium: string;
  method: string;
  sizes: number[];
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

/** Renderer main-thread tasks (ThreadControllerImpl::RunTask) over 1 ms, in ms after the run's start mark. */
async function tasksFromTrace(file: string): Promise<{ atMs: number; ms: number }[]> {
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  const mains = new Set<string>();
  const tasks: { pid: number; tid: number; ts: number; dur: number }[] = [];
  let start = -1;
  let end = -1;
  let markPid = -1;
  for await (const raw of rl) {
    const line = raw.trim().replace(/,$/, '');
    if (!line.startsWith('{"')) continue;
    if (line.includes('"thread_name"') && line.includes('CrRendererMain')) {
      const e = JSON.parse(line);
      mains.add(`${e.pid}:${e.tid}`);
    } else if (line.includes('"bench-run-start"') || line.includes('"bench-run-end"')) {
      const e = JSON.parse(line);
      if (e.name === 'bench-run-start') {
        start = e.ts;
        markPid = e.pid;
      } else end = e.ts;
    } else if (line.includes('"ThreadControllerImpl::RunTask"') && line.includes('"ph":"X"')) {
      const e = JSON.parse(line);
      if (e.dur > 1000) tasks.push({ pid: e.pid, tid: e.tid, ts: e.ts, dur: e.dur });
    }
  }
  return tasks
    .filter((t) => t.pid === markPid && mains.has(`${t.pid}:${t.tid}`) && t.ts + t.dur >= start && (end < 0 || t.ts <= end))
    .map((t) => ({ atMs: (t.ts - start) / 1000, ms: t.dur / 1000 }));
}

interface Measured {
  result: PageRunResult;
  cdp: RenderRun['cdp'];
  /** Main-thread tasks over 1 ms (ms after the start mark = page time result.t0, roughly). */
  tasks: { atMs: number; ms: number }[];
  wallS: number;
}

async function measure(browser: Browser, page: Page, messages: unknown[], endMessages: unknown[], checkpoints: number[], selector: string, traceFile: string): Promise<Measured> {
  const cdpSession = await page.context().newCDPSession(page);
  await cdpSession.send('Performance.enable');
  const metrics = async () => {
    const { metrics } = await cdpSession.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m: { name: string; value: number }) => [m.name, m.value])) as Record<string, number>;
  };
  const trace = process.env.BENCH_NO_TRACE !== '1';
  if (trace) await browser.startTracing(page, { path: traceFile, categories: ['toplevel', 'blink.user_timing', '__metadata'] });
  const before = await metrics();
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
  const after = await metrics();
  if (trace) await browser.stopTracing();
  const tasks = trace ? await tasksFromTrace(traceFile) : [];
  fs.rmSync(traceFile, { force: true });
  await cdpSession.detach();
  const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
  return {
    result,
    cdp: { scriptS: d('ScriptDuration'), taskS: d('TaskDuration'), layoutStyleS: d('LayoutDuration') + d('RecalcStyleDuration'), paintS: d('PaintDuration') },
    tasks,
    wallS,
  };
}

/** Per-frame script sums: bin i collects spans starting in [frameStarts[i], frameStarts[i+1]). */
function analyse(r: PageRunResult): { perFrame: number[]; streamMs: number; endMs: number; totalMs: number } {
  const starts = r.frameStarts;
  const bins = new Float64Array(starts.length);
  for (let k = 0; k < r.spans.start.length; k++) {
    const s = r.spans.start[k]!;
    let lo = 0;
    let hi = starts.length - 1;
    if (s < starts[0]!) {
      bins[0] += r.spans.dur[k]!;
      continue;
    }
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= s) lo = mid;
      else hi = mid - 1;
    }
    bins[lo] += r.spans.dur[k]!;
  }
  const endAt = r.frameKinds.indexOf('e');
  const perFrame: number[] = [];
  let streamMs = 0;
  let endMs = 0;
  for (let i = 0; i < bins.length; i++) {
    if (endAt >= 0 && i >= endAt) endMs += bins[i]!;
    else {
      streamMs += bins[i]!;
      if (bins[i]! > 0) perFrame.push(bins[i]!);
    }
  }
  return { perFrame, streamMs, endMs, totalMs: streamMs + endMs };
}

/** Which driver frame a page time falls in, as text. */
function locate(r: PageRunResult, at: number): string {
  if (!Number.isFinite(at)) return 'n/a';
  const starts = r.frameStarts;
  if (at < starts[0]!) return 'before the first frame';
  let i = 0;
  while (i + 1 < starts.length && starts[i + 1]! <= at) i++;
  const kind = r.frameKinds[i];
  const endAt = r.frameKinds.indexOf('e');
  if (endAt >= 0 && i >= endAt) return `end of stream (+${i - endAt} frames after turnEnd)`;
  const streamFrames = r.frameKinds.slice(0, endAt >= 0 ? endAt : undefined).length;
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
        const a = analyse(measured.result);
        // Tasks from the first driver frame on (the evaluate call that hands the messages to the page is the bench's own).
        const firstFrame = measured.result.frameStarts[0]! - measured.result.t0;
        let longest = { atMs: NaN, ms: 0 };
        for (const t of measured.tasks) if (t.atMs + t.ms > firstFrame && t.ms > longest.ms) longest = t;
        const where = locate(measured.result, measured.result.t0 + longest.atMs);
        const run: RenderRun = {
          renderer,
          sizeKB,
          chars: text.length,
          deltas: deltas.length,
          stride,
          framesMeasured: a.perFrame.length,
          totalScriptMs: a.streamMs * stride + a.endMs,
          totalEstimated: stride > 1,
          medianFrameMs: median(a.perFrame),
          p95FrameMs: p95(a.perFrame),
          maxFrameMs: max(a.perFrame),
          thirdsRatio: thirdsRatio(a.perFrame),
          longestTaskMs: longest.ms,
          longTasksOver50: measured.result.longTasks.length,
          longestTaskWhere: where,
          endMs: a.endMs,
          cdp: measured.cdp,
          mainThreadPerFrameMs: (measured.cdp.taskS * 1000) / measured.result.frameStarts.length,
          wallS: measured.wallS,
          sanity,
        };
        progress(
          `render: ${renderer} ${sizeKB} KB: total ${f(run.totalScriptMs, 0)} ms, median ${f(run.medianFrameMs, 3)} ms, p95 ${f(run.p95FrameMs, 3)} ms, ` +
            `longest task ${f(run.longestTaskMs, 1)} ms (${where}), wall ${f(run.wallS, 1)} s${sanity ? `, DOM ok ${sanity.finalEqual}, prefixes ${sanity.checkpointsEqual + (sanity.beforeEndEqual ? 1 : 0)}/${sanity.checkpoints + 1}` : ''}`,
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
        growth[renderer].push({ from: rs[i - 1]!.sizeKB, to: rs[i]!.sizeKB, ratio: rs[i]!.totalScriptMs / rs[i - 1]!.totalScriptMs });
      }
    }
  }
  return { runs, growth, chromium: chromiumVersion, method: RENDER_METHOD, sizes: opts.sizes };
}

export const RENDER_METHOD = [
  'Same deltas (20–40 chars, seeded split of seeded dense markdown) for every renderer; the driver (untimed, original',
  'requestAnimationFrame) posts one delta per animation frame with window.postMessage (its own task, as a webview message is).',
  'Chromium runs with --disable-frame-rate-limit --disable-gpu-vsync: frames follow each other as soon as the page has',
  'produced one instead of waiting for 60 Hz vsync; this shortens wall time, not the work per frame.',
  'Script time: an init script (addInitScript, which bypasses the panel CSP) wraps every requestAnimationFrame callback,',
  "window 'message' listener, setTimeout/setInterval callback and Resize/MutationObserver callback with performance.now();",
  'each timed span is assigned to the animation frame (driver tick) it starts in; a frame\'s cost = sum of its spans.',
  "Style, layout and paint are not script and are not in these numbers (see the CDP columns: Performance.getMetrics",
  'ScriptDuration / TaskDuration / Layout+RecalcStyle deltas over the run, which include the driver\'s own small work).',
  'Total = all timed script from the first delta to the end of the stream, including the end message (ours: turnEnd →',
  'one full parse + sanitize + compare). Longest task: longest ThreadControllerImpl::RunTask on the renderer main thread',
  'in a Chromium trace (category toplevel) between performance marks around the run; it includes style/layout/paint.',
  'Last/first third: median frame cost over the last third of frames divided by that over the first third.',
  'Growth per doubling: total(2N)/total(N). naive and frame at large sizes post `stride` consecutive deltas per frame',
  '(their per-frame cost depends only on the current text length, so this samples every stride-th frame of the real',
  'stream); their totals are then stride × measured (marked ≈). ours always gets every delta in its own frame.',
  'Sanity (ours): after turnEnd the answer DOM must equal a one-shot render of the whole text (a sync with a finished',
  'turn, same page, same pipeline); also, with highlighting removed, the screen at 1/3, 2/3 and after the last delta',
  '(before turnEnd) must equal a one-shot render of that prefix.',
].join(' ');
