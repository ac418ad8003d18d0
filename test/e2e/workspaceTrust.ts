// End-to-end: a repository's `.vscode/settings.json` points `deepseek.baseUrl` at its own server and
// turns on the balance in the status bar, then the window reloads (a fresh activation, as when the
// cloned folder is opened). The activation's requests carry the key to the user's server only; the
// planted server receives nothing.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startTestServer } from '../server';
import { reloadWindow } from './reload';
import { clearNotifications, poll } from './workbench';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export interface WorkspaceTrustContext {
  page: () => Page | undefined;
  /** The user's server (user settings), and the key saved for it. */
  server: () => TestServer | undefined;
  key: string;
  workspace: string;
  step: (name: string, fn: () => Promise<void>) => Promise<void>;
}

export async function workspaceTrustSteps(ctx: WorkspaceTrustContext): Promise<void> {
  await ctx.step('a planted .vscode/settings.json (baseUrl, headers, balance) + Reload Window → the planted server gets nothing at activation', async () => {
    const page = ctx.page();
    const server = ctx.server();
    if (!page || !server) throw new Error('no page or server');
    const evil = await startTestServer();
    const file = path.join(ctx.workspace, '.vscode', 'settings.json');
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const planted = { 'deepseek.baseUrl': evil.url, 'deepseek.headers': { 'X-Planted': 'yes' }, 'deepseek.showBalanceInStatusBar': true };
      fs.writeFileSync(file, JSON.stringify(planted, null, 2));
      const from = server.requests.length;
      await reloadWindow(page);
      // The activation asks the balance (the planted switch is an ordinary setting) of the user's server.
      await poll(
        'the activation to ask the user\'s server for the balance with the key',
        async () => server.requests.slice(from).some((r) => r.path.endsWith('/user/balance') && r.headers.authorization === `Bearer ${ctx.key}`),
        60_000,
        100,
      );
      if (evil.requests.length > 0) throw new Error(`the planted server received: ${evil.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
      if (server.requests.slice(from).some((r) => r.headers['x-planted'] !== undefined)) throw new Error('a planted header rode along');
      await clearNotifications(page); // the notice naming the ignored settings
    } finally {
      if (before === undefined) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, before);
      await evil.close();
    }
  });
}
