// End-to-end steps for the model picker: the status bar shows the model; F1 → DeepSeek: Select Model
// lists the server's models; picking one changes the status bar and the setting; for a V4 model the
// picker offers thinking and reasoning effort. A screenshot of the picker goes to docs/ on request.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../runners/codeServer';
import type { TestServer } from '../server';
import { closeQuickInput, poll, quickInput, runCommand } from './workbench';

const ROWS = '.quick-input-widget .monaco-list-row';

function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

async function rowLabels(page: Page): Promise<string[]> {
  return page.locator(`${ROWS} .label-name`).allInnerTexts();
}

/** Picks `model` in the picker (typed, then its row), and waits for the status bar to show it. */
async function pick(page: Page, model: string): Promise<void> {
  await runCommand(page, 'DeepSeek: Select Model');
  const input = await quickInput(page);
  await poll(`the picker to list ${model}`, async () => (await rowLabels(page)).includes(model), 30_000);
  await input.fill(model);
  await page.locator(ROWS, { hasText: model }).first().click();
  await page.locator('.statusbar-item', { hasText: model }).first().waitFor({ timeout: 30_000 });
}

/** The models the test server lists from the start (the extension may ask as soon as it activates). */
export const SERVER_MODELS = ['deepseek-flash', 'deepseek-v4-pro'];

export async function modelPickerSteps(
  page: Page,
  server: TestServer,
  step: (name: string, fn: () => Promise<void>) => Promise<void>,
  shotFile: (name: string) => string,
  docs: boolean,
): Promise<void> {
  await step('status bar shows the default model deepseek-flash; F1 → DeepSeek: Select Model lists the server\'s models; pick deepseek-v4-pro', async () => {
    const item = page.locator('.statusbar-item', { hasText: 'deepseek-flash' }).first();
    await item.waitFor({ timeout: 30_000 });
    await pick(page, 'deepseek-v4-pro');
    check(server.requests.some((r) => r.method === 'GET' && r.path.endsWith('/models')), 'the picker did not ask GET /models');
  });

  await step('the picker for a V4 model offers thinking and reasoning effort (screenshot)', async () => {
    // Opened from the status bar item, as a user would.
    await page.locator('.statusbar-item', { hasText: 'deepseek-v4-pro' }).first().click();
    await quickInput(page);
    await poll('thinking entries and the server\'s models', async () => {
      const labels = await rowLabels(page);
      return labels.includes('deepseek-flash') && labels.some((l) => /Thinking: off/.test(l)) && labels.some((l) => /Reasoning effort: low/.test(l)) && labels.some((l) => /Reasoning effort: max/.test(l));
    }, 30_000);
    const file = shotFile('model-picker');
    await page.screenshot({ path: file });
    if (docs) fs.copyFileSync(file, path.join(REPO_ROOT, 'docs', 'model-picker.png'));
    await closeQuickInput(page);
    // Back to the model the later steps expect.
    await pick(page, 'deepseek-flash');
  });
}
