// Shared helpers of the in-host suite: the extension's test API, the test server started inside
// the extension host, polling, and reading what the server received.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, type DeepSeekExtensionApi } from '../../src/host/api';
import type { PanelState, TurnView } from '../../src/shared/protocol';
import { startTestServer } from '../server';

export { EXTENSION_ID };
export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
export type RecordedRequest = TestServer['requests'][number];

export const TEST_KEY = 'sk-test-in-host-0123456789abcdef';

export const COMMANDS = [
  'deepseek.ask',
  'deepseek.explainSelection',
  'deepseek.setApiKey',
  'deepseek.clearApiKey',
  'deepseek.stop',
  'deepseek.newChat',
] as const;

export function extension(): vscode.Extension<DeepSeekExtensionApi> {
  const ext = vscode.extensions.getExtension<DeepSeekExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

export async function api(): Promise<DeepSeekExtensionApi> {
  const ext = extension();
  const exports = ext.isActive ? ext.exports : await ext.activate();
  assert.ok(exports && typeof exports.getState === 'function', 'activate() did not return the test API');
  return exports;
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits until `probe` holds and keeps holding for `stableMs` (for state fed by async events). */
export async function waitForStable(what: string, probe: () => boolean, stableMs = 300, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let since: number | undefined;
  for (;;) {
    if (probe()) {
      since ??= Date.now();
      if (Date.now() - since >= stableMs) return;
    } else {
      since = undefined;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function lastTurn(state: PanelState): TurnView {
  const t = state.turns[state.turns.length - 1];
  assert.ok(t, 'the panel has no turn');
  return t;
}

/** Starts the project's DeepSeek-compatible test server and points `deepseek.baseUrl` at it. */
export async function startServerAndConfigure(): Promise<TestServer> {
  const server = await startTestServer({ host: '127.0.0.1' });
  const config = vscode.workspace.getConfiguration('deepseek');
  await config.update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
  await config.update('maxRetries', 3, vscode.ConfigurationTarget.Global);
  await waitFor('deepseek.baseUrl to apply', () => vscode.workspace.getConfiguration('deepseek').get('baseUrl') === server.url);
  return server;
}

/**
 * Saves `key` for the current base URL's origin (keys are per server) through the test-mode API,
 * since Set API Key takes no argument; waits until the panel knows.
 */
export async function setTestKey(key: string = TEST_KEY): Promise<void> {
  const deepseek = await api();
  assert.ok(deepseek.testing, 'the test API has no testing hooks (not running in ExtensionMode.Test?)');
  assert.equal(await deepseek.testing.storeApiKey(key), true, 'the key was refused');
  await waitFor('the panel to know about the key', () => deepseek.getState().hasApiKey);
}

/**
 * Suite setup for suites that ask questions: the test server configured, activation finished
 * (the last conversation reopened), and the test key stored.
 */
export async function startServerWithKey(): Promise<TestServer> {
  const server = await startServerAndConfigure();
  const deepseek = await api();
  await deepseek.whenIdle();
  await setTestKey();
  return server;
}

export interface ChatBody {
  model?: string;
  stream?: boolean;
  messages?: Array<{ role: string; content: string }>;
  [k: string]: unknown;
}

export function bodyOf(req: RecordedRequest): ChatBody {
  const b: unknown = req.body;
  if (typeof b === 'string') return JSON.parse(b) as ChatBody;
  if (b instanceof Uint8Array) return JSON.parse(Buffer.from(b).toString('utf8')) as ChatBody;
  return b as ChatBody;
}

export function lastUserMessage(req: RecordedRequest): string {
  const msgs = bodyOf(req).messages ?? [];
  const user = [...msgs].reverse().find((m) => m.role === 'user');
  assert.ok(user, 'the request has no user message');
  return user.content;
}

export function header(req: RecordedRequest, name: string): string | undefined {
  const h = req.headers as Record<string, string | string[] | undefined>;
  const v = h[name.toLowerCase()] ?? Object.entries(h).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  return Array.isArray(v) ? v[0] : v;
}

/** Chat requests (POST …/chat/completions) the server received. */
export function chatRequests(server: TestServer): RecordedRequest[] {
  return server.requests.filter((r) => r.method === 'POST' && /chat\/completions/.test(r.path));
}

/** Runs a command without awaiting it (Ask awaits the whole answer); failures still surface. */
export function fire(command: string, ...args: unknown[]): Promise<unknown> {
  const p = Promise.resolve(vscode.commands.executeCommand(command, ...args));
  p.catch(() => undefined);
  return p;
}

/** Whether a webview tab of the chat panel is open. */
export function chatPanelTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('deepseek.chat'));
}
