// End-to-end steps for attachments and Edit Selection, called from run.ts: Add File to Chat → the
// chip shows → ask in the panel → the request carries the file; Edit Selection on a function → the
// diff fills while the answer streams → Accept → save → the file on disk has the new code.

import { copyIntoDocs } from './docsShots';
import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { answer, type Scenario, type startTestServer } from '../server';
import { chatFrame, clearNotifications, painted, poll, quickInput, runCommand } from './workbench';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export interface EditsContext {
  page: Page;
  server: TestServer;
  /** Absolute path of the sample file (src/median.ts) on disk. */
  file: string;
  /** Its content as written before the run. */
  original: string;
  /** Saves a screenshot named `name` and returns its path. */
  shot(name: string): Promise<string | undefined>;
}

/** Screenshots for the README, copied to docs/ by `--docs-screenshot`. */
export const docsShots: Record<string, string> = {};

function chatRequests(server: TestServer) {
  return server.requests.filter((r) => r.method === 'POST' && /chat\/completions/.test(r.path));
}

function lastUser(req: TestServer['requests'][number]): string {
  const msgs = (req.body as { messages?: Array<{ role: string; content: string }> }).messages ?? [];
  return [...msgs].reverse().find((m) => m.role === 'user')?.content ?? '';
}

function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

async function focusEditor(page: Page, text: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines', { hasText: text }).first().click();
}

export async function addFileToChatAndAsk(ctx: EditsContext): Promise<void> {
  const { page, server } = ctx;
  await focusEditor(page, 'median');
  await runCommand(page, 'DeepSeek: Add File to Chat');
  const f = await chatFrame(page);
  const chip = f.locator('.context-chip:not(.context-suggestion)', { hasText: 'median.ts' }).first();
  await chip.waitFor({ state: 'visible', timeout: 30_000 });
  const tokens = (await chip.locator('.context-tokens').innerText()).trim();
  check(/^≈\d+ tokens$/.test(tokens), `the chip shows "${tokens}"`);
  const box = f.locator('textarea').first();
  await box.click();
  await box.fill('What does this file compute?');
  await painted(f);
  docsShots['chips.png'] = (await ctx.shot('attachment-chips')) ?? '';
  const before = chatRequests(server).length;
  await box.press('Enter');
  const req = await poll('the request with the file', async () => chatRequests(server).slice(before)[0], 30_000);
  const sent = lastUser(req);
  check(sent.includes('File `src/median.ts`:'), `the file is not named in the request:\n${sent.slice(0, 400)}`);
  check(sent.includes(ctx.original.trimEnd()), 'the file content is not in the request');
  check(sent.endsWith('What does this file compute?'), 'the question is not last');
  await poll('the chip to go once sent', async () => (await f.locator('.context-chip:not(.context-suggestion)').count()) === 0, 30_000);
  await poll('"Attached: median.ts" in the turn', async () => /Attached: median\.ts/.test(await f.locator('[role="log"]').innerText()), 30_000);
  await poll('the answer to finish', async () => req.closedAt !== undefined, 30_000);
}

const NEW_FUNCTION = [
  'export function median(values: number[]): number {',
  '  if (values.length === 0) throw new RangeError(\'median of an empty list\');',
  '  const sorted = [...values].sort((a, b) => a - b);',
  '  const mid = Math.floor(sorted.length / 2);',
  '  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;',
  '}',
].join('\n');

/** The answer's text written up to each step (from the SSE chunks' content deltas). */
function contentOf(write: string): string {
  return [...write.matchAll(/^data: (\{.*\})$/gm)]
    .map((m) => (JSON.parse(m[1]!) as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]?.delta?.content ?? '')
    .join('');
}

/** Holds the stream right after `marker` was written, until `release` settles. */
function holdAfter(s: Scenario, marker: string, release: Promise<unknown>): Scenario {
  let text = '';
  const at = s.steps.findIndex((step) => 'write' in step && typeof step.write === 'string' && (text += contentOf(step.write)).includes(marker));
  if (at < 0) throw new Error(`"${marker}" is not in the scenario`);
  s.steps.splice(at + 1, 0, { until: release });
  return s;
}

export async function editSelectionAccept(ctx: EditsContext): Promise<void> {
  const { server } = ctx;
  // The model answers dedented-safe, with chatter and a fence; the stream holds after the guard's
  // line until the live diff was checked and shot (however slow the machine), then goes on.
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  const text = `Here is the function with a guard:\n\n\`\`\`ts\n${NEW_FUNCTION}\n\`\`\`\n\nIt throws on an empty list.`;
  server.enqueue(holdAfter(answer(text, { deltaSize: 3, delayMs: 40 }), "RangeError('", released));
  try {
    await reviewLiveDiff(ctx);
  } finally {
    release();
  }
  await acceptAndSave(ctx);
}

/** Edit Selection on the function: the proposal fills the diff while the answer streams. */
async function reviewLiveDiff(ctx: EditsContext): Promise<void> {
  const { page, server } = ctx;
  await focusEditor(page, 'median');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowDown');
  const before = chatRequests(server).length;
  await runCommand(page, 'DeepSeek: Edit Selection');
  const input = await quickInput(page);
  await input.fill('Throw a RangeError on an empty list');
  await page.keyboard.press('Enter');
  const req = await poll('the edit request', async () => chatRequests(server).slice(before)[0], 30_000);
  check(lastUser(req).includes('Throw a RangeError on an empty list'), 'the instruction is not in the request');

  const modified = page.locator('.monaco-diff-editor .editor.modified .view-lines').first();
  await modified.waitFor({ state: 'visible', timeout: 30_000 });
  // Part of the new code is in the diff while the server is still sending.
  await poll('part of the proposal in the diff while streaming', async () => (await modified.innerText()).includes('RangeError') && req.closedAt === undefined, 20_000, 50);
  const partial = await modified.innerText();
  check(!partial.includes('It throws on an empty list'), 'chatter reached the diff');
  docsShots['edit-diff.png'] = (await ctx.shot('edit-selection-live-diff')) ?? '';
  check(req.closedAt === undefined, 'the answer ended before the screenshot');
}

/** Accept on the finished proposal: the diff closes and the new code is saved. */
async function acceptAndSave(ctx: EditsContext): Promise<void> {
  const { page } = ctx;
  const accept = page.locator('.editor-actions .action-label[aria-label*="Accept Edit"]').first();
  await accept.waitFor({ state: 'visible', timeout: 30_000 });
  check(fs.readFileSync(ctx.file, 'utf8') === ctx.original, 'the file changed before Accept');
  await accept.click();
  await poll('the diff to close', async () => (await page.locator('.monaco-diff-editor').count()) === 0, 30_000);
  await page.keyboard.press('Control+S');
  const expected = ctx.original.replace(ctx.original.split('\n').slice(1, 6).join('\n'), NEW_FUNCTION);
  await poll('the new code on disk', async () => fs.readFileSync(ctx.file, 'utf8') === expected, 30_000);
  await clearNotifications(page);
}

/** Copies the README screenshots into docs/. */
export function copyDocsShots(repoRoot: string): string[] {
  return copyIntoDocs(docsShots, repoRoot);
}
