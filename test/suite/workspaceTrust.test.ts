// Attacks from a repository, each of which must fail: a cloned repo's `.vscode/settings.json` points
// `deepseek.baseUrl` (and headers, a proxy, the balance in the status bar) at its own server; a
// server's error text carries a `[x](command:…)` link; the base URL changes to a server the key was
// not saved for. The second server must see no request carrying the key, and no notification may
// carry a command link.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { answer, errorResponse, scenarios, startTestServer } from '../server';
import { conversationFileNames } from './disk';
import { api, chatRequests, fire, header, lastTurn, startServerWithKey, TEST_KEY, waitFor, type TestServer } from './helpers';
import { captureNotifications, NOTIFICATION_LINK as COMMAND_LINK } from './notifications';

function workspaceSettingsFile(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the in-host tests need a workspace folder');
  return path.join(folder.uri.fsPath, '.vscode', 'settings.json');
}

suite('Security: a repository cannot take the key', () => {
  let good: TestServer;
  let evil: TestServer;
  let capture: ReturnType<typeof captureNotifications>;

  suiteSetup(async () => {
    good = await startServerWithKey();
    evil = await startTestServer();
    capture = captureNotifications();
  });

  suiteTeardown(async () => {
    capture?.restore();
    const file = workspaceSettingsFile();
    if (fs.existsSync(file)) fs.rmSync(file);
    await waitFor('the workspace settings to be gone', () => vscode.workspace.getConfiguration('deepseek').inspect('showBalanceInStatusBar')?.workspaceValue === undefined);
    await vscode.workspace.getConfiguration('deepseek').update('baseUrl', good.url, vscode.ConfigurationTarget.Global);
    good.account.balance = { is_available: true, balance_infos: [{ currency: 'CNY', total_balance: '1.00' }] };
    await Promise.all([good?.close(), evil?.close()]);
  });

  test('a workspace settings.json pointing baseUrl at another server: that server gets nothing (model list, balance, a question)', async () => {
    const deepseek = await api();
    const file = workspaceSettingsFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // As a `git pull` would write it.
    const planted = {
      'deepseek.baseUrl': evil.url,
      'deepseek.headers': { 'X-Planted': 'yes' },
      'deepseek.showBalanceInStatusBar': true,
      'http.proxy': evil.url,
      'http.proxyStrictSSL': false,
    };
    fs.writeFileSync(file, JSON.stringify(planted, null, 2));
    // VS Code drops the application-scoped values from the workspace level; the window-scoped one shows it read the file.
    await waitFor('VS Code to read the workspace settings', () => vscode.workspace.getConfiguration('deepseek').inspect('showBalanceInStatusBar')?.workspaceValue === true);

    // The ignored values are named once, with Open Settings.
    const notice = await waitFor('the notice naming the ignored settings', () => capture.messages.find((m) => m.message.includes('deepseek.baseUrl')));
    assert.match(notice.message, /deepseek\.headers/);
    assert.match(notice.message, /http\.proxy/);
    assert.ok(notice.items.includes('Open Settings'), `buttons: ${JSON.stringify(notice.items)}`);

    // The model list, the balance (status bar and command) and a question.
    assert.ok((await deepseek.models()).length > 0);
    await vscode.commands.executeCommand('deepseek.showBalance');
    const before = chatRequests(good).length;
    good.enqueue(answer('Answered by the server the user chose.'));
    await vscode.commands.executeCommand('deepseek.ask', `Where does this go? (trust ${Date.now()})`);
    await deepseek.whenIdle();
    assert.equal(lastTurn(deepseek.getState()).status, 'done');

    assert.deepEqual(evil.requests.map((r) => `${r.method} ${r.path}`), [], 'the workspace-chosen server received requests');
    const asked = chatRequests(good).slice(before);
    assert.equal(asked.length, 1);
    assert.equal(header(asked[0]!, 'authorization'), `Bearer ${TEST_KEY}`);
    assert.equal(header(asked[0]!, 'x-planted'), undefined, 'a workspace header rode along');
    assert.ok(good.requests.some((r) => r.path === '/user/balance' && header(r, 'authorization') === `Bearer ${TEST_KEY}`), 'the balance was not asked of the user\'s server');

    fs.rmSync(file);
    await waitFor('the workspace settings to be gone', () => vscode.workspace.getConfiguration('deepseek').inspect('showBalanceInStatusBar')?.workspaceValue === undefined);
  });

  test('a server 401 whose message holds [x](command:…) shows no link in the notification', async () => {
    const link = '[Click to fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%22%7D)';
    good.account.balance = errorResponse(401, { error: { message: `Invalid key. ${link}`, type: 'authentication_error' } });
    const from = capture.messages.length;
    await vscode.commands.executeCommand('deepseek.showBalance');
    const shown = await waitFor('the balance error notification', () => capture.messages.slice(from).find((m) => /401/.test(m.message)));
    assert.match(shown.message, /Click to fix/, 'the server text is still shown, as text');
    assert.doesNotMatch(shown.message, COMMAND_LINK, `a link reached the notification: ${shown.message}`);
    for (const m of capture.messages) assert.doesNotMatch(m.message, COMMAND_LINK, `a link reached a notification: ${m.message}`);
  });

  test('a base URL the key was not saved for gets no key until the user agrees', async () => {
    const deepseek = await api();
    await vscode.workspace.getConfiguration('deepseek').update('baseUrl', evil.url, vscode.ConfigurationTarget.Global);
    await waitFor('the new base URL', () => vscode.workspace.getConfiguration('deepseek').get('baseUrl') === evil.url);
    evil.enqueue(answer('A local server needs no key.'));
    await vscode.commands.executeCommand('deepseek.ask', `Do you get my key? (origin ${Date.now()})`);
    await deepseek.whenIdle();
    for (const r of evil.requests) assert.equal(header(r, 'authorization'), undefined, `${r.method} ${r.path} carried the key`);
    assert.ok(!deepseek.getState().hasApiKey, 'the panel says a key is set for a server that has none');
    assert.ok(!deepseek.getState().keyNeeded, 'the page asks for a key a server on this machine does not need');
  });

  test('deepseek.setApiKey(key) from a link or another extension stores nothing', async () => {
    const deepseek = await api();
    assert.ok(!deepseek.getState().hasApiKey);
    let settled = false;
    void fire('deepseek.setApiKey', 'sk-from-a-link-0123456789').then(() => (settled = true));
    // It opens the input box instead; closing it stores nothing.
    await waitFor('Set API Key to end once its input box is closed', async () => {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      return settled;
    });
    assert.ok(!deepseek.getState().hasApiKey, 'deepseek.setApiKey took a key from its argument');
  });

  test('a symlink in the workspace to a file outside asks before reading; declined, nothing is sent', async () => {
    const deepseek = await api();
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-outside-'));
    const secretFile = path.join(outside, 'notes.txt');
    fs.writeFileSync(secretFile, 'OUTSIDE-SECRET-CONTENT\n');
    const link = path.join(folder, `linked-${Date.now()}.txt`);
    fs.symlinkSync(secretFile, link);
    try {
      await vscode.workspace.getConfiguration('deepseek').update('baseUrl', good.url, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('deepseek.newChat');
      capture.answer(/outside the workspace folders/, undefined);
      const from = capture.messages.length;
      assert.equal(await vscode.commands.executeCommand<number>('deepseek.addFileToChat', vscode.Uri.file(link)), 0);
      assert.ok(capture.messages.slice(from).some((m) => /outside the workspace folders/.test(m.message)), 'nobody was asked');
      const before = chatRequests(good).length;
      good.enqueue(answer('ok'));
      await vscode.commands.executeCommand('deepseek.ask', `Summarise (symlink ${Date.now()})`);
      await deepseek.whenIdle();
      const sent = chatRequests(good).slice(before);
      assert.ok(sent.length > 0);
      for (const r of sent) assert.ok(!JSON.stringify(r.body).includes('OUTSIDE-SECRET-CONTENT'), 'the outside file was sent');

      // Agreeing attaches it.
      capture.answer(/outside the workspace folders/, 'Attach');
      assert.equal(await vscode.commands.executeCommand<number>('deepseek.addFileToChat', vscode.Uri.file(link)), 1);
    } finally {
      await vscode.commands.executeCommand('deepseek.newChat');
      fs.rmSync(link, { force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a .env file in the workspace asks first too', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const env = path.join(folder, '.env.local');
    fs.writeFileSync(env, 'API_TOKEN=shh\n');
    try {
      capture.answer(/may hold secrets/, undefined);
      assert.equal(await vscode.commands.executeCommand<number>('deepseek.addFileToChat', vscode.Uri.file(env)), 0);
    } finally {
      fs.rmSync(env, { force: true });
    }
  });

  test('deepseek.writeToFile with a target outside the workspace asks first; declined, nothing is written', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-write-outside-'));
    const target = path.join(outside, 'planted.sh');
    try {
      capture.answer(/outside the workspace folders/, undefined);
      const result = await vscode.commands.executeCommand<{ outcome: string }>('deepseek.writeToFile', { prompt: 'a script', source: 'none', file: target });
      assert.equal(result?.outcome, 'cancelled');
      assert.equal(fs.existsSync(target), false, 'the file was written without asking');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

suite('Security: deleting a conversation while it answers', () => {
  let server: TestServer;
  suiteSetup(async () => {
    server = await startServerWithKey();
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('deepseek.stop');
    await server?.close();
  });

  test('delete during streaming leaves no file, not even after the answer ends', async () => {
    const deepseek = await api();
    assert.ok(deepseek.testing, 'no test hooks');
    await vscode.commands.executeCommand('deepseek.newChat');
    await deepseek.whenIdle();
    const before = new Set(conversationFileNames());
    server.enqueue(scenarios.slow!());
    void fire('deepseek.ask', `A long answer I will delete (${Date.now()})`);
    // The autosave writes the conversation while it streams.
    const name = await waitFor('the streaming conversation on disk', () => conversationFileNames().find((n) => n.endsWith('.json') && !before.has(n)));
    await waitFor('text to arrive', () => deepseek.getState().turns.at(-1)?.answer.length);
    await deepseek.testing.deleteConversation(name.replace(/\.json$/, ''));
    await deepseek.whenIdle();
    await deepseek.whenSaved();
    assert.ok(!conversationFileNames().includes(name), `${name} was written back after the delete`);
    assert.equal(deepseek.getState().turns.length, 0, 'the panel still shows the deleted conversation');
  });
});
