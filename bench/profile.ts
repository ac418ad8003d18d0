// Where our renderer's frame time goes: streams one answer into the real panel (same driver and
// flags as section 1) under the V8 sampling profiler (CDP Profiler, 100 µs interval) and prints
// self and inclusive time per function. Not part of `npm run bench`; run `tsx bench/profile.ts [KB]`.
// Uses the development bundle (dist/webview.js with source maps, names kept).

import { chromium } from 'playwright-core';
import { answerSelector, buildWebview, CHROMIUM_ARGS, CHROMIUM_PATH, openPanel, startPanelServer, turnView } from '../test/browser/harness';
import type { HostMessage } from '../src/shared/protocol';
import { generateMarkdown, splitDeltas } from './lib/markdownGen';
import { f, mdTable } from './lib/stats';
import { buildPages } from './render';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export async function profileOurs(sizeKB: number): Promise<{ table: string; totalMs: number }> {
  await buildWebview();
  const { instrument } = await buildPages();
  const server = await startPanelServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--disable-frame-rate-limit', '--disable-gpu-vsync'], headless: true });
  const proxy = new Proxy(browser, {
    get(t, p, r) {
      if (p === 'newContext')
        return async (o?: Parameters<typeof browser.newContext>[0]) => {
          const c = await t.newContext(o);
          await c.addInitScript({ content: instrument });
          return c;
        };
      const v = Reflect.get(t, p, r);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
  try {
    const text = generateMarkdown(sizeKB * 1024, 20240601);
    const deltas = splitDeltas(text, 7, 20, 40);
    const id = 'prof';
    const panel = await openPanel(proxy, server);
    await panel.post({ type: 'turnStart', turn: turnView({ id, question: 'q' }) });
    const messages: HostMessage[] = deltas.map((content, i) => ({ type: 'delta', turn: id, seq: i + 1, content }));
    const cdp = await panel.page.context().newCDPSession(panel.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await panel.page.evaluate(
      ({ messages, selector }) =>
        (window as unknown as { __benchRun: (o: unknown) => Promise<unknown> }).__benchRun({ messages, endMessages: [], checkpoints: [], selector }),
      { messages, selector: answerSelector(id) },
    );
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
      profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
    };
    await panel.close();

    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const selfUs = new Map<number, number>();
    profile.samples.forEach((s, i) => selfUs.set(s, (selfUs.get(s) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
    const key = (n: ProfileNode) => {
      const file = n.callFrame.url.split('/').pop() || '(native)';
      return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
    };
    const self = new Map<string, number>();
    const incl = new Map<string, number>();
    let scriptUs = 0;
    for (const [nodeId, us] of selfUs) {
      const node = byId.get(nodeId)!;
      const name = node.callFrame.functionName;
      if (name !== '(idle)' && name !== '(program)') scriptUs += us;
      self.set(key(node), (self.get(key(node)) ?? 0) + us);
      const seen = new Set<string>();
      for (let cur: number | undefined = nodeId; cur !== undefined; cur = parent.get(cur)) {
        const k = key(byId.get(cur)!);
        if (seen.has(k)) continue;
        seen.add(k);
        incl.set(k, (incl.get(k) ?? 0) + us);
      }
    }
    const top = [...incl.entries()]
      .filter(([k]) => !/^\((root|program|idle|garbage collector)\)/.test(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40);
    const rows = top.map(([k, us]) => [k, f(us / 1000, 0), f((100 * us) / scriptUs, 1), f((self.get(k) ?? 0) / 1000, 0)]);
    const gc = [...self.entries()].filter(([k]) => k.startsWith('(garbage collector)')).reduce((a, [, v]) => a + v, 0);
    rows.push(['(garbage collector)', f(gc / 1000, 0), f((100 * gc) / scriptUs, 1), f(gc / 1000, 0)]);
    return {
      table: mdTable(['function (webview.js line)', 'inclusive ms', '% of script', 'self ms'], rows),
      totalMs: scriptUs / 1000,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (require.main === module) {
  const kb = Number(process.argv[2] ?? 80);
  profileOurs(kb).then(
    ({ table, totalMs }) => {
      console.log(`Profile of ours streaming ${kb} KB: ${f(totalMs, 0)} ms of sampled script (excl. idle/program)\n`);
      console.log(table);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
