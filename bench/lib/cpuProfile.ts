// Summaries of a V8 CPU profile (Profiler.stop's `profile`): the functions with the most self time,
// and with the most total time (self + callees, each function counted once per sample), which shows
// the callers that own the cost.
import * as path from 'node:path';

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function keyOf(cf: CpuProfile['nodes'][number]['callFrame']): string {
  const file = path.basename(cf.url.split('?')[0] ?? '');
  return `${cf.functionName || '(anonymous)'}${file ? ` ${file}:${cf.lineNumber + 1}` : ''}`;
}

export interface ProfileSummary {
  totalMs: number;
  self: Array<[string, number]>;
  total: Array<[string, number]>;
}

export function summarizeProfile(p: CpuProfile, n = 25): ProfileSummary {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    all += ms;
    const k = keyOf(byId.get(id)!.callFrame);
    self.set(k, (self.get(k) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf(byId.get(at)!.callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + ms);
    }
  });
  const top = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { totalMs: all, self: top(self), total: top(total) };
}

export function formatSummary(s: ProfileSummary): string {
  const rows = (xs: Array<[string, number]>) => xs.map(([k, ms]) => `  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / s.totalMs).toFixed(1).padStart(5)} %  ${k}`).join('\n');
  return `profile ${s.totalMs.toFixed(0)} ms\n by self time:\n${rows(s.self)}\n by total time (self + callees):\n${rows(s.total)}`;
}
