// Reads a Chromium trace of a code-server window (one event a line, as playwright's startTracing
// writes it) and splits the main-thread work by document: the panel's webview document and the
// workbench are told apart by the frame id Blink puts on script, style, layout and paint events.
// Each document's id comes from a console.timeStamp() the bench makes inside it after tracing starts.
// Paint is the exception: Blink paints the whole page from the workbench's frame, and the webview's
// content is a Paint nested in it, of the workbench element that holds the webview (VS Code's
// `webview-overlay-content` div). That nested part is put down to the panel and the outer Paint
// keeps only the rest, so paint counts once and goes to the document whose DOM changed.
// The bench's own script in the panel document (the probe, evaluated through CDP, so with no script
// URL; every panel's own script has one) is the bench's, not the panel's: a major GC that V8 finishes
// inside a probe callback (its rAF loop runs every frame) would otherwise count as the panel's work.

import * as fs from 'node:fs';
import * as readline from 'node:readline';

export interface DocWork {
  scriptMs: number;
  styleMs: number;
  layoutMs: number;
  paintMs: number;
  /** Layouts and style recalcs forced from script (the event carries a stack trace). */
  forcedLayouts: number;
  forcedStyles: number;
}

export interface TraceSummary {
  panel: DocWork;
  workbench: DocWork;
  /** Page-wide rendering steps not tied to one document (PrePaint, Layerize, Commit…) and GC, ms. */
  pageWideMs: number;
  gcMs: number;
  /** V8 garbage collections on the main thread: scavenges, and full mark-compacts (which also collect DOM garbage). */
  gc: { minor: number; major: number; majorMs: number };
  /** Panel work per animation frame (script+style+layout+paint between two of its rAF ticks), ms. */
  panelFrames: { n: number; medianMs: number; p95Ms: number; maxMs: number };
  /**
   * Main-thread tasks over 50 ms, each put down to the document that did most of its work. `cpuOver50`
   * counts those that also used over 50 ms of the thread's CPU: the rest were long because the 2-core
   * machine gave the thread no core for part of the task (another process ran), not because of the work.
   */
  longTasks: {
    panel: number;
    workbench: number;
    /** Put down to the bench's own script in the panel document (the probe). */
    bench: number;
    other: number;
    cpuOver50: number;
    /** Long tasks with a major GC inside. */
    withMajorGc: number;
    maxPanelMs: number;
    maxMs: number;
    list: { ms: number; cpuMs: number; by: string; panelMs: number; majorGcMs: number }[];
  };
  found: boolean;
}

type Ev = {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread CPU time (µs): less than `dur` when the thread waited for a core. */
  tdur?: number;
  args?: { data?: { frame?: string; message?: string; stackTrace?: unknown; nodeName?: string; url?: string }; beginData?: { frame?: string; stackTrace?: unknown } };
};

const SCRIPT = new Set(['FunctionCall', 'EvaluateScript', 'V8.Execute']);
const STYLE = new Set(['UpdateLayoutTree', 'RecalculateStyles']);
const PAGE_WIDE = new Set(['PrePaint', 'Layerize', 'Commit', 'UpdateLayer', 'CompositeLayers', 'UpdateLayerTree']);
const WANTED = /"name":"(FunctionCall|EvaluateScript|V8\.Execute|UpdateLayoutTree|RecalculateStyles|Layout|Paint|PrePaint|Layerize|Commit|UpdateLayer|CompositeLayers|UpdateLayerTree|MinorGC|MajorGC|ThreadControllerImpl::RunTask|RunTask|TimeStamp|FireAnimationFrame)"/;

function q(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.ceil(pos)]! - s[lo]!) * (pos - lo);
}

/** `fromMs` / `toMs`: the window to count, on the trace clock, given as offsets from the panel's TimeStamp mark. */
export async function summarizeTrace(file: string, panelMark: string, workbenchMark: string, window: { fromMs: number; toMs: number }): Promise<TraceSummary> {
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  const evs: Ev[] = [];
  let panelFrame = '';
  let workbenchFrame = '';
  let markTs = NaN;
  for await (const raw of rl) {
    const line = raw.trim().replace(/,$/, '');
    if (!line.startsWith('{"') || !WANTED.test(line)) continue;
    const e = JSON.parse(line) as Ev;
    if (e.name === 'TimeStamp') {
      const msg = e.args?.data?.message;
      if (msg === panelMark) {
        panelFrame = e.args?.data?.frame ?? '';
        markTs = e.ts;
      } else if (msg === workbenchMark) workbenchFrame = e.args?.data?.frame ?? '';
      continue;
    }
    if (e.ph !== 'X') continue;
    evs.push(e);
  }
  const empty = (): DocWork => ({ scriptMs: 0, styleMs: 0, layoutMs: 0, paintMs: 0, forcedLayouts: 0, forcedStyles: 0 });
  const out: TraceSummary = {
    panel: empty(),
    workbench: empty(),
    pageWideMs: 0,
    gcMs: 0,
    gc: { minor: 0, major: 0, majorMs: 0 },
    panelFrames: { n: 0, medianMs: NaN, p95Ms: NaN, maxMs: NaN },
    longTasks: { panel: 0, workbench: 0, bench: 0, other: 0, cpuOver50: 0, withMajorGc: 0, maxPanelMs: 0, maxMs: 0, list: [] },
    found: !!panelFrame && Number.isFinite(markTs),
  };
  if (!out.found) return out;
  const from = markTs + window.fromMs * 1000;
  const to = markTs + window.toMs * 1000;
  const inWindow = evs.filter((e) => e.ts >= from && e.ts <= to).sort((a, b) => a.ts - b.ts);
  const frameOf = (e: Ev) => e.args?.data?.frame ?? e.args?.beginData?.frame ?? '';
  // Only the threads the two documents run on (the renderer main thread; an out-of-process webview would add one).
  const threads = new Set<string>();
  for (const e of inWindow) if (frameOf(e) === panelFrame || frameOf(e) === workbenchFrame) threads.add(`${e.pid}:${e.tid}`);
  const onMain = inWindow.filter((e) => threads.has(`${e.pid}:${e.tid}`));

  type Piece = { ts: number; end: number; ms: number; doc: 'panel' | 'workbench' | 'bench' | 'other'; kind: 'script' | 'style' | 'layout' | 'paint' | 'page' | 'gc' | 'majorGc' };
  const pieces: Piece[] = [];
  const coveredUntil = new Map<string, number>();
  /** The Paint piece each thread is inside (see the top of this file). */
  const outerPaint = new Map<string, Piece>();
  const docWork = (doc: Piece['doc']) => (doc === 'panel' ? out.panel : doc === 'workbench' ? out.workbench : undefined);
  for (const e of onMain) {
    const dur = (e.dur ?? 0) / 1000;
    const f = frameOf(e);
    let doc: Piece['doc'] = f === panelFrame ? 'panel' : f === workbenchFrame ? 'workbench' : 'other';
    if (doc === 'panel' && SCRIPT.has(e.name) && !e.args?.data?.url) doc = 'bench';
    if (e.name === 'Paint') {
      const key = `${e.pid}:${e.tid}`;
      const outer = outerPaint.get(key);
      if (outer && e.ts < outer.end) {
        outer.ms -= dur;
        const w = docWork(outer.doc);
        if (w) w.paintMs -= dur;
        if (/webview/i.test(e.args?.data?.nodeName ?? '')) doc = 'panel';
      }
    }
    let kind: Piece['kind'] | undefined;
    if (SCRIPT.has(e.name)) {
      // Nested script (a call inside a call) counts once, in the outer one.
      const key = `${e.pid}:${e.tid}`;
      if (e.ts < (coveredUntil.get(key) ?? -Infinity)) continue;
      coveredUntil.set(key, e.ts + (e.dur ?? 0));
      kind = 'script';
    } else if (STYLE.has(e.name)) kind = 'style';
    else if (e.name === 'Layout') kind = 'layout';
    else if (e.name === 'Paint') kind = 'paint';
    else if (PAGE_WIDE.has(e.name)) kind = 'page';
    else if (e.name === 'MinorGC') kind = 'gc';
    else if (e.name === 'MajorGC') kind = 'majorGc';
    if (!kind) continue;
    if (kind === 'gc') out.gc.minor++;
    if (kind === 'majorGc') {
      out.gc.major++;
      out.gc.majorMs += dur;
    }
    const piece: Piece = { ts: e.ts, end: e.ts + (e.dur ?? 0), ms: dur, doc, kind };
    pieces.push(piece);
    if (kind === 'paint' && !(piece.ts < (outerPaint.get(`${e.pid}:${e.tid}`)?.end ?? -Infinity))) outerPaint.set(`${e.pid}:${e.tid}`, piece);
    const w = docWork(doc);
    if (kind === 'page') out.pageWideMs += dur;
    else if (kind === 'gc' || kind === 'majorGc') out.gcMs += dur;
    else if (w) {
      if (kind === 'script') w.scriptMs += dur;
      else if (kind === 'style') {
        w.styleMs += dur;
        if (e.args?.beginData?.stackTrace) w.forcedStyles++;
      } else if (kind === 'layout') {
        w.layoutMs += dur;
        if (e.args?.beginData?.stackTrace) w.forcedLayouts++;
      } else w.paintMs += dur;
    }
  }

  // Per animation frame of the panel: between its rAF ticks (the probe keeps one running every frame).
  const ticks = onMain.filter((e) => e.name === 'FireAnimationFrame' && frameOf(e) === panelFrame).map((e) => e.ts);
  const perFrame: number[] = [];
  if (ticks.length > 1) {
    let j = 0;
    const sums = new Array<number>(ticks.length - 1).fill(0);
    for (const p of pieces) {
      if (p.doc !== 'panel') continue;
      while (j < ticks.length - 1 && p.ts >= ticks[j + 1]!) j++;
      if (p.ts >= ticks[0]! && j < sums.length) sums[j] += p.ms;
    }
    perFrame.push(...sums);
  }
  out.panelFrames = { n: perFrame.length, medianMs: q(perFrame, 0.5), p95Ms: q(perFrame, 0.95), maxMs: perFrame.length ? Math.max(...perFrame) : NaN };

  const tasks = onMain.filter((e) => (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') && (e.dur ?? 0) > 50_000);
  // Both names can wrap the same task: keep the outermost.
  let until = -Infinity;
  for (const t of tasks.sort((a, b) => a.ts - b.ts)) {
    if (t.ts < until) continue;
    until = t.ts + (t.dur ?? 0);
    const inside = pieces.filter((p) => p.ts >= t.ts && p.end <= until);
    const by = { panel: 0, workbench: 0, bench: 0, other: 0 };
    let majorGcMs = 0;
    for (const p of inside) {
      by[p.doc] += p.ms;
      if (p.kind === 'majorGc') majorGcMs += p.ms;
    }
    const ms = (t.dur ?? 0) / 1000;
    // The document (or the bench's probe) with the most work inside; ties go to the panel (strict).
    const who = by.panel + by.workbench + by.bench > 0 ? (['panel', 'workbench', 'bench', 'other'] as const).reduce((x, y) => (by[y] > by[x] ? y : x)) : 'other';
    const cpuMs = (t.tdur ?? t.dur ?? 0) / 1000;
    out.longTasks[who]++;
    if (cpuMs > 50) out.longTasks.cpuOver50++;
    if (majorGcMs > 0) out.longTasks.withMajorGc++;
    out.longTasks.list.push({ ms: +ms.toFixed(1), cpuMs: +cpuMs.toFixed(1), by: who, panelMs: +by.panel.toFixed(1), majorGcMs: +majorGcMs.toFixed(1) });
    out.longTasks.maxMs = Math.max(out.longTasks.maxMs, ms);
    if (who === 'panel') out.longTasks.maxPanelMs = Math.max(out.longTasks.maxPanelMs, ms);
  }
  for (const w of [out.panel, out.workbench]) for (const k of ['scriptMs', 'styleMs', 'layoutMs', 'paintMs'] as const) w[k] = +w[k].toFixed(1);
  out.pageWideMs = +out.pageWideMs.toFixed(1);
  out.gcMs = +out.gcMs.toFixed(1);
  out.gc.majorMs = +out.gc.majorMs.toFixed(1);
  return out;
}
