// End-to-end step for images in the panel: paste a PNG into the panel's input of a real VS Code, see
// its chip, send the question, and the test server receives the image as an image_url content part
// of the user message (the default model, deepseek-flash, takes images).

import type { Page } from 'playwright-core';
import type { TestServer } from '../server';
import { chatFrame, painted, poll } from './workbench';

function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

type Part = { type: string; text?: string; image_url?: { url: string } };

/** The content parts of the last user message of a chat request, if it has parts. */
function lastUserParts(req: TestServer['requests'][number]): Part[] | undefined {
  const msgs = (req.body as { messages?: Array<{ role: string; content: unknown }> }).messages ?? [];
  const content = [...msgs].reverse().find((m) => m.role === 'user')?.content;
  return Array.isArray(content) ? (content as Part[]) : undefined;
}

export async function pasteImageAndAsk(page: Page, server: TestServer, shot: (name: string) => Promise<string | undefined>): Promise<void> {
  const f = await chatFrame(page);
  const box = f.locator('textarea').first();
  await box.click();
  // What the clipboard hands the page when a screenshot is pasted: a PNG file.
  await box.evaluate(async (el) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#3c78d8';
    ctx.fillRect(0, 0, 64, 48);
    ctx.fillStyle = '#fff';
    ctx.fillRect(8, 8, 20, 12);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], 'pasted-screenshot.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  });
  const chip = f.locator('.image-chip', { hasText: 'pasted-screenshot.png' }).first();
  await chip.waitFor({ state: 'visible', timeout: 30_000 });
  await box.fill('What is in this screenshot?');
  await painted(f);
  await shot('image-chip');
  const chats = () => server.requests.filter((r) => r.method === 'POST' && /chat\/completions/.test(r.path));
  const before = chats().length;
  await box.press('Enter');
  const req = await poll('the request with the image', async () => chats().slice(before)[0], 30_000);
  const parts = lastUserParts(req);
  check(parts, `the user message is not content parts: ${JSON.stringify(req.body).slice(0, 300)}`);
  check(parts.some((p) => p.type === 'text' && p.text === 'What is in this screenshot?'), 'the question is not a text part');
  const image = parts.find((p) => p.type === 'image_url');
  check(image?.image_url?.url.startsWith('data:image/png;base64,'), `no PNG image_url part: ${JSON.stringify(parts).slice(0, 300)}`);
  await poll('the image in the sent question', async () => (await f.locator('[role="log"] img.question-image').count()) > 0, 30_000);
  await poll('the answer to finish', async () => req.closedAt !== undefined, 30_000);
}
