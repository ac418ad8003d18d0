// End-to-end steps of DeepSeek: Write to New Document, as a user meets it in code-server: F1, the
// description typed into the input box, "No source" picked, the untitled editor filling, the
// progress notification with chars, tokens, tokens/s and "continuing (1 of 8)", then Cancel on the
// notification: the stream stops at the server and the editor keeps every line that arrived.

import type { Page } from 'playwright-core';
import { lengthCut, stalledAnswer, type Scenario } from '../server';
import type { startTestServer } from '../server';
import { scenarioText } from '../suite/sent';
import { poll, quickInput, runCommand } from './workbench';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
type RecordedRequest = TestServer['requests'][number];

export interface LongDocumentContext {
  page: () => Page | undefined;
  server: () => TestServer | undefined;
  step(name: string, fn: () => Promise<void>): Promise<void>;
  shot(name: string): Promise<string | undefined>;
}

const PART_ONE = Array.from({ length: 40 }, (_, i) => `Part one, line ${i + 1}: the guide starts here.\n`).join('');
const PART_TWO = Array.from({ length: 400 }, (_, i) => `Part two, line ${i + 1}: written after the output limit.\n`).join('');

function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

const chatRequests = (server: TestServer): RecordedRequest[] => server.requests.filter((r) => r.method === 'POST' && /chat\/completions/.test(r.path));

/** The editor of the active group (where the new document opened). */
const ACTIVE_EDITOR_LINES = '.editor-group-container.active .editor-instance .monaco-editor .view-lines';

/** The active editor's visible lines as text (Monaco renders spaces as no-break spaces). */
async function visibleLines(page: Page): Promise<string> {
  const text = await page.locator(ACTIVE_EDITOR_LINES).first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

export async function longDocumentSteps(ctx: LongDocumentContext): Promise<void> {
  let second: Scenario | undefined;
  let secondReq: RecordedRequest | undefined;

  await ctx.step('F1 → DeepSeek: Write to New Document → describe it → the untitled editor fills, the notification shows progress and "continuing (1 of 8)"', async () => {
    const page = ctx.page();
    const server = ctx.server();
    assert(page && server, 'no page');
    // The first part ends at the output limit; the second streams slowly (so there is time to look), then waits.
    second = stalledAnswer(PART_TWO, 120_000, { deltaSize: 12, delayMs: 15 });
    server.enqueue(lengthCut(PART_ONE, { deltaSize: 12, delayMs: 2 }), second);
    const before = chatRequests(server).length;
    await runCommand(page, 'DeepSeek: Write to New Document');
    const input = await quickInput(page);
    await input.fill('A step-by-step upgrade guide');
    await page.keyboard.press('Enter');
    // With an editor open the command asks for a source: pick "No source".
    const noSource = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'No source' }).first();
    const next = await poll(
      'the source question or the request',
      async () => ((await noSource.isVisible().catch(() => false)) ? 'asked' : chatRequests(server).slice(before)[0] ? 'sent' : undefined),
      30_000,
    );
    if (next === 'asked') await noSource.click();
    const first = await poll('the first request', async () => chatRequests(server).slice(before)[0], 30_000);
    const body = first.body as { messages: Array<{ role: string; content: string }> };
    assert(body.messages[body.messages.length - 1]!.content === 'A step-by-step upgrade guide', 'the description was not sent');
    secondReq = await poll('the continuation request', async () => chatRequests(server).slice(before)[1], 30_000);
    const last = (secondReq.body as { messages: Array<{ role: string; content: string; prefix?: boolean }> }).messages.at(-1)!;
    assert(last.prefix === true && last.content === PART_ONE, 'the continuation does not carry part one as the prefix');
    await page.locator('.tabs-container .tab', { hasText: /Untitled/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await poll('part two lines in the editor', async () => /Part (one|two), line \d+/.test(await visibleLines(page)), 30_000);
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'DeepSeek: writing' }).first();
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await poll(
      'the progress message with "continuing (1 of 8)"',
      async () => {
        const t = await toast.innerText();
        return /continuing \(1 of 8\)/.test(t) && /[\d,]+ chars/.test(t) && /tokens\/s/.test(t) ? t : undefined;
      },
      15_000,
    );
    assert(/\d:\d\d/.test(text), `no elapsed time in "${text}"`);
    await ctx.shot('long-document-streaming');
  });

  await ctx.step('Cancel on the progress notification → the stream stops at the server; the editor keeps every line that arrived', async () => {
    const page = ctx.page();
    assert(page && second && secondReq, 'no page');
    const req = secondReq;
    assert(req.closedAt === undefined, 'part two ended before Cancel');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'DeepSeek: writing' }).first();
    await toast.hover();
    await toast.getByRole('button', { name: /cancel/i }).first().click();
    await poll('the server to see the stream closed', async () => req.clientAborted && req.closedAt !== undefined, 30_000);
    await page.locator('.notifications-toasts .notification-toast', { hasText: /Stopped writing/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // The whole document, as the user would copy it: Ctrl+A, Ctrl+C in the editor.
    await page.locator(ACTIVE_EDITOR_LINES).first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    const text = await poll('the document text on the clipboard', async () => {
      const t = await page.evaluate(() => navigator.clipboard.readText());
      return t.startsWith('Part one') ? t : undefined;
    }, 30_000);
    await page.keyboard.press('Control+End');
    // Everything shown is what the server sent, in order (nothing made up, nothing doubled); the
    // part two text that reached the editor is still there after Cancel; the rest never came.
    const sent = PART_ONE + scenarioText(second, req.bytesWritten);
    assert(sent.startsWith(text), `the editor's text is not a prefix of what the server sent (${text.length} vs ${sent.length} chars)`);
    assert(text.length > PART_ONE.length + 200, `little of part two is in the editor (${text.length - PART_ONE.length} chars)`);
    assert(text.length < (PART_ONE + PART_TWO).length, 'the whole document arrived: Cancel did nothing');
    console.log(`      (after Cancel the editor holds ${text.length} chars; the server had written ${sent.length})`);
    await ctx.shot('long-document-cancelled');
  });
}
