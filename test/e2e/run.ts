// `npm run test:e2e` (after `npm run package`): the packaged deepseek-assistant.vsix installed into
// a fresh code-server, driven from Chromium the way a user does it (F1, typing, clicking), against
// the project's DeepSeek-compatible test server. Screenshots of every step: test-output/e2e/.
// Prints one line per step and a final `N passed, N failed, N skipped` (the steps after a failure are
// skipped); exits non-zero on any failure.
//
// Options: --headed, --keep (keep temp dirs), --docs-screenshot (copy the rendered-answer
// screenshot to docs/screenshot.png).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { answer, scenarios, startTestServer, type Scenario } from '../server';
import { launchBrowser, waitForWorkbench, type BrowserSession } from '../runners/browser';
import { REPO_ROOT, startCodeServer, type CodeServer } from '../runners/codeServer';
import { conversationsDirIn, PLANTED_CORRUPT_CONTENT, PLANTED_CORRUPT_NAME, plantConversations } from '../runners/plant';
import { scenarioText } from '../suite/sent';
import { addFileToChatAndAsk, copyDocsShots, editSelectionAccept } from './edits';
import { pasteImageAndAsk } from './images';
import { longDocumentSteps } from './longDocument';
import { workspaceTrustSteps } from './workspaceTrust';
import { lastAnswerText, normalize, reloadWindow, savedTurn } from './reload';
import { failureReport } from './diagnostics';
import { closingLine } from '../runners/verdict';
import { modelPickerSteps, SERVER_MODELS } from './models';
import { chatViewRun, copyChatDocsShots } from './chatView';
import { copySidebarDocsShots, sidebarSteps } from './sidebar';
import { completionsSteps } from './completions';
import { chatFrame, clearNotifications, closeQuickInput, openFile, painted, poll, quickInput, runCommand } from './workbench';

const OUT_DIR = path.join(REPO_ROOT, 'test-output', 'e2e');
const VSIX = path.join(REPO_ROOT, 'deepseek-assistant.vsix');
const KEY = 'sk-e2e-test-key-0123456789';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
type RecordedRequest = TestServer['requests'][number];

const SAMPLE_TS = [
  '// A small file to explain.',
  'export function median(values: number[]): number {',
  '  const sorted = [...values].sort((a, b) => a - b);',
  '  const mid = Math.floor(sorted.length / 2);',
  '  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;',
  '}',
  '',
  'export const answer = median([3, 1, 4, 1, 5, 9, 2, 6]);',
  '',
].join('\n');

interface StepResult {
  name: string;
  ok: boolean;
  /** Not run: an earlier step failed. */
  skipped?: boolean;
  ms: number;
  error?: string;
  screenshot?: string;
}

function lastUser(req: RecordedRequest): string {
  const body: unknown = typeof req.body === 'string' ? JSON.parse(req.body) : req.body;
  const msgs = (body as { messages?: Array<{ role: string; content: string }> }).messages ?? [];
  return [...msgs].reverse().find((m) => m.role === 'user')?.content ?? '';
}

function header(req: RecordedRequest, name: string): string | undefined {
  const v = (req.headers as Record<string, string | string[] | undefined>)[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function chatRequests(server: TestServer): RecordedRequest[] {
  return server.requests.filter((r) => r.method === 'POST' && /chat\/completions/.test(r.path));
}

function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const started = Date.now();
  if (!fs.existsSync(VSIX)) {
    console.error('deepseek-assistant.vsix is missing: run `npm run package` (npm run test:e2e does it)');
    console.log(closingLine({ passed: 0, failed: 1, skipped: 0 }));
    return 1;
  }
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  fs.mkdirSync(OUT_DIR, { recursive: true });

  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-e2e-ws-'));
  fs.mkdirSync(path.join(workspace, 'src'));
  fs.writeFileSync(path.join(workspace, 'src', 'median.ts'), SAMPLE_TS);
  // Our own profile, so a corrupt saved conversation can be planted before VS Code starts.
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-e2e-user-'));
  plantConversations(userDataDir, { valid: false });

  const results: StepResult[] = [];
  let server: TestServer | undefined;
  let cs: CodeServer | undefined;
  let session: BrowserSession | undefined;
  let page: Page | undefined;
  let shotNo = 0;
  let docsShot: string | undefined;

  const shot = async (name: string): Promise<string | undefined> => {
    if (!page) return undefined;
    const file = path.join(OUT_DIR, `${String(++shotNo).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file }).catch(() => undefined);
    return fs.existsSync(file) ? file : undefined;
  };
  let failedAlready = false;
  // Whose logs a failure report shows (the Chat view steps run their own code-server).
  let reportLogs: { codeServerLog: string; userDataDir?: string } = { codeServerLog: path.join(OUT_DIR, 'code-server.log'), userDataDir };
  const step = async (name: string, fn: () => Promise<void>): Promise<void> => {
    const t0 = Date.now();
    if (failedAlready) {
      results.push({ name, ok: false, skipped: true, ms: 0, error: 'skipped: an earlier step failed' });
      console.log(`  - ${name} (skipped: an earlier step failed)`);
      return;
    }
    try {
      await fn();
      const screenshot = await shot(name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''));
      results.push({ name, ok: true, ms: Date.now() - t0, screenshot });
      console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
    } catch (err) {
      const screenshot = await shot(`FAILED-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
      const error = err instanceof Error ? err.message : String(err);
      results.push({ name, ok: false, ms: Date.now() - t0, error, screenshot });
      const report = await failureReport({ page, screenshot, ...reportLogs });
      console.log(`  ✘ ${name} (${Date.now() - t0} ms)\n      ${`${error}\n${report}`.split('\n').join('\n      ')}`);
      failedAlready = true;
    }
  };

  try {
    console.log('\n  End-to-end: packaged extension in code-server, driven from Chromium');
    let frame: Frame | undefined;

    await step('start the test server and code-server with the .vsix installed', async () => {
      server = await startTestServer({ host: '127.0.0.1' });
      server.account.models = [...SERVER_MODELS];
      cs = await startCodeServer({
        folder: workspace,
        userDataDir,
        installExtensions: [VSIX],
        logFile: path.join(OUT_DIR, 'code-server.log'),
        keepDirs: argv.includes('--keep'),
        settings: {
          // DeepSeek's beta base: Continue uses chat prefix completion there.
          'deepseek.baseUrl': `${server.url}/beta`,
          'workbench.editor.enablePreview': false,
          // Side by side even beside the panel, as in the README screenshot.
          'diffEditor.useInlineViewWhenSpaceIsLimited': false,
        },
      });
      const installed = fs.readdirSync(cs.extensionsDir).filter((d) => d.startsWith('deepseek-assistant.deepseek-assistant'));
      assert(installed.length === 1, `the .vsix was not installed into ${cs.extensionsDir}`);
      session = await launchBrowser({ headless: !argv.includes('--headed'), width: 1400, height: 860 });
      page = session.page;
      page.on('pageerror', (e) => fs.appendFileSync(path.join(OUT_DIR, 'browser-console.log'), `[pageerror] ${e.message}\n`));
      page.on('console', (m) => fs.appendFileSync(path.join(OUT_DIR, 'browser-console.log'), `[${m.type()}] ${m.text()}\n`));
      await page.goto(cs.workbenchUrl(workspace));
      await waitForWorkbench(page);
      // The explorer shows the workspace once the remote connection is up.
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'src' }).first().waitFor({ timeout: 60_000 });
    });

    await step('F1 → DeepSeek: Set API Key → type the key in the password box', async () => {
      assert(page, 'no page');
      await runCommand(page, 'DeepSeek: Set API Key');
      const input = await quickInput(page, { password: true });
      await input.pressSequentially(KEY, { delay: 5 });
      // The confirmation shows for 3 s: watch for it from before Enter, so a slow machine cannot miss it.
      const saved = page.locator('.statusbar', { hasText: 'API key saved' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      await page.keyboard.press('Enter');
      await Promise.all([saved, poll('the key box to close', async () => !(await input.isVisible()), 15_000)]);
    });

    await step('the corrupt saved conversation planted before start is set aside: a quiet status in the view, no pop-up', async () => {
      assert(page && cs, 'no page');
      // Activation (by Set API Key) read the saved conversations and met the corrupt one.
      const dir = conversationsDirIn(cs.userDataDir);
      const setAside = await poll(
        'the corrupt file renamed *.corrupt-<time>',
        async () => fs.readdirSync(dir).find((n) => n.startsWith(`${PLANTED_CORRUPT_NAME}.corrupt-`)),
        30_000,
      );
      assert(!fs.existsSync(path.join(dir, PLANTED_CORRUPT_NAME)), 'the corrupt file is still there under its name');
      assert(fs.readFileSync(path.join(dir, setAside), 'utf8') === PLANTED_CORRUPT_CONTENT, 'the set-aside file lost bytes');
      await page.locator('.activitybar .action-item a.action-label[aria-label^="DeepSeek"]').first().click();
      // The status is set in the same step as the old warning was: once it shows, a toast would have too.
      await page.locator('.part.sidebar', { hasText: /saved chat unreadable/i }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await painted(page);
      const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts();
      assert(!toasts.some((t) => /conversation|unreadable/i.test(t)), `a notification was shown at start-up: ${toasts.join(' | ')}`);
      await shot('corrupt-conversation-quiet-status');
      await closeQuickInput(page);
    });

    await modelPickerSteps(page!, server!, step, (name) => path.join(OUT_DIR, `${name}.png`), argv.includes('--docs-screenshot'));
    await workspaceTrustSteps({ page: () => page, server: () => server, key: KEY, workspace, step });

    await step('open src/median.ts', async () => {
      assert(page, 'no page');
      await openFile(page, 'median.ts');
      await page.locator('.monaco-editor .view-lines', { hasText: 'median' }).first().waitFor({ timeout: 30_000 });
    });

    await step('F1 → DeepSeek: Ask DeepSeek → a #markdown question renders in the panel', async () => {
      assert(page && server, 'no page');
      const before = chatRequests(server).length;
      await runCommand(page, 'DeepSeek: Ask DeepSeek');
      const question = 'Show me what you can render #markdown';
      // The command asks in an input box; type the question there and press Enter.
      const input = await quickInput(page);
      await input.fill(question);
      await page.keyboard.press('Enter');
      frame = await chatFrame(page);
      const f = frame;
      const req = await poll('the request', async () => chatRequests(server!).slice(before)[0], 30_000);
      assert(lastUser(req) === question, `the server got "${lastUser(req)}"`);
      assert(header(req, 'authorization') === `Bearer ${KEY}`, 'the request did not carry the key typed in Set API Key');
      // Fully rendered: heading, table, code blocks with Copy buttons.
      await poll('the rendered answer', async () => {
        const log = f.locator('[role="log"]');
        const [h, table, pre, copy] = await Promise.all([
          log.locator('h1, h2').count(),
          log.locator('table').count(),
          log.locator('pre').count(),
          log.getByRole('button', { name: /copy/i }).count(),
        ]);
        return h >= 2 && table >= 1 && pre >= 2 && copy >= 1;
      }, 45_000);
      const cells = await f.locator('[role="log"] table td').allTextContents();
      assert(cells.some((c) => c.includes('thinking on')), `table cells: ${cells.join(' | ')}`);
      // textContent: innerText leaves out answer chunks off screen (content-visibility: auto).
      const raw = (await f.locator('[role="log"]').textContent()) ?? '';
      assert(!raw.includes('|---|'), 'the table was shown as raw markdown');
      assert(!raw.includes('```'), 'a code fence was shown as raw markdown');
      await poll('the answer to finish', async () => req.closedAt !== undefined, 30_000);
      await clearNotifications(page);
      // Show the answer from its top heading (the panel follows the stream to the bottom).
      await f.locator('[role="log"] h1, [role="log"] h2').first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await painted(f);
      await painted(page);
      docsShot = await shot('rendered-markdown-answer');
    });

    await step('select lines 2–6 of median.ts → F1 → DeepSeek: Explain Selection', async () => {
      assert(page && server, 'no page');
      const before = chatRequests(server).length;
      // Back to the editor (the panel took focus), then select the function with the keyboard.
      await page.locator('.monaco-editor .view-lines', { hasText: 'median' }).first().click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('ArrowDown');
      for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowDown');
      await runCommand(page, 'DeepSeek: Explain Selection');
      const req = await poll('the Explain Selection request', async () => chatRequests(server!).slice(before)[0], 30_000);
      const sent = lastUser(req);
      const selected = SAMPLE_TS.split('\n').slice(1, 6).join('\n');
      assert(sent.includes(selected), `the selected lines are not in the request:\n${sent}`);
      assert(!sent.includes('A small file to explain'), 'the unselected first line was sent');
      assert(/```typescript/.test(sent), 'the code was not tagged as typescript');
      assert(sent.includes('median.ts'), 'the file name was not sent');
      const f = await chatFrame(page);
      frame = f;
      await poll('the answer to the selection', async () => ((await f.locator('[role="log"]').textContent()) ?? '').includes('test server'), 30_000);
      await poll('the answer to finish', async () => req.closedAt !== undefined, 30_000);
    });

    // ---- Attachments and Edit Selection (test/e2e/edits.ts) ----
    const editsCtx = () => {
      assert(page && server, 'no page');
      return { page, server, file: path.join(workspace, 'src', 'median.ts'), original: SAMPLE_TS, shot };
    };
    await step('F1 → DeepSeek: Add File to Chat → chip → ask in the panel → the request carries the file', () => addFileToChatAndAsk(editsCtx()));
    await step('paste an image into the panel → chip → ask → the test server receives it as an image_url part', () => pasteImageAndAsk(page!, server!, shot));
    await step('select the function → F1 → DeepSeek: Edit Selection → the diff fills while streaming → Accept → saved', () => editSelectionAccept(editsCtx()));

    await step('ask a #slow question in the panel, press Stop mid-answer', async () => {
      assert(page && server && frame, 'no page');
      const f = await chatFrame(page);
      const before = chatRequests(server).length;
      const box = f.locator('textarea').first();
      await box.click();
      await box.fill('Tell me a long story #slow');
      await box.press('Enter');
      const r = await poll('the #slow request (Enter in the panel input sends)', async () => chatRequests(server!).slice(before)[0], 30_000);
      const log = f.locator('[role="log"]');
      await poll('partial text', async () => ((await log.textContent()) ?? '').includes('Sentence 3 of a long'), 30_000);
      const stop = f.getByRole('button', { name: /^stop$/i }).first();
      await stop.waitFor({ state: 'visible', timeout: 15_000 });
      await shot('slow-answer-streaming');
      const clickedAt = Date.now();
      await stop.click();
      // Stop really stops: the client closes the socket while the server still has most of the
      // answer to send. (How fast is a benchmark figure; here it is only printed.)
      await poll('the server to see the socket closed by the client', async () => r.clientAborted && r.closedAt !== undefined, 30_000);
      const closedAt = typeof r.closedAt === 'number' ? r.closedAt : new Date(String(r.closedAt)).getTime();
      console.log(`      (socket closed ${closedAt - clickedAt} ms after the click on Stop)`);
      await poll('"Stopped" in the panel', async () => /stopped/i.test((await log.textContent()) ?? ''), 30_000);
      const text = (await log.textContent()) ?? '';
      assert(text.includes('Sentence 3 of a long'), 'the partial text disappeared');
      assert(!text.includes('Sentence 1000 of'), 'the whole answer arrived: Stop did nothing');
      await painted(f);
    });

    // ---- Nothing lost: an answer cut off by a window reload comes back and continues. ----
    const SLOW_QUESTION = 'Tell me a long story, then I reload the window';
    const CONTINUATION = ' (continued after the reload) and that is the end of the story.';
    let slow: Scenario | undefined;
    let slowReq: RecordedRequest | undefined;
    let visibleBefore = '';
    let reloadedAt = 0;
    let saved = '';

    await step('New Chat → ask a slow question in the panel → text arrives (before reload)', async () => {
      assert(page && server, 'no page');
      await runCommand(page, 'DeepSeek: New Chat');
      const f = await chatFrame(page);
      await poll('the empty new chat', async () => (await f.locator('[role="log"] .turn').count()) === 0, 15_000);
      slow = scenarios.slow!();
      server.enqueue(slow);
      const before = chatRequests(server).length;
      const box = f.locator('textarea').first();
      await box.click();
      await box.fill(SLOW_QUESTION);
      await box.press('Enter');
      slowReq = await poll('the slow request', async () => chatRequests(server!).slice(before)[0], 30_000);
      assert(/^\/beta\//.test(slowReq.path), `the request went to ${slowReq.path}, not the /beta base`);
      await poll('a few sentences in the panel', async () => (await lastAnswerText(f)).includes('Sentence 3 of a long'), 30_000);
      await painted(f);
      visibleBefore = normalize(await lastAnswerText(f));
      assert(!slowReq.clientAborted && slowReq.closedAt === undefined, 'the slow answer ended before the reload');
    });

    await step('F1 → Developer: Reload Window mid-answer → the panel is back with the text, Interrupted, Continue', async () => {
      assert(page && server && cs && slow && slowReq, 'no page');
      reloadedAt = Date.now();
      const since = () => `${((Date.now() - reloadedAt) / 1000).toFixed(1)} s`;
      await reloadWindow(page);
      console.log(`      (reloaded with F1 → Developer: Reload Window; workbench back after ${since()})`);
      // The old extension host went away with the window: the server sees the stream's socket close.
      const r = slowReq;
      await poll('the old extension host to close the slow stream', async () => r.closedAt !== undefined, 30_000);
      const sent = scenarioText(slow, r.bytesWritten);
      console.log(
        `      (stream closed ${r.closedAt! - reloadedAt} ms after the reload; ${sent.length} chars sent, ${visibleBefore.length} were visible)`,
      );

      // The webview serializer restores the panel by itself: nothing here opens it.
      const frame = await chatFrame(page, 90_000);
      console.log(`      (panel restored by the serializer after ${since()})`);
      await poll('the text from before the reload', async () => normalize(await lastAnswerText(frame)).startsWith(visibleBefore), 30_000);
      console.log(`      (text from before the reload shown after ${since()})`);
      const log = frame.locator('[role="log"]');
      const mark = log.locator('.status-mark.status-interrupted, .status-mark.status-stopped').first();
      await mark.waitFor({ state: 'visible', timeout: 30_000 });
      const markText = (await mark.innerText()).trim();
      assert(/^(interrupted|stopped)$/i.test(markText), `the turn is marked "${markText}"`);
      await log.getByRole('button', { name: /^continue$/i }).first().waitFor({ state: 'visible', timeout: 15_000 });
      assert((await log.locator('.turn').count()) === 1, 'expected exactly one turn in the restored chat');

      // What is shown is what was saved: all that was visible before the reload, nothing the server
      // never sent.
      const turn = savedTurn(cs.userDataDir, SLOW_QUESTION);
      assert(turn, 'the conversation is not on disk');
      saved = turn.answer;
      assert(normalize(saved).startsWith(visibleBefore), 'the saved text lost some of what was visible before the reload');
      assert(sent.startsWith(saved), 'the saved text is not a prefix of what the server sent');
      assert(normalize(await lastAnswerText(frame)) === normalize(saved), 'the panel does not show the saved text');
      console.log(`      (saved ${saved.length} chars, status ${turn.status}; marked "${markText}")`);
      await clearNotifications(page);
    });

    await step('click Continue → the saved text goes as a prefix; one answer = partial + continuation, done', async () => {
      assert(page && server, 'no page');
      const frame = await chatFrame(page);
      const log = frame.locator('[role="log"]');
      server.enqueue(answer(CONTINUATION, { deltaSize: 4, delayMs: 10 }));
      const before = chatRequests(server).length;
      await log.getByRole('button', { name: /^continue$/i }).first().click();
      const req = await poll('the Continue request', async () => chatRequests(server!).slice(before)[0], 30_000);
      assert(/^\/beta\//.test(req.path), `Continue went to ${req.path}, not the /beta base`);
      const messages = (req.body as { messages: Array<{ role: string; content: string; prefix?: boolean }> }).messages;
      const last = messages[messages.length - 1]!;
      assert(last.role === 'assistant' && last.prefix === true, `the last message is not a prefix: ${JSON.stringify({ ...last, content: '…' })}`);
      assert(last.content === saved, `the prefix is not the saved partial text (${last.content.length} vs ${saved.length} chars)`);
      assert(lastUser(req) === SLOW_QUESTION, 'the question before the prefix is not the original one');
      await poll('the continuation in the same answer', async () => normalize(await lastAnswerText(frame)).endsWith(normalize(CONTINUATION)), 30_000);
      await poll('the answer to be done', async () => (await log.locator('[aria-busy="true"]').count()) === 0, 15_000);
      assert((await log.locator('.turn').count()) === 1, 'Continue created another turn');
      assert((await log.locator('.status-mark.status-interrupted, .status-mark.status-stopped').count()) === 0, 'still marked interrupted/stopped');
      assert((await log.getByRole('button', { name: /^continue$/i }).count()) === 0, 'Continue is still offered');
      const shown = normalize(await lastAnswerText(frame));
      assert(shown === normalize(saved + CONTINUATION), `the answer is not partial + continuation:\n${shown.slice(-200)}`);
      await painted(frame);
    });

    // ---- Long documents straight into an editor (test/e2e/longDocument.ts). ----
    await longDocumentSteps({ page: () => page, server: () => server, step, shot });
    await completionsSteps({ page: () => page, server: () => server, step, workspace });

    // ---- VS Code's own Chat view (test/e2e/chatView.ts): its own code-server with chat enabled. ----
    await closeQuickInput(page as Page).catch(() => undefined);
    await session?.close();
    await cs?.stop();
    session = undefined;
    cs = undefined;
    page = undefined;
    // ---- The side bar view from a new user's first run (test/e2e/sidebar.ts): its own code-server. ----
    await sidebarSteps({ vsix: VSIX, outDir: OUT_DIR, headed: argv.includes('--headed'), keepDirs: argv.includes('--keep') }, step);
    const chatView = chatViewRun({ vsix: VSIX, outDir: OUT_DIR, headed: argv.includes('--headed'), keepDirs: argv.includes('--keep') });
    try {
      await chatView.steps(
        (name, fn) =>
          step(name, async () => {
            try {
              await fn();
            } finally {
              page = chatView.page();
              reportLogs = { codeServerLog: path.join(OUT_DIR, 'code-server-chat.log'), userDataDir: chatView.userDataDir() };
            }
          }),
        shot,
      );
    } finally {
      await chatView.close();
      page = undefined;
    }
  } catch (err) {
    console.error(err);
    results.push({ name: 'harness', ok: false, ms: 0, error: String(err) });
  } finally {
    await closeQuickInput(page as Page).catch(() => undefined);
    await session?.close();
    await cs?.stop();
    await server?.close();
    if (!argv.includes('--keep')) {
      fs.rmSync(workspace, { recursive: true, force: true });
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  }

  if (docsShot && argv.includes('--docs-screenshot')) {
    fs.mkdirSync(path.join(REPO_ROOT, 'docs'), { recursive: true });
    fs.copyFileSync(docsShot, path.join(REPO_ROOT, 'docs', 'screenshot.png'));
    console.log(`\n  copied ${path.relative(REPO_ROOT, docsShot)} to docs/screenshot.png`);
  }
  if (argv.includes('--docs-screenshot')) for (const f of [...copyDocsShots(REPO_ROOT), ...copyChatDocsShots(REPO_ROOT), ...copySidebarDocsShots(REPO_ROOT)]) console.log(`  copied a screenshot to ${f}`);
  fs.writeFileSync(path.join(OUT_DIR, 'results.json'), JSON.stringify(results, null, 2));
  const passed = results.filter((r) => r.ok).length;
  const skipped = results.filter((r) => r.skipped).length;
  const failed = results.length - passed - skipped;
  console.log(`\n  screenshots: ${path.relative(REPO_ROOT, OUT_DIR)}/`);
  console.log(`  wall ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(closingLine({ passed, failed, skipped }));
  return failed === 0 && skipped === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    console.log(closingLine({ passed: 0, failed: 1, skipped: 0 }));
    process.exit(1);
  },
);
