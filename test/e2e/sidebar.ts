// End-to-end: the chat's home in the side bar, as a new user meets it. Its own code-server, started
// with no key and the default (remote) base URL: the DeepSeek icon in the activity bar opens the
// welcome; Set API Key from the welcome brings the chat; a question asked in the view streams there;
// Explain Selection answers there; Open in Editor moves the conversation with its text (and the
// question typed but not sent) to a tab and Move to Side Bar brings it back; a reload keeps it. Screenshots for the README and the walkthrough.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { answer, startTestServer } from '../server';
import { launchBrowser, waitForWorkbench, type BrowserSession } from '../runners/browser';
import { startCodeServer, type CodeServer } from '../runners/codeServer';
import { copyIntoDocs } from './docsShots';
import { normalize, reloadWindow } from './reload';
import { standaloneRun, type Step } from './standalone';
import { openFile, painted, poll, quickInput, runCommand } from './workbench';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const KEY = 'sk-e2e-sidebar-0123456789';
const MODEL = 'deepseek-sidebar-e2e';
const QUESTION = 'What is a side bar view? (asked in the view)';
const ANSWER = '## In the side bar\n\nThis answer **streamed into the DeepSeek view**, beside the code, not into an editor tab.\n\n```ts\nconst home = "side bar";\n```\n';
const SAMPLE = ['// explain me', 'export function clamp(x: number, lo: number, hi: number): number {', '  return Math.min(hi, Math.max(lo, x));', '}', ''].join('\n');

/** README and walkthrough screenshots (path under the repository → file), copied by --docs-screenshot. */
const shots: Record<string, string | undefined> = {};

export function copySidebarDocsShots(repoRoot: string): string[] {
  const copied = copyIntoDocs(Object.fromEntries(Object.entries(shots).filter(([name]) => !name.includes('/'))), repoRoot);
  for (const [name, file] of Object.entries(shots)) {
    if (!name.includes('/') || !file || !fs.existsSync(file)) continue;
    fs.mkdirSync(path.dirname(path.join(repoRoot, name)), { recursive: true });
    fs.copyFileSync(file, path.join(repoRoot, name));
    copied.push(name);
  }
  return copied;
}

/** The chat webview whose iframe lies inside `part` (`.part.sidebar`, `.part.editor`). */
async function chatFrameIn(page: Page, part: string, timeoutMs = 60_000): Promise<Frame> {
  return poll(
    `the chat webview in ${part}`,
    async () => {
      const area = await page.locator(part).first().boundingBox();
      if (!area) return undefined;
      for (const frame of page.frames()) {
        if (!(await frame.$('[role="log"]').catch(() => null))) continue;
        const box = await (await frame.frameElement().catch(() => undefined))?.boundingBox();
        if (!box || box.width === 0) continue;
        const x = box.x + box.width / 2;
        const y = box.y + box.height / 2;
        if (x >= area.x && x <= area.x + area.width && y >= area.y && y <= area.y + area.height) return frame;
      }
      return undefined;
    },
    timeoutMs,
    250,
  );
}

const logText = async (frame: Frame) => (await frame.locator('[role="log"]').textContent()) ?? '';
const editorTab = (page: Page): Locator => page.locator('.part.editor .tabs-container .tab', { hasText: 'DeepSeek' });

/** Preferences: Open Settings (UI), search for `id`, type `value`; waits until it is saved. */
async function setInSettingsEditor(page: Page, id: string, value: string): Promise<void> {
  // Keys typed while the chat's webview has focus stay in its frame: give the workbench focus first.
  await page.locator('.part.editor').first().click({ position: { x: 300, y: 300 } });
  await runCommand(page, 'Preferences: Open Settings (UI)');
  const search = page.locator('.settings-editor .settings-header .monaco-editor').first();
  await search.waitFor({ state: 'visible', timeout: 30_000 });
  await search.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(id, { delay: 5 });
  const input = page.locator(`.settings-editor .setting-item-contents[data-key="${id}"] input`).first();
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(value);
  await input.press('Tab');
  // Saved to the user settings: the row is marked configured (the editor writes after a debounce).
  await page.locator(`.settings-editor .setting-item-contents.is-configured[data-key="${id}"]`).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+W');
}

export async function sidebarSteps(opts: { vsix: string; outDir: string; headed?: boolean; keepDirs?: boolean }, runStep: Step): Promise<void> {
  // A failed step leaves its screen in the output folder (the caller's own screenshots see no page).
  const step: Step = (name, fn) =>
    runStep(name, async () => {
      try {
        await fn();
      } catch (err) {
        if (session) await session.page.screenshot({ path: path.join(opts.outDir, 'sidebar-FAILED.png') }).catch(() => undefined);
        throw err;
      }
    });
  let server: TestServer | undefined;
  let cs: CodeServer | undefined;
  let session: BrowserSession | undefined;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-e2e-side-ws-'));
  fs.writeFileSync(path.join(workspace, 'clamp.ts'), SAMPLE);
  const page = () => {
    if (!session) throw new Error('no page');
    return session.page;
  };
  const shot = async (name: string): Promise<string> => {
    const file = path.join(opts.outDir, `sidebar-${name}.png`);
    await painted(page());
    await page().screenshot({ path: file });
    return file;
  };
  const chats = () => server!.requests.filter((r) => r.method === 'POST' && /chat\/completions/.test(r.path));
  try {
    await step('Side bar: code-server with no key and the default base URL', async () => {
      server = await startTestServer({ host: '127.0.0.1' });
      server.account.models = [MODEL];
      cs = await startCodeServer({
        folder: workspace,
        installExtensions: [opts.vsix],
        logFile: path.join(opts.outDir, 'code-server-sidebar.log'),
        keepDirs: opts.keepDirs,
        settings: { 'workbench.editor.enablePreview': false },
      });
      session = await launchBrowser({ headless: !opts.headed, width: 1400, height: 860 });
      await page().goto(cs.workbenchUrl(workspace));
      await waitForWorkbench(page());
      await page().locator('.explorer-folders-view .monaco-list-row', { hasText: 'clamp.ts' }).first().waitFor({ timeout: 60_000 });
    });

    await step('Side bar: the DeepSeek icon in the activity bar opens the welcome (Set API Key, get a key, local server)', async () => {
      const icon = page().locator('.activitybar .action-item a.action-label[aria-label^="DeepSeek"]').first();
      await icon.waitFor({ state: 'visible', timeout: 60_000 });
      await icon.click();
      const welcome = page().locator('.part.sidebar .welcome-view-content').first();
      await welcome.getByRole('button', { name: 'Set API Key' }).waitFor({ state: 'visible', timeout: 60_000 });
      const text = await welcome.innerText();
      for (const part of ['platform.deepseek.com', 'Use a Local Server']) if (!text.includes(part)) throw new Error(`the welcome lacks "${part}": ${text}`);
      shots['welcome.png'] = await shot('welcome');
    });

    await step('Side bar: Set API Key from the welcome → the chat replaces it; pointing it at the test server shows the model', async () => {
      await page().locator('.part.sidebar .welcome-view-content').getByRole('button', { name: 'Set API Key' }).click();
      const input = await quickInput(page(), { password: true });
      await input.pressSequentially(KEY, { delay: 5 });
      await page().keyboard.press('Enter');
      await chatFrameIn(page(), '.part.sidebar');
      // The key is set; now the server: the test server, typed into the Settings editor as a user would.
      await setInSettingsEditor(page(), 'deepseek.baseUrl', server!.url);
      // Select Model lists the test server's models only once the extension uses the new base URL.
      await runCommand(page(), 'DeepSeek: Select Model');
      const row = page().locator('.quick-input-widget .monaco-list-row', { hasText: MODEL }).first();
      await row.waitFor({ state: 'visible', timeout: 60_000 });
      await row.click();
      // The page may have been rebuilt while Settings covered it: look the frame up again each time.
      await poll('the view to show the model picked', async () => {
        const view = await chatFrameIn(page(), '.part.sidebar', 5_000);
        return (await view.locator('.model-switch').innerText()).includes(MODEL);
      }, 60_000);
    });

    await step('Side bar: a question typed in the view streams its answer there (no editor tab)', async () => {
      const frame = await chatFrameIn(page(), '.part.sidebar');
      server!.enqueue(answer(ANSWER, { deltaSize: 4, delayMs: 15 }));
      const before = chats().length;
      const box = frame.locator('textarea').first();
      await box.click();
      await box.fill(QUESTION);
      await box.press('Enter');
      const req = await poll('the request', async () => chats().slice(before)[0], 30_000);
      // The key typed in the welcome belongs to DeepSeek's server (the base URL then); a local server
      // it was not saved for must not receive it.
      const sent = (req.headers as Record<string, unknown>)['authorization'];
      if (typeof sent === 'string' && sent.includes(KEY)) throw new Error('the key saved for api.deepseek.com went to the local test server');
      await poll('the rendered answer in the view', async () => (await frame.locator('[role="log"] h2', { hasText: 'In the side bar' }).count()) > 0, 30_000);
      await poll('the answer to finish', async () => req.closedAt !== undefined && (await frame.locator('[aria-busy="true"]').count()) === 0, 30_000);
      if (await editorTab(page()).count()) throw new Error('a DeepSeek editor tab was opened');
      shots['media/walkthrough/ask.png'] = await shot('answer-in-view');
    });

    await step('Side bar: select code → DeepSeek: Explain Selection → the answer appears in the view', async () => {
      await openFile(page(), 'clamp.ts');
      await page().locator('.monaco-editor .view-lines', { hasText: 'clamp' }).first().click();
      await page().keyboard.press('Control+Home');
      await page().keyboard.press('ArrowDown');
      for (let i = 0; i < 3; i++) await page().keyboard.press('Shift+ArrowDown');
      const before = chats().length;
      await runCommand(page(), 'DeepSeek: Explain Selection');
      const req = await poll('the Explain Selection request', async () => chats().slice(before)[0], 30_000);
      const frame = await chatFrameIn(page(), '.part.sidebar');
      await poll('the explanation in the view', async () => (await logText(frame)).includes('test server'), 30_000);
      await poll('the answer to finish', async () => req.closedAt !== undefined, 30_000);
      if (await editorTab(page()).count()) throw new Error('Explain Selection opened a DeepSeek editor tab');
      shots['media/walkthrough/explain.png'] = await shot('explain-in-view');
      // The README's picture: the code and its explanation side by side.
      shots['sidebar.png'] = shots['media/walkthrough/explain.png'];
    });

    let before = '';
    await step('Side bar: Open in Editor (view title bar) moves the conversation with its text to a tab; Move to Side Bar brings it back', async () => {
      const side = await chatFrameIn(page(), '.part.sidebar');
      before = normalize(await logText(side));
      // A question typed but not sent moves too.
      await side.locator('textarea.input').fill('a question typed in the view, not sent');
      await page().locator('.part.sidebar a.action-label[aria-label*="Open in Editor"]').first().click();
      await editorTab(page()).first().waitFor({ state: 'visible', timeout: 30_000 });
      const tab = await chatFrameIn(page(), '.part.editor');
      await poll('the same conversation in the tab', async () => normalize(await logText(tab)) === before, 30_000);
      await poll('the unsent question in the tab', async () => (await tab.locator('textarea.input').inputValue()) === 'a question typed in the view, not sent', 30_000);
      await tab.locator('textarea.input').fill('edited in the tab');
      await page().locator('.part.editor .editor-actions a.action-label[aria-label*="Move to Side Bar"]').first().click();
      await editorTab(page()).first().waitFor({ state: 'detached', timeout: 30_000 });
      const view = await chatFrameIn(page(), '.part.sidebar');
      await poll('the same conversation back in the view', async () => normalize(await logText(view)) === before, 30_000);
      await poll('the unsent question, as edited in the tab, back in the view', async () => (await view.locator('textarea.input').inputValue()) === 'edited in the tab', 30_000);
      await view.locator('textarea.input').fill('');
    });

    await step('Side bar: Developer: Reload Window → the view shows the same conversation', async () => {
      await reloadWindow(page());
      const frame = await chatFrameIn(page(), '.part.sidebar', 90_000);
      await poll('the conversation after the reload', async () => normalize(await logText(frame)) === before, 60_000);
    });

    await step('Side bar: Welcome: Open Walkthrough… → Get started with DeepSeek Assistant', async () => {
      await runCommand(page(), 'Welcome: Open Walkthrough...');
      const input = await quickInput(page());
      await input.fill('DeepSeek');
      // The only row once filtered, and focused: Enter opens it (a click can land while the list re-renders).
      await poll('the walkthrough as the only row', async () => (await page().locator('.quick-input-widget .monaco-list-row').allInnerTexts()).join('|').includes('Get started with DeepSeek') && (await page().locator('.quick-input-widget .monaco-list-row').count()) === 1, 30_000);
      await page().keyboard.press('Enter');
      await page().locator('.gettingStartedContainer', { hasText: 'Set your API key' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      shots['walkthrough.png'] = await shot('walkthrough');
    });
  } finally {
    await session?.close();
    await cs?.stop();
    await server?.close();
    if (!opts.keepDirs) fs.rmSync(workspace, { recursive: true, force: true });
  }
}

// `npx tsx test/e2e/sidebar.ts [--headed] [--keep] [--docs-screenshot]` (after `npm run package`):
// only these steps, for working on them.
if (require.main === module) {
  void (async () => {
    const repo = path.resolve(__dirname, '..', '..');
    const outDir = path.join(repo, 'test-output', 'e2e-sidebar');
    fs.mkdirSync(outDir, { recursive: true });
    const { step, finish } = standaloneRun();
    await sidebarSteps({ vsix: path.join(repo, 'deepseek-assistant.vsix'), outDir, headed: process.argv.includes('--headed'), keepDirs: process.argv.includes('--keep') }, step);
    if (process.argv.includes('--docs-screenshot')) for (const f of copySidebarDocsShots(repo)) console.log(`  copied a screenshot to ${f}`);
    finish();
  })();
}
