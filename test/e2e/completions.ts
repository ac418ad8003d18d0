// End-to-end steps of completions as you type, as a user meets them in code-server: F1 → Turn
// Completions On/Off; typing in a TypeScript file shows the test server's FIM answer as ghost text;
// Tab puts it into the file (saved to disk); typing on while a slow request is in flight closes that
// request's socket (seen at the server); completions are turned off again for the later steps.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { startTestServer } from '../server';
import { openFile, poll, runCommand } from './workbench';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
type RecordedRequest = TestServer['requests'][number];

export interface CompletionsContext {
  page: () => Page | undefined;
  server: () => TestServer | undefined;
  workspace: string;
  step(name: string, fn: () => Promise<void>): Promise<void>;
}

function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

const fimRequests = (server: TestServer): RecordedRequest[] =>
  server.requests.filter((r) => r.method === 'POST' && /\/completions$/.test(r.path) && !r.path.endsWith('/chat/completions'));

const FILE = 'totals.ts';
const SOURCE = 'export function total(values: number[]): number {\n  \n}\n';
const COMPLETION = 'values.reduce((sum, v) => sum + v, 0);';
const ACTIVE_EDITOR = '.editor-group-container.active .editor-instance .monaco-editor';
const GHOST = `${ACTIVE_EDITOR} .ghost-text-decoration, ${ACTIVE_EDITOR} .ghost-text`;

/** Clicks into the empty body line of the sample and puts the cursor at its end. */
async function cursorInBody(page: Page): Promise<void> {
  await page.locator(`${ACTIVE_EDITOR} .view-line`).nth(1).click();
  await page.keyboard.press('End');
}

export async function completionsSteps(ctx: CompletionsContext): Promise<void> {
  await ctx.step('F1 → DeepSeek: Turn Completions On/Off → type in a file → ghost text from the server → Tab puts it into the file', async () => {
    const page = ctx.page();
    const server = ctx.server();
    assert(page && server, 'no page');
    server.fim.answer = () => COMPLETION;
    server.fim.pace = {};
    fs.writeFileSync(path.join(ctx.workspace, 'src', FILE), SOURCE);
    await runCommand(page, 'DeepSeek: Turn Completions On/Off');
    await openFile(page, FILE);
    await cursorInBody(page);
    const before = fimRequests(server).length;
    await page.keyboard.type('return ', { delay: 90 });
    const ghost = page.locator(GHOST).first();
    await ghost.waitFor({ state: 'visible', timeout: 30_000 });
    const shown = ((await page.locator(GHOST).allInnerTexts()).join('')).replace(/\u00a0/g, ' ');
    assert(shown.includes('values.reduce'), `the ghost text is "${shown}"`);
    const req = fimRequests(server).slice(before).at(-1);
    assert(req && String(req.body.prompt).endsWith('  return ') && String(req.body.suffix).startsWith('\n}'), `prompt/suffix: ${JSON.stringify(req?.body)}`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+S');
    const file = path.join(ctx.workspace, 'src', FILE);
    await poll('the accepted completion saved in the file', async () => fs.readFileSync(file, 'utf8').includes(`  return ${COMPLETION}\n`), 30_000);
  });

  await ctx.step('typing on through a slow suggestion aborts the stale request (its socket closed at the server)', async () => {
    const page = ctx.page();
    const server = ctx.server();
    assert(page && server, 'no page');
    // Slow enough that the user types on before any text arrives.
    server.fim.pace = { ttfbMs: 20_000 };
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const before = fimRequests(server).length;
    await page.keyboard.type('const n = ', { delay: 90 });
    const stale = await poll('the request after "const n = "', async () => fimRequests(server).slice(before).find((r) => String(r.body.prompt).endsWith('const n = ')), 30_000);
    await page.keyboard.type('values.len', { delay: 90 });
    await poll('the server to see the stale request closed by the client', async () => stale.clientAborted, 15_000);
    assert(stale.bytesWritten === 0, `the server had already sent ${stale.bytesWritten} bytes`);
    server.fim.pace = {};
    await page.keyboard.press('Escape');
    await runCommand(page, 'DeepSeek: Turn Completions On/Off');
    await runCommand(page, 'File: Revert File');
  });
}
