// Section 5, the Chat view path: the same long answers as the panel rows (benchText, RATES), but
// through VS Code's own Chat view, by `@deepseek` (the chat participant) and by the model picker
// (the language model provider, Agent mode). Its own code-server with chat enabled. Measured in the
// workbench page: the server's last byte → the answer's sentinel present in the Chat view's DOM (at
// the next animation frame), and the long tasks of the page from the question to then.
//
// `npx tsx bench/vscode/chatPath.ts` after `npm run package`; env BENCH_CHAT_SIZES (60 KB bursts: the Chat view cuts markdown over 100,000 characters),
// BENCH_CHAT_REALISTIC_KB (20), BENCH_CHAT_LIMIT_S (240, per answer). `npm run bench -- --only chatview`
// runs it as section 5b. Prints one JSON object as the last stdout line; writes bench/tmp/vscode/chat-path.json.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, waitForWorkbench, type BrowserSession } from '../../test/runners/browser';
import { REPO_ROOT, startCodeServer, type CodeServer } from '../../test/runners/codeServer';
import { startTestServer } from '../../test/server';
import { CHAT_SETTINGS } from '../../test/e2e/chatView';
import { closeQuickInput, poll, runCommand } from '../../test/e2e/workbench';
import { f, mdTable } from '../lib/stats';
import { benchText, pacedAnswer, RATES, type RateName } from './section';

type Path = '@deepseek' | 'model provider';
interface ChatPathRun {
  path: Path;
  rate: RateName;
  sizeKB: number;
  /** The server's last byte → the sentinel in the Chat view's DOM, ms; undefined if not within the limit. */
  lagMs?: number;
  longTasks: { n: number; maxMs: number; totalMs: number };
}

const TMP = path.join(__dirname, '..', 'tmp', 'vscode');
const VSIX = path.join(REPO_ROOT, 'deepseek-assistant.vsix');
/** The last words of benchText(): the answer is all there once they are. */
const SENTINEL = 'ZZENDOFANSWERZZ';
const LIMIT_MS = Number(process.env.BENCH_CHAT_LIMIT_S ?? 240) * 1000;

/** Opens the Chat view and picks DeepSeek V4.1 Flash (the default model) in its model picker (the provider path). */
async function pickDeepSeekModel(page: Page): Promise<void> {
  await runCommand(page, 'Chat: Open Chat');
  const picker = page.locator('.interactive-input-part .model-picker-item').first();
  const rows = page.locator('.context-view .monaco-list-row');
  const row = (text: string) => rows.filter({ hasText: text }).first();
  const visible = (l: ReturnType<typeof row>) => l.isVisible().catch(() => false);
  // The dropdown lists the provider's models once VS Code has asked for them; models not picked yet
  // sit under a collapsed "Other Models" group, expanded once per opening of the dropdown.
  let expanded = false;
  await poll('DeepSeek V4.1 Flash (the default model) in the model picker', async () => {
    if (/DeepSeek V4\.1 Flash/.test(await picker.innerText().catch(() => ''))) return true;
    if (!(await visible(rows.first()))) {
      expanded = false;
      await picker.click({ timeout: 5_000 }).catch(() => page.keyboard.press('Escape'));
      return false;
    }
    if (await visible(row('DeepSeek V4.1 Flash'))) {
      await row('DeepSeek V4.1 Flash').click();
      return false;
    }
    if (!expanded && (await visible(row('Other Models')))) {
      expanded = true;
      await row('Other Models').click();
      return false;
    }
    await page.keyboard.press('Escape');
    return false;
  }, 120_000, 1000);
}

/** In the page: long tasks from now on, and the time the sentinel first shows in the last response. */
async function installProbe(page: Page, mark: string): Promise<void> {
  // tsx (esbuild keepNames) wraps named functions in __name(): give the page that helper.
  await page.evaluate('globalThis.__name = globalThis.__name || ((fn) => fn)');
  await page.evaluate((mark) => {
    const w = window as unknown as { __chatPath?: { longs: number[]; seenAt: number; stop: boolean } };
    const state = { longs: [] as number[], seenAt: 0, stop: false };
    w.__chatPath = state;
    new PerformanceObserver((list) => {
      if (!state.stop) for (const e of list.getEntries()) state.longs.push(e.duration);
    }).observe({ type: 'longtask' });
    const tick = () => {
      // The Chat view's list reuses and positions its row elements: DOM order is not display order,
      // so every row is searched for this run's own sentinel.
      const items = [...document.querySelectorAll('.interactive-item-container')];
      if (items.some((item) => item.textContent?.includes(mark))) state.seenAt = performance.timeOrigin + performance.now();
      else if (!state.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, mark);
}

async function oneRun(page: Page, server: Awaited<ReturnType<typeof startTestServer>>, via: Path, rate: RateName, sizeKB: number): Promise<ChatPathRun> {
  const { size, per, gapMs } = RATES[rate];
  const question = `Long answer ${via} ${rate} ${sizeKB} KB ${Date.now()}`;
  // A sentinel of this run's own: earlier answers with the same text may still be in the page.
  const mark = `ZZEND${Date.now().toString(36)}ZZ`;
  const text = benchText(sizeKB).replace(SENTINEL, mark);
  server.responder = (body: { messages?: { role: string; content: unknown }[] }) =>
    JSON.stringify(body?.messages ?? []).includes(question) ? pacedAnswer(text, size, per, gapMs) : undefined;
  await closeQuickInput(page);
  await runCommand(page, 'Chat: New Chat');
  const input = page.locator('.interactive-input-part .monaco-editor').first();
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await installProbe(page, mark);
  await input.click();
  await page.keyboard.type(via === '@deepseek' ? `@deepseek ${question}` : question, { delay: 2 });
  await page.keyboard.press('Enter');
  const req = await poll('the request at the test server', async () => server.requests.find((r) => JSON.stringify(r.body ?? '').includes(question)), 60_000);
  await poll('the last byte', async () => req.closedAt !== undefined, LIMIT_MS);
  const seenAt = await poll(
    'the sentinel in the Chat view',
    async () => page.evaluate(() => (window as unknown as { __chatPath: { seenAt: number } }).__chatPath.seenAt),
    LIMIT_MS,
    250,
  ).catch(() => 0);
  const longs = await page.evaluate(() => {
    const s = (window as unknown as { __chatPath: { longs: number[]; stop: boolean } }).__chatPath;
    s.stop = true;
    return s.longs;
  });
  return {
    path: via,
    rate,
    sizeKB,
    ...(seenAt ? { lagMs: seenAt - req.closedAt! } : {}),
    longTasks: { n: longs.length, maxMs: Math.max(0, ...longs), totalMs: longs.reduce((a, b) => a + b, 0) },
  };
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_CHAT_SIZES ?? '60').split(',').filter(Boolean).map(Number);
  const realisticKB = Number(process.env.BENCH_CHAT_REALISTIC_KB ?? 20);
  const plan: { rate: RateName; sizeKB: number }[] = [...sizes.map((kb) => ({ rate: 'burst' as const, sizeKB: kb })), ...(realisticKB > 0 ? [{ rate: 'realistic' as const, sizeKB: realisticKB }] : [])];
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-bench-chat-'));
  fs.writeFileSync(path.join(workspace, 'README.md'), '# bench workspace\n');
  const server = await startTestServer({ host: '127.0.0.1' });
  let cs: CodeServer | undefined;
  let session: BrowserSession | undefined;
  const runs: ChatPathRun[] = [];
  try {
    cs = await startCodeServer({
      folder: workspace,
      installExtensions: [VSIX],
      logFile: path.join(TMP, 'code-server-chat-path.log'),
      settings: { ...CHAT_SETTINGS, 'deepseek.baseUrl': server.url, 'workbench.editor.enablePreview': false },
    });
    session = await launchBrowser({ width: 1400, height: 900 });
    const page = session.page;
    await page.goto(cs.workbenchUrl(workspace));
    await waitForWorkbench(page);
    await pickDeepSeekModel(page);
    for (const via of ['@deepseek', 'model provider'] as const) {
      for (const p of plan) {
        const r = await oneRun(page, server, via, p.rate, p.sizeKB);
        process.stderr.write(`chat path: ${via} ${p.rate} ${p.sizeKB} KB: lag ${f(r.lagMs, 0)} ms, long tasks ${r.longTasks.n} (max ${f(r.longTasks.maxMs, 0)} ms, total ${f(r.longTasks.totalMs, 0)} ms)\n`);
        runs.push(r);
      }
    }
  } finally {
    await session?.close();
    await cs?.stop();
    await server.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  fs.mkdirSync(TMP, { recursive: true });
  fs.writeFileSync(path.join(TMP, 'chat-path.json'), JSON.stringify({ at: new Date().toISOString(), runs }, null, 2));
  const table = mdTable(
    ['answer', 'path', 'last byte → sentinel in the Chat view ms', 'long tasks in the workbench page: count (longest ms), total ms'],
    runs.map((r) => [`${r.rate} ${r.sizeKB} KB`, r.path, r.lagMs === undefined ? `not within ${LIMIT_MS / 1000} s` : f(r.lagMs, 0), `${r.longTasks.n} (${f(r.longTasks.maxMs, 0)}), ${f(r.longTasks.totalMs, 0)}`]),
  );
  const md =
    `${table}\n\nThe same answers (benchText, the same rates) through VS Code's own Chat view, one run each: by \`@deepseek\` (the chat participant) and by the model picker ` +
    `(the language model provider, Agent mode). Lag: the server's last byte → the run's sentinel in the Chat view's DOM; long tasks of the whole workbench page from the question on. ` +
    `The Chat view cuts markdown over 100,000 characters, so its burst is ${sizes.join(', ')} KB. Load average at end: ${os.loadavg().map((x) => x.toFixed(2)).join('/')}.`;
  process.stderr.write(`${md}\n`);
  // bench/run.ts reads the last stdout line.
  process.stdout.write(`${JSON.stringify({ runs, table: md })}\n`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
