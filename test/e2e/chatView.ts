// End-to-end: DeepSeek inside VS Code's own Chat view. Its own code-server run (the panel run keeps
// VS Code's chat features off): chat re-enabled and `chat.allowAnonymousAccess: true`, the packaged
// .vsix installed, the test server on loopback (no key needed there). Steps: pick a DeepSeek model,
// ask in Agent mode and watch it stream; a tool call reads a workspace file through the test server
// and the result comes back; `@deepseek /explain` on a selection streams.

import { copyIntoDocs } from './docsShots';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { answer, startTestServer, toolCallAnswer, type Scenario } from '../server';
import { launchBrowser, waitForWorkbench, type BrowserSession } from '../runners/browser';
import { startCodeServer, type CodeServer } from '../runners/codeServer';
import { failureReport } from './diagnostics';
import { standaloneRun, type Step } from './standalone';
import { openFile, painted, poll, runCommand } from './workbench';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** What VS Code's chat needs back on (QUIET_SETTINGS turns it off for the panel run). */
export const CHAT_SETTINGS: Record<string, unknown> = {
  'chat.disableAIFeatures': false,
  'chat.agent.enabled': true,
  'chat.commandCenter.enabled': true,
  'chat.setupFromDialog': true,
  // Signed out, Ask/Agent prompts ask to sign in to GitHub without this user setting.
  'chat.allowAnonymousAccess': true,
};

const SECRET = 'PINEAPPLE-42';
const NOTES = `# Notes\n\nThe secret word is ${SECRET}.\n`;
const AGENT_ANSWER = 'DeepSeek here, answering in **Agent mode** through the test server: streaming works.';
const SAMPLE = ['// explain me', 'export function clamp(x: number, lo: number, hi: number): number {', '  return Math.min(hi, Math.max(lo, x));', '}', ''].join('\n');

function messagesOf(body: any): Array<{ role: string; content: string; tool_call_id?: string }> {
  return Array.isArray(body?.messages) ? body.messages : [];
}

function lastUserText(body: any): string {
  const user = [...messagesOf(body)].reverse().find((m) => m.role === 'user');
  return typeof user?.content === 'string' ? user.content : '';
}

/**
 * Answers the Chat view like a model would: a read-file tool call when asked for the secret (with
 * arguments built from the tool's own schema), the tool result quoted back, otherwise plain text.
 */
function responder(workspace: string): (body: any) => Scenario | undefined {
  return (body) => {
    const msgs = messagesOf(body);
    const last = msgs[msgs.length - 1];
    if (last?.role === 'tool') {
      const secret = String(last.content).match(/PINEAPPLE-\d+/)?.[0] ?? 'NOT FOUND';
      return answer(`The file says the secret word is ${secret} (read with a tool call).`, { deltaSize: 4, delayMs: 10 });
    }
    const tools: Array<{ function: { name: string; parameters?: any } }> = Array.isArray(body?.tools) ? body.tools : [];
    if (lastUserText(body).includes('secret word') && tools.length > 0) {
      const tool = tools.find((t) => /^read_?file$/i.test(t.function.name)) ?? tools.find((t) => /read.*file/i.test(t.function.name));
      if (!tool) return answer(`No read-file tool among: ${tools.map((t) => t.function.name).join(', ')}`);
      const props: Record<string, any> = tool.function.parameters?.properties ?? {};
      const args: Record<string, unknown> = {};
      for (const [name, schema] of Object.entries(props)) {
        if (/path|file|uri/i.test(name)) args[name] = path.join(workspace, 'notes.md');
        else if (/start|offset/i.test(name) && schema?.type !== 'string') args[name] = 1;
        else if (/end|limit/i.test(name) && schema?.type !== 'string') args[name] = 50;
      }
      return toolCallAnswer([{ id: 'call_e2e_read', name: tool.function.name, arguments: JSON.stringify(args) }], { reasoning: 'I should read notes.md.' });
    }
    if (lastUserText(body).includes('Agent mode please')) return answer(AGENT_ANSWER, { deltaSize: 3, delayMs: 15 });
    return undefined;
  };
}

/** Screenshots for the README (docs/ name → file), copied there by `npm run test:e2e -- --docs-screenshot`. */
const docsShots: Record<string, string | undefined> = {};

export function copyChatDocsShots(repoRoot: string): string[] {
  return copyIntoDocs(docsShots, repoRoot);
}

/** The chat input (a Monaco editor): click, type, Enter. */
async function chatInput(page: Page): Promise<Locator> {
  const input = page.locator('.interactive-input-part .monaco-editor').first();
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  return input;
}

async function send(page: Page, text: string): Promise<void> {
  const input = await chatInput(page);
  await input.click();
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Enter');
}

/**
 * The text of every request and response shown in the Chat view. Its list reuses and positions row
 * elements, so DOM order is not display order: callers look for text only their step's answer has.
 */
async function chatText(page: Page): Promise<string> {
  return (await page.locator('.interactive-item-container').allInnerTexts()).join('\n');
}

export interface ChatViewRun {
  steps(step: Step, shot: (name: string) => Promise<string | undefined>): Promise<void>;
  close(): Promise<void>;
  page(): Page | undefined;
  /** The code-server profile (its logs/ hold the extension host's and our output channel's logs). */
  userDataDir(): string | undefined;
}

export function chatViewRun(opts: { vsix: string; outDir: string; headed?: boolean; keepDirs?: boolean }): ChatViewRun {
  let server: TestServer | undefined;
  let cs: CodeServer | undefined;
  let session: BrowserSession | undefined;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-e2e-chat-ws-'));
  fs.writeFileSync(path.join(workspace, 'notes.md'), NOTES);
  fs.writeFileSync(path.join(workspace, 'clamp.ts'), SAMPLE);

  const chats = () => server!.requests.filter((r) => r.method === 'POST' && /chat\/completions/.test(r.path));

  return {
    page: () => session?.page,
    userDataDir: () => cs?.userDataDir,
    async close() {
      await session?.close();
      await cs?.stop();
      await server?.close();
      if (!opts.keepDirs) fs.rmSync(workspace, { recursive: true, force: true });
    },
    async steps(step, shot) {
      await step('Chat view: code-server with chat enabled (allowAnonymousAccess) and the .vsix', async () => {
        server = await startTestServer({ host: '127.0.0.1' });
        server.responder = responder(workspace);
        cs = await startCodeServer({
          folder: workspace,
          installExtensions: [opts.vsix],
          logFile: path.join(opts.outDir, 'code-server-chat.log'),
          keepDirs: opts.keepDirs,
          settings: { ...CHAT_SETTINGS, 'deepseek.baseUrl': server.url, 'workbench.editor.enablePreview': false },
        });
        session = await launchBrowser({ headless: !opts.headed, width: 1400, height: 860 });
        await session.page.goto(cs.workbenchUrl(workspace));
        await waitForWorkbench(session.page);
        await session.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'notes.md' }).first().waitFor({ timeout: 30_000 });
      });

      await step('Chat view: open Chat, pick a DeepSeek model in the picker', async () => {
        const page = session!.page;
        await runCommand(page, 'Chat: Open Chat');
        await chatInput(page);
        // The picker's dropdown (a context view) lists the provider's models once the extension has
        // activated and VS Code has asked it for them; reopen it until a DeepSeek model is a row there
        // (VS Code shows one of them first, the other under "Other Models").
        // (The picker button itself may already name one: only rows of the dropdown count.)
        const picker = page.locator('.interactive-input-part .model-picker-item').first();
        const rows = page.locator('.context-view .monaco-list-row');
        const row = (text: string) => rows.filter({ hasText: text }).first();
        await poll(
          'a DeepSeek model as a row of the Chat view\'s model picker',
          async () => {
            if (!(await rows.first().isVisible().catch(() => false))) await picker.click();
            if (await row('DeepSeek V4').isVisible().catch(() => false)) return true;
            await page.keyboard.press('Escape');
            return false;
          },
          90_000,
          1000,
        ).catch(async (err: unknown) => {
          const asked = server!.requests.filter((r) => r.path.endsWith('/models')).length;
          const listed = (await rows.allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' ').trim());
          throw new Error(`${err instanceof Error ? err.message : String(err)} (GET /models asked ${asked} times; the picker listed: ${listed.join(' | ') || 'nothing'})`);
        });
        // Models not picked yet sit under a collapsed "Other Models" group: open it, both must be there.
        // Expanding re-lays the dropdown out (seen once: it jumped to the corner, empty), so the
        // dropdown is reopened whenever it is not showing its rows.
        await poll(
          'DeepSeek V4.1 Flash and DeepSeek V4 Pro (the test server\'s models) both as rows of the picker',
          async () => {
            if (!(await row('DeepSeek V4').isVisible().catch(() => false))) {
              await page.keyboard.press('Escape');
              await picker.click();
              return false;
            }
            if ((await row('DeepSeek V4 Pro').isVisible().catch(() => false)) && (await row('DeepSeek V4.1 Flash').isVisible().catch(() => false))) return true;
            const other = row('Other Models');
            if (await other.isVisible().catch(() => false)) await other.click();
            return false;
          },
          30_000,
          1000,
        ).catch(async (err: unknown) => {
          const listed = (await rows.allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' ').trim());
          throw new Error(`${err instanceof Error ? err.message : String(err)}; the picker listed: ${listed.join(' | ') || 'nothing'}`);
        });
        await painted(page);
        docsShots['chat-view-picker.png'] = await shot('chat-view-picker');
        await row('DeepSeek V4.1 Flash').click();
        await rows.first().waitFor({ state: 'hidden', timeout: 10_000 });
        await poll('the picker to show DeepSeek V4.1 Flash', async () => /DeepSeek V4.1 Flash/.test(await picker.innerText()), 10_000);
      });

      await step('Chat view: ask in Agent mode → the answer streams from the test server', async () => {
        const page = session!.page;
        const before = chats().length;
        await send(page, 'Say hello, Agent mode please');
        const req = await poll('the Agent-mode request at the test server', async () => chats().slice(before).find((r) => lastUserText(r.body).includes('Agent mode please')), 60_000);
        const body = req.body as { model: string; tools?: unknown[] };
        if (body.model !== 'deepseek-flash') throw new Error(`the request asked for ${body.model}`);
        console.log(`      (Agent mode sent ${body.tools?.length ?? 0} tools)`);
        await poll('the streamed answer in the Chat view', async () => (await chatText(page)).includes('streaming works'), 60_000);
        await shot('chat-view-agent-answer');
      });

      await step('Chat view: a read-file tool call round-trips through the test server', async () => {
        const page = session!.page;
        const before = chats().length;
        await send(page, 'What is the secret word in notes.md?');
        const toolReq = await poll(
          'the follow-up request carrying the tool result',
          async () => chats().slice(before).find((r) => messagesOf(r.body).some((m) => m.role === 'tool' && m.tool_call_id === 'call_e2e_read')),
          90_000,
        );
        const toolMsg = messagesOf(toolReq.body).find((m) => m.role === 'tool')!;
        if (!String(toolMsg.content).includes(SECRET)) throw new Error(`the tool result does not hold the file: ${String(toolMsg.content).slice(0, 200)}`);
        const assistant = messagesOf(toolReq.body).find((m) => (m as { tool_calls?: unknown }).tool_calls) as { reasoning_content?: string } | undefined;
        console.log(`      (tool result ${String(toolMsg.content).length} chars; reasoning sent back: ${JSON.stringify(assistant?.reasoning_content ?? null)})`);
        await poll('the answer quoting the file', async () => (await chatText(page)).includes(`file says the secret word is ${SECRET}`), 60_000);
        await painted(page);
        // Agent mode in the README: the plain answer above, the tool-call round trip below it.
        docsShots['chat-view-agent.png'] = await shot('chat-view-tool-call');
      });

      await step('Chat view: @deepseek /explain on a selection streams', async () => {
        const page = session!.page;
        await openFile(page, 'clamp.ts');
        await page.locator('.monaco-editor .view-lines', { hasText: 'clamp' }).first().click();
        await page.keyboard.press('Control+Home');
        await page.keyboard.press('ArrowDown');
        for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
        const before = chats().length;
        await send(page, '@deepseek /explain ');
        const req = await poll('the @deepseek /explain request', async () => chats().slice(before).find((r) => lastUserText(r.body).includes('Math.min(hi, Math.max(lo, x))')), 60_000);
        const sent = lastUserText(req.body);
        if (sent.includes('// explain me')) throw new Error('the unselected first line was sent');
        if (!/```typescript/.test(sent)) throw new Error('the code was not tagged as typescript');
        await poll('the @deepseek answer in the Chat view', async () => (await chatText(page)).includes('streams markdown like a real model'), 60_000);
        await shot('chat-view-deepseek-explain');
      });
    },
  };
}

// `npx tsx test/e2e/chatView.ts [--headed] [--keep] [--docs-screenshot]` (after `npm run package`):
// only these steps, for working on them.
if (require.main === module) {
  void (async () => {
    const repo = path.resolve(__dirname, '..', '..');
    const outDir = path.join(repo, 'test-output', 'e2e-chat');
    fs.mkdirSync(outDir, { recursive: true });
    const run = chatViewRun({ vsix: path.join(repo, 'deepseek-assistant.vsix'), outDir, headed: process.argv.includes('--headed'), keepDirs: process.argv.includes('--keep') });
    let n = 0;
    const shot = async (name: string) => {
      const file = path.join(outDir, `${String(++n).padStart(2, '0')}-${name}.png`);
      await run.page()?.screenshot({ path: file }).catch(() => undefined);
      return file;
    };
    const { step, finish } = standaloneRun(async () =>
      failureReport({ page: run.page(), screenshot: await shot('FAILED'), codeServerLog: path.join(outDir, 'code-server-chat.log'), userDataDir: run.userDataDir() }),
    );
    try {
      await run.steps(step, shot);
    } finally {
      await run.close();
    }
    if (process.argv.includes('--docs-screenshot')) for (const f of copyChatDocsShots(repo)) console.log(`  copied a screenshot to ${f}`);
    finish();
  })();
}
