// Mocha root hooks for the browser tests: build the webview bundle, start the loopback server and one
// Chromium for the whole run.

import type { Browser } from 'playwright-core';
import { buildWebview, launchBrowser, startPanelServer, type PanelServer } from './harness';

let browser: Browser | undefined;
let server: PanelServer | undefined;

export function shared(): { browser: Browser; server: PanelServer } {
  if (!browser || !server) throw new Error('browser tests: the root hook did not run (use --config test/browser/.mocharc.json)');
  return { browser, server };
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
