// Section 5 (long documents into the editor): a 5 MB document, streamed as fast as the test server
// sends it (64 characters a delta, 5 parts of ~1 MB joined by 4 output-limit continuations), into a
// new untitled editor in code-server by bench/longDocument/suite.ts. Reports the time per batch
// (applyEdit round trip) along the document, the extension host's heap as the document grows, the
// same text opened in one piece as a control, and long tasks in the workbench page (the editor's
// responsiveness). Prints one JSON object as the last stdout line (run alone: `tsx bench/longDocument.ts`).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { answer, startTestServer } from '../test/server';
import { launchBrowser, waitForWorkbench } from '../test/runners/browser';
import { assertInstalled, REPO_ROOT, startCodeServer } from '../test/runners/codeServer';
import { f, max, median, mdTable, p95, progress } from './lib/stats';

const TMP = path.join(__dirname, 'tmp', 'longdoc');
const TOTAL = Number(process.env.BENCH_LONGDOC_BYTES ?? 5 * 1024 * 1024);
const PARTS = 5;

function documentText(): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 1; size < TOTAL; i++) {
    const line = `Line ${i}: a long generated document streamed into the editor, with enough words to look like prose.\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('').slice(0, TOTAL);
}

export interface LongDocResult {
  ok: boolean;
  docChars: number;
  parts: number;
  streamS: number;
  batches: number;
  charsPerBatch: { median: number; max: number };
  perFifth: Array<{ fifth: number; batches: number; medianMs: number; p95Ms: number; maxMs: number; medianChars: number }>;
  lastOverFirstMedian: number;
  heapCurveMB: Array<{ chars: number; heapMB: number }>;
  heapGrowthMB: number;
  controlGrowthMB: number;
  longTasks: { count: number; maxMs: number; totalMs: number; over100: number };
  vscode: string;
  node: string;
  table: string;
}

async function main(): Promise<void> {
  assertInstalled();
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run npm run build');
  fs.rmSync(TMP, { recursive: true, force: true });
  fs.mkdirSync(TMP, { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const suite = path.join(TMP, 'index.js');
  await esbuild.build({ entryPoints: [path.join(__dirname, 'longDocument/suite.ts')], outfile: suite, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning' });

  const text = documentText();
  const server = await startTestServer();
  const cut = Math.ceil(text.length / PARTS);
  for (let i = 0; i < PARTS; i++) {
    server.enqueue(answer(text.slice(i * cut, (i + 1) * cut), { deltaSize: 64, finish: i < PARTS - 1 ? 'length' : 'stop' }));
  }
  const outFile = path.join(TMP, 'result.jsonl');
  fs.writeFileSync(outFile, '');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-bench-longdoc-'));
  const cs = await startCodeServer({
    folder: workspace,
    smokeTestDriver: true,
    env: { BENCH_LONGDOC_OUT: outFile, BENCH_LONGDOC_URL: server.url },
    logFile: path.join(TMP, 'code-server.log'),
  });
  const session = await launchBrowser();
  let rec: Record<string, any> | undefined;
  let longTasks: number[] = [];
  try {
    // Long tasks of the workbench page (the editor's main thread) while the document streams in.
    await session.page.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await session.page.goto(
      cs.workbenchUrl(workspace, [
        ['extensionDevelopmentPath', cs.remoteUri(REPO_ROOT)],
        ['extensionTestsPath', cs.remoteUri(suite)],
      ]),
    );
    await waitForWorkbench(session.page);
    progress('longdoc: workbench ready; streaming 5 MB into an untitled editor');
    // Long tasks from loading the workbench are not the document's: count from the first request on.
    const deadlineReq = Date.now() + 60_000;
    while (!server.requests.some((r) => r.method === 'POST') && Date.now() < deadlineReq) await new Promise((r) => setTimeout(r, 50));
    await session.page.evaluate(() => void ((window as unknown as { __longTasks: number[] }).__longTasks = []));
    const deadline = Date.now() + 600_000;
    while (!fs.readFileSync(outFile, 'utf8').trim()) {
      if (Date.now() > deadline) throw new Error('no long-document result after 10 minutes (see bench/tmp/longdoc/code-server.log)');
      await new Promise((r) => setTimeout(r, 250));
    }
    longTasks = await session.page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    rec = JSON.parse(fs.readFileSync(outFile, 'utf8').trim().split('\n')[0]!) as Record<string, any>;
  } finally {
    await session.close();
    await cs.stop();
    await server.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  if (rec.error) throw new Error(`long-document bench failed in the extension host: ${rec.error}`);
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
  const result: LongDocResult = {
    ok: rec.outcome === 'done' && rec.docHash === expectedHash,
    docChars: rec.docChars,
    parts: rec.parts,
    streamS: rec.streamMs / 1000,
    batches: batches.length,
    charsPerBatch: { median: median(batches.map((b) => b[1])), max: max(batches.map((b) => b[1])) },
    perFifth: fifths,
    lastOverFirstMedian: fifths[4]!.medianMs / fifths[0]!.medianMs,
    heapCurveMB: curve,
    heapGrowthMB: curve[curve.length - 1]!.heapMB,
    controlGrowthMB: mb(rec.control.afterBytes - rec.control.beforeBytes),
    longTasks: { count: longTasks.length, maxMs: longTasks.length ? max(longTasks) : 0, totalMs: longTasks.reduce((a, b) => a + b, 0), over100: longTasks.filter((d) => d > 100).length },
    vscode: rec.vscode,
    node: rec.node,
    table: '',
  };
  result.table = [
    mdTable(
      ['5 MB document into an untitled editor (VS Code ' + result.vscode + ', code-server)', 'value'],
      [
        ['document arrived whole (sha-256 equal) / outcome', `${result.ok ? 'yes' : 'NO'} / ${rec.outcome}, ${result.parts} parts (4 continuations)`],
        ['characters / streaming time', `${result.docChars} / ${f(result.streamS, 1)} s (${f(mb(result.docChars) / result.streamS, 2)} MB/s)`],
        ['batches (one WorkspaceEdit each) / chars per batch median, max', `${result.batches} / ${f(result.charsPerBatch.median, 0)}, ${result.charsPerBatch.max}`],
        ['applyEdit round trip, last fifth ÷ first fifth (median)', `${f(result.lastOverFirstMedian, 2)}`],
        ['extension host heap above the start (after GC), by chars in the editor', curve.map((c) => `${f(c.chars / 1e6, 1)}M: ${f(c.heapMB, 1)} MB`).join(', ')],
        ['control: the same text opened as a document in one piece', `+${f(result.controlGrowthMB, 1)} MB (VS Code's own copy of an open document)`],
        ['workbench long tasks while streaming (count / over 100 ms / longest / total)', `${result.longTasks.count} / ${result.longTasks.over100} / ${f(result.longTasks.maxMs, 0)} ms / ${f(result.longTasks.totalMs / 1000, 1)} s`],
      ],
    ),
    mdTable(
      ['fifth of the document', 'batches', 'median ms', 'p95 ms', 'max ms', 'median chars per batch'],
      fifths.map((x) => [x.fifth, x.batches, f(x.medianMs, 2), f(x.p95Ms, 2), f(x.maxMs, 1), f(x.medianChars, 0)]),
    ),
  ].join('\n\n');
  process.stderr.write(`${result.table}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
