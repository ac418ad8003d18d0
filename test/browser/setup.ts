// Mocha root hooks for the browser tests: build the webview bundle, start the loopback server and one
// Chromium for the whole run.

import * as assert from 'assert';
import type { Browser } from 'playwright-core';
import { buildWebview, launchBrowser, openPanel, startPanelServer, type OpenOptions, type PanelPage, type PanelServer } from './harness';

let browser: Browser | undefined;
let server: PanelServer | undefined;

export function shared(): { browser: Browser; server: PanelServer } {
  if (!browser || !server) throw new Error('browser tests: the root hook did not run (use --config test/browser/.mocharc.cjs)');
  return { browser, server };
}

/** A fresh panel page in the shared browser. */
export function openSharedPanel(opts?: OpenOptions): Promise<PanelPage> {
  const { browser, server } = shared();
  return openPanel(browser, server, opts);
}

/** Closes the page; fails the test if it logged errors or violated the CSP. */
export async function closeClean(panel: PanelPage): Promise<void> {
  const problems = await panel.problems();
  await panel.close();
  assert.deepStrictEqual(problems, []);
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    await buildWebview();
    server = await startPanelServer();
    browser = await launchBrowser();
  },
  async afterAll() {
    await browser?.close();
    await server?.close();
  },
};
