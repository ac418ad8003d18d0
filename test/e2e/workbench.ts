// Driving the VS Code workbench (code-server in Chromium) the way a user does: F1, typing, Enter.

import type { Frame, Locator, Page } from 'playwright-core';
import { findFrame } from '../runners/browser';

const QUICK_INPUT = '.quick-input-widget';

/** F1, type the command's palette label, pick it. */
export async function runCommand(page: Page, label: string): Promise<void> {
  await closeQuickInput(page);
  await page.keyboard.press('F1');
  const input = page.locator(`${QUICK_INPUT} input`).first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${label}`);
  // Wait until the row for exactly this command is listed (first match is focused), then run it.
  const row = page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

/** The visible quick-input box (input box of a command), after it opened. */
export async function quickInput(page: Page, opts: { password?: boolean } = {}): Promise<Locator> {
  const selector = opts.password ? `${QUICK_INPUT} input[type="password"]` : `${QUICK_INPUT} input`;
  const input = page.locator(selector).first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  return input;
}

export async function closeQuickInput(page: Page): Promise<void> {
  if (await page.locator(`${QUICK_INPUT}`).first().isVisible().catch(() => false)) {
    await page.keyboard.press('Escape');
  }
}

/** Quick Open (Ctrl+P) a file by name. */
export async function openFile(page: Page, name: string): Promise<void> {
  await closeQuickInput(page);
  await page.keyboard.press('Control+P');
  const input = page.locator(`${QUICK_INPUT} input`).first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(name);
  const row = page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page
    .locator('.tabs-container .tab', { hasText: name })
    .first()
    .waitFor({ state: 'visible', timeout: 10_000 });
}

/** The chat panel's webview document (nested iframes). */
export function chatFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
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
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
  await closeQuickInput(page);
}
