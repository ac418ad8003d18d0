// Helpers of the end-to-end "nothing lost" steps: reloading the window the way a user does, reading
// the chat panel after it came back, and the saved conversations in the profile.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { waitForWorkbench } from '../runners/browser';
import { conversationsDirIn } from '../runners/plant';
import { poll, runCommand } from './workbench';

/** Collapses whitespace: rendered markdown (paragraphs) compared with its source text. */
export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Reloads the window with F1 → "Developer: Reload Window" (the extension host restarts); falls back
 * to page.reload() if the page did not reload. Returns how it was done.
 */
export async function reloadWindow(page: Page, timeoutMs = 30_000): Promise<'command' | 'page.reload'> {
  await page.evaluate(() => {
    (window as unknown as { __dsBeforeReload?: number }).__dsBeforeReload = 1;
  });
  const reloaded = async () => {
    try {
      return await page.evaluate(() => (window as unknown as { __dsBeforeReload?: number }).__dsBeforeReload === undefined);
    } catch {
      return false; // navigating
    }
  };
  let how: 'command' | 'page.reload' = 'command';
  try {
    await runCommand(page, 'Developer: Reload Window');
    await poll('the window to reload', reloaded, timeoutMs, 200);
  } catch {
    how = 'page.reload';
    await page.reload();
  }
  await waitForWorkbench(page);
  return how;
}

/** Text of the last answer in the panel (rendered). */
export async function lastAnswerText(frame: Frame): Promise<string> {
  const answers = frame.locator('[role="log"] .answer-body');
  const n = await answers.count();
  return n === 0 ? '' : answers.nth(n - 1).innerText();
}

export interface SavedTurn {
  question: string;
  answer: string;
  status: string;
}

/** The saved turn with this question in the profile's conversations folder, if any. */
export function savedTurn(userDataDir: string, question: string): SavedTurn | undefined {
  const dir = conversationsDirIn(userDataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return undefined;
  }
  for (const n of names) {
    try {
      const c = JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')) as { turns?: SavedTurn[] };
      const t = c.turns?.find((x) => x.question === question);
      if (t) return t;
    } catch {
      /* being replaced */
    }
  }
  return undefined;
}
