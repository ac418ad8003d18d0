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
 * Reloads the window with F1 → "Developer: Reload Window" (the extension host restarts). Fails when
 * the command did not reload the page: a marker set on the old page must be gone.
 */
export async function reloadWindow(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __dsBeforeReload?: number }).__dsBeforeReload = 1;
  });
  const reloaded = async () => {
    try {
      return await page.evaluate(() => (window as unknown as { __dsBeforeReload?: number }).__dsBeforeReload === undefined);
    } catch {
      return false; // navigating: the old page is going, the new one not there yet
    }
  };
  await runCommand(page, 'Developer: Reload Window');
  await poll('the window to reload after Developer: Reload Window', reloaded, timeoutMs, 200);
  await waitForWorkbench(page);
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
