// Driving the VS Code workbench (code-server in Chromium) the way a user does: F1, typing, Enter.

import type { Frame, Locator, Page } from 'playwright-core';
import { findFrame } from '../runners/browser';

const QUICK_INPUT = '.quick-input-widget';
/** VS Code's modal dialog (e.g. "Command '…' resulted in an error"). */
const ERROR_DIALOG = '.monaco-dialog-box';

/** How long a contributed command may take to appear in the palette after start (cold, loaded machine). */
export const COMMAND_REGISTERED_TIMEOUT_MS = 60_000;

/**
 * F1, type the command's palette label, run it. Right after start the extension host may not have
 * registered the extension's commands yet, so the query is retried (palette closed and reopened)
 * until the row appears; if it never does, the error names the command and what the palette listed.
 */
export async function runCommand(page: Page, label: string, timeoutMs = COMMAND_REGISTERED_TIMEOUT_MS): Promise<void> {
  const started = Date.now();
  let listed: string[] = [];
  for (let attempt = 1; ; attempt++) {
    await closeQuickInput(page);
    await page.keyboard.press('F1');
    const input = page.locator(`${QUICK_INPUT} input`).first();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`>${label}`);
    const rows = page.locator(`${QUICK_INPUT} .monaco-list-row`);
    const row = rows.filter({ hasText: label }).first();
    const left = timeoutMs - (Date.now() - started);
    const found = await row
      .waitFor({ state: 'visible', timeout: Math.max(500, Math.min(left, 2000 * attempt)) })
      .then(() => true)
      .catch(() => false);
    if (found) {
      await row.click();
      return;
    }
    listed = (await rows.allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
    if (Date.now() - started >= timeoutMs) {
      await closeQuickInput(page);
      throw new Error(
        `the command "${label}" is not in the command palette after ${Math.round(timeoutMs / 1000)} s ` +
          `(${attempt} tries): the extension did not register it. The palette listed: ${listed.length ? listed.slice(0, 8).join(' | ') : 'nothing'}`,
      );
    }
  }
}

/** Resolves after the page has painted twice more (a screenshot then shows what was just rendered). */
export async function painted(page: Page | Frame): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

/** Texts of the notification toasts, notification-center rows and dialogs on screen (for failure messages). */
export async function visibleNotifications(page: Page): Promise<string[]> {
  const items = page.locator(`.notifications-toasts .notification-toast, .notifications-center .notification-list-item, ${ERROR_DIALOG}`);
  const texts = await items.allInnerTexts().catch(() => [] as string[]);
  return texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/**
 * The visible quick-input box (input box of a command), after it opened. If VS Code shows an error
 * dialog instead (e.g. "command 'deepseek.x' not found" when the extension did not register it),
 * fails at once with the dialog's words.
 */
export async function quickInput(page: Page, opts: { password?: boolean } = {}): Promise<Locator> {
  const selector = opts.password ? `${QUICK_INPUT} input[type="password"]` : `${QUICK_INPUT} input`;
  const input = page.locator(selector).first();
  const dialog = page.locator(ERROR_DIALOG).first();
  const which = await Promise.race([
    input.waitFor({ state: 'visible', timeout: 30_000 }).then(() => 'input' as const),
    dialog.waitFor({ state: 'visible', timeout: 30_000 }).then(() => 'dialog' as const),
  ]).catch(() => 'none' as const);
  if (which === 'dialog' || (which === 'none' && (await dialog.isVisible().catch(() => false)))) {
    throw new Error(`VS Code showed an error instead of the input box: ${(await dialog.innerText()).replace(/\s+/g, ' ').trim()}`);
  }
  if (which === 'none') await input.waitFor({ state: 'visible', timeout: 1 }); // throws with the locator's own message
  return input;
}

export async function closeQuickInput(page: Page): Promise<void> {
  const widget = page.locator(`${QUICK_INPUT}`).first();
  if (await widget.isVisible().catch(() => false)) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 30_000 });
  }
}

/** Quick Open (Ctrl+P) a file by name. */
export async function openFile(page: Page, name: string): Promise<void> {
  await closeQuickInput(page);
  await page.keyboard.press('Control+P');
  const input = page.locator(`${QUICK_INPUT} input`).first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(name);
  // The file index may still be building right after start: 60 s for the row.
  const row = page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: 60_000 });
  await page.keyboard.press('Enter');
  await page
    .locator('.tabs-container .tab', { hasText: name })
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
}

/** The chat panel's webview document (nested iframes). */
export function chatFrame(page: Page, timeoutMs = 60_000): Promise<Frame> {
  return findFrame(page, '[role="log"]', timeoutMs);
}

export async function poll<T>(
  what: string,
  probe: () => Promise<T | undefined | false | null>,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? ` (${String(lastErr)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Dismisses notification toasts so they do not cover the panel in screenshots. */
export async function clearNotifications(page: Page): Promise<void> {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  if ((await toasts.count().catch(() => 0)) === 0) return;
  await runCommand(page, 'Notifications: Clear All Notifications');
  await closeQuickInput(page);
}
