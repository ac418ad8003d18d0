// What the workbench's long tasks are made of, from a Chromium trace of the page (one event a line,
// as playwright's startTracing writes it): every main-thread task over 50 ms in the window, split into
// script (by the function the task entered), style, layout, paint and page-wide rendering, GC, and
// the rest (native work the trace does not name). Used by bench/longDocument.ts with BENCH_LONGDOC_TRACE=1.
import * as fs from 'node:fs';
import * as readline from 'node:readline';

type Ev = { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; args?: { data?: { functionName?: string; url?: string; lineNumber?: number; message?: string } } };

const WANTED = /"name":"(FunctionCall|EvaluateScript|V8\.Execute|TimerFire|FireAnimationFrame|EventDispatch|RunMicrotasks|UpdateLayoutTree|Layout|Paint|PrePaint|Layerize|Commit|UpdateLayer|MinorGC|MajorGC|ThreadControllerImpl::RunTask|RunTask|TimeStamp)"/;
const KIND: Record<string, string> = {
  FunctionCall: 'script', EvaluateScript: 'script', 'V8.Execute': 'script', TimerFire: 'script', FireAnimationFrame: 'script', EventDispatch: 'script', RunMicrotasks: 'script',
  UpdateLayoutTree: 'style', Layout: 'layout', Paint: 'paint', PrePaint: 'paint', Layerize: 'paint', Commit: 'paint', UpdateLayer: 'paint',
  MinorGC: 'gc', MajorGC: 'gc',
};

export interface LongTaskBreakdown {
  tasks: number;
  totalMs: number;
  byKind: Record<string, number>;
  /** Script time inside long tasks by the function each outermost call entered. */
  topScript: Array<[string, number]>;
  longest: Array<{ ms: number; byKind: Record<string, number>; script: string }>;
}

export async function longTaskBreakdown(file: string, mark: string, fromMs: number, toMs: number): Promise<LongTaskBreakdown> {
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  const evs: Ev[] = [];
  let markEv: Ev | undefined;
  for await (const raw of rl) {
    const line = raw.trim().replace(/,$/, '');
    if (!line.startsWith('{"') || !WANTED.test(line)) continue;
    const e = JSON.parse(line) as Ev;
    if (e.name === 'TimeStamp' && e.args?.data?.message === mark) markEv = e;
    else if (e.ph === 'X') evs.push(e);
  }
  const out: LongTaskBreakdown = { tasks: 0, totalMs: 0, byKind: {}, topScript: [], longest: [] };
  if (!markEv) return out;
  const from = markEv.ts + fromMs * 1000;
  const to = markEv.ts + toMs * 1000;
  const main = evs.filter((e) => e.pid === markEv!.pid && e.tid === markEv!.tid && e.ts >= from && e.ts <= to).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks: Ev[] = [];
  let until = -Infinity;
  for (const t of main) {
    if ((t.name !== 'ThreadControllerImpl::RunTask' && t.name !== 'RunTask') || (t.dur ?? 0) <= 50_000 || t.ts < until) continue;
    until = t.ts + t.dur!;
    tasks.push(t);
  }
  const script = new Map<string, number>();
  const per: LongTaskBreakdown['longest'] = [];
  let j = 0;
  for (const t of tasks) {
    const end = t.ts + t.dur!;
    const byKind: Record<string, number> = {};
    let covered = -Infinity;
    let firstScript = '';
    while (j < main.length && main[j]!.ts < t.ts) j++;
    for (let k = j; k < main.length && main[k]!.ts < end; k++) {
      const e = main[k]!;
      const kind = KIND[e.name];
      if (!kind || e.ts < covered) continue; // nested in an event already counted
      covered = e.ts + (e.dur ?? 0);
      const ms = (e.dur ?? 0) / 1000;
      byKind[kind] = (byKind[kind] ?? 0) + ms;
      if (kind === 'script') {
        const d = e.args?.data;
        const key = d?.functionName || d?.url ? `${d?.functionName || '(anonymous)'} ${(d?.url ?? '').split('/').pop()?.split('?')[0]}:${(d?.lineNumber ?? 0) + 1}` : e.name;
        script.set(key, (script.get(key) ?? 0) + ms);
        if (!firstScript) firstScript = key;
      }
    }
    const ms = t.dur! / 1000;
    const named = Object.values(byKind).reduce((a, b) => a + b, 0);
    byKind.unnamed = Math.max(0, ms - named);
    for (const [k, v] of Object.entries(byKind)) out.byKind[k] = (out.byKind[k] ?? 0) + v;
    out.tasks++;
    out.totalMs += ms;
    per.push({ ms, byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, Math.round(v)])), script: firstScript });
  }
  out.topScript = [...script.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => [k, Math.round(v)]);
  out.longest = per.sort((a, b) => b.ms - a.ms).slice(0, 8).map((x) => ({ ...x, ms: Math.round(x.ms) }));
  for (const k of Object.keys(out.byKind)) out.byKind[k] = Math.round(out.byKind[k]!);
  out.totalMs = Math.round(out.totalMs);
  return out;
}
