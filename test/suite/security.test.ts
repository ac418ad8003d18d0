// A planted API key must never leave SecretStorage except in the Authorization header: not into the
// panel state (everything the webview is sent derives from it), error messages, saved conversations,
// settings or the extension's logs, even when the server echoes it back. And plain http:// to
// another machine is refused before any request leaves.

import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { answer, chunk, errorResponse, raw, sse } from '../server/scenarios';
import { conversationFileNames, conversationsDir, filesUnder, logFilesContaining, readText, userDataDir } from './disk';
import {
  api,
  chatRequests,
  extension,
  header,
  lastTurn,
  startServerAndConfigure,
  TEST_KEY,
  waitFor,
  waitForStable,
  type TestServer,
} from './helpers';

suite('Security', () => {
  let server: TestServer;
  const planted = `sk-planted-${crypto.randomBytes(12).toString('hex')}`;

  suiteSetup(async () => {
    server = await startServerAndConfigure();
    await (await api()).whenIdle(); // activation done, last conversation reopened
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('deepseek.stop');
    const deepseek = await api();
    // Put the suite's usual key back for whatever runs next.
    await vscode.commands.executeCommand('deepseek.setApiKey', TEST_KEY);
    await waitForStable('the test key to be stored again', () => deepseek.getState().hasApiKey === true);
    await vscode.workspace.getConfiguration('deepseek').update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  test('a planted key reaches only the Authorization header: not the state, errors, files, settings or logs', async () => {
    const deepseek = await api();
    await vscode.commands.executeCommand('deepseek.newChat');
    await vscode.commands.executeCommand('deepseek.setApiKey', planted);
    const before = chatRequests(server).length;

    // 1. The server rejects the key and echoes it in its error message (some proxies do).
    const q401 = `Is my key accepted? (security ${Date.now()})`;
    server.enqueue(errorResponse(401, { error: { message: `bad key ${planted}`, type: 'authentication_error' } }));
    await vscode.commands.executeCommand('deepseek.ask', q401);
    await deepseek.whenIdle();
    const t401 = lastTurn(deepseek.getState());
    assert.equal(t401.status, 'error');
    assert.equal(t401.error?.kind, 'auth');
    assert.match(t401.error?.message ?? '', /bad key/, 'the server message should still be shown (redacted)');
    assert.ok(!(t401.error?.message ?? '').includes(planted), `the error message shows the key: ${t401.error?.message}`);

    // 2. An error event inside the stream echoing the key, after some text.
    const qStream = `Does the stream echo it? (security ${Date.now()})`;
    server.enqueue(
      raw([
        sse(chunk({ role: 'assistant', content: '' })),
        sse(chunk({ content: 'Some text, then ' })),
        sse({ error: { message: `upstream rejected ${planted}`, type: 'server_error' } }),
      ]),
    );
    await vscode.commands.executeCommand('deepseek.ask', qStream);
    await deepseek.whenIdle();
    const tStream = lastTurn(deepseek.getState());
    assert.equal(tStream.status, 'error');
    assert.equal(tStream.answer, 'Some text, then ');
    assert.ok(!(tStream.error?.message ?? '').includes(planted), `the stream error shows the key: ${tStream.error?.message}`);

    // 3. A normal answer.
    const qOk = `And a normal answer? (security ${Date.now()})`;
    server.enqueue(answer('A normal answer, without any secret in it.'));
    await vscode.commands.executeCommand('deepseek.ask', qOk);
    await deepseek.whenIdle();
    assert.equal(lastTurn(deepseek.getState()).status, 'done');

    const reqs = chatRequests(server).slice(before);
    assert.equal(reqs.length, 3, 'expected one request per question (401 is not retried)');
    for (const r of reqs) assert.equal(header(r, 'authorization'), `Bearer ${planted}`, 'the planted key was not the one sent');

    // Nowhere else:
    const state = JSON.stringify(deepseek.getState());
    assert.ok(!state.includes(planted), 'the panel state (sent to the webview) contains the key');

    // Saved conversations (wait until the three turns are on disk first).
    await waitFor('the three turns on disk', () => conversationFilesText().includes(qOk) && conversationFilesText().includes(q401), 30_000);
    for (const name of conversationFileNames()) {
      assert.ok(!readText(path.join(conversationsDir(), name)).includes(planted), `the saved conversation ${name} contains the key`);
    }

    // Settings: every deepseek.* value at every level, and the user settings file.
    const props = Object.keys(extension().packageJSON.contributes?.configuration?.properties ?? {});
    assert.ok(props.length > 0);
    const config = vscode.workspace.getConfiguration();
    for (const p of props) {
      const i = config.inspect(p);
      const all = JSON.stringify([i?.defaultValue, i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue] as unknown[]);
      assert.ok(!all.includes(planted), `the setting ${p} contains the key`);
    }
    const settingsFile = path.join(userDataDir(), 'User', 'settings.json');
    assert.ok(fs.existsSync(settingsFile), `${settingsFile} does not exist`);
    assert.ok(!fs.readFileSync(settingsFile, 'utf8').includes(planted), 'the user settings.json contains the key');

    // The "DeepSeek" log: find it by the request ids the server saw (X-Request-ID), then check it.
    const ids = reqs.map((r) => header(r, 'x-request-id') ?? '');
    for (const id of ids) assert.match(id, /\S{8,}/, 'a request had no X-Request-ID');
    const logs = await waitFor(
      'a log file naming every request id',
      () => {
        const files = logFilesContaining(ids[0]);
        return files.length > 0 && ids.every((id) => files.some((f) => readText(f).includes(id))) ? files : undefined;
      },
      8000,
      100,
    );
    assert.ok(
      logs.some((f) => /deepseek-assistant\.deepseek-assistant/.test(f)),
      `the request ids were found only outside the extension's own log folder: ${logs.join(', ')}`,
    );
    for (const f of logs) {
      const text = readText(f);
      assert.ok(!text.includes(planted), `the log ${f} contains the key`);
      for (const q of [q401, qStream, qOk]) assert.ok(!text.includes(q), `the log ${f} contains the question text`);
      assert.ok(!text.includes('A normal answer, without'), `the log ${f} contains answer text`);
    }
    const logText = logs.map(readText).join('\n');
    const lines401 = logText.split('\n').filter((l) => l.includes(ids[0]));
    assert.ok(lines401.some((l) => /model=deepseek-flash/.test(l)), `no log line for ${ids[0]} names the model:\n${lines401.join('\n')}`);
    assert.ok(lines401.some((l) => /\b401\b/.test(l)), `no log line for ${ids[0]} has the status 401:\n${lines401.join('\n')}`);
    const linesOk = logText.split('\n').filter((l) => l.includes(ids[2]));
    assert.ok(linesOk.some((l) => /\b200\b/.test(l)), `no log line for ${ids[2]} has the status 200:\n${linesOk.join('\n')}`);

    // And no log of this VS Code at all holds the key.
    const leaking = filesUnder(path.join(userDataDir(), 'logs')).filter((f) => readText(f).includes(planted));
    assert.deepEqual(leaking, [], 'log files containing the key');
  });

  test('http:// to another machine is refused with a config error; no request leaves', async () => {
    const deepseek = await api();
    await vscode.commands.executeCommand('deepseek.newChat');
    const config = vscode.workspace.getConfiguration('deepseek');
    const before = server.requests.length;
    try {
      await config.update('baseUrl', 'http://example.com', vscode.ConfigurationTarget.Global);
      await waitFor('the setting to apply', () => vscode.workspace.getConfiguration('deepseek').get('baseUrl') === 'http://example.com');
      const question = `Send this over plain http? (security ${Date.now()})`;
      await vscode.commands.executeCommand('deepseek.ask', question);
      await deepseek.whenIdle();
      const turn = lastTurn(deepseek.getState());
      assert.equal(turn.question, question);
      assert.equal(turn.status, 'error');
      assert.equal(turn.error?.kind, 'config', `error kind ${turn.error?.kind}: ${turn.error?.message}`);
      assert.match(turn.error?.message ?? '', /https:\/\//, 'the message does not point to https://');
      assert.match(turn.error?.message ?? '', /example\.com/, 'the message does not name the host');
      assert.ok(turn.error?.actions.includes('openSettings'), 'no Open Settings action');
      assert.equal(turn.answer, '');
      // The URL is refused before any request is made (the turn already ended with the error).
      assert.equal(server.requests.length, before, 'a request reached the test server');
      const tried = filesUnder(path.join(userDataDir(), 'logs')).filter((f) => /example\.com\/chat/.test(readText(f)));
      assert.deepEqual(tried, [], 'a request to example.com was logged');
    } finally {
      await config.update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
      await waitFor('the test server base URL back', () => vscode.workspace.getConfiguration('deepseek').get('baseUrl') === server.url);
    }
    // Back on loopback, asking works again.
    await vscode.commands.executeCommand('deepseek.ask', 'Back on loopback?');
    await deepseek.whenIdle();
    assert.equal(lastTurn(deepseek.getState()).status, 'done');
  });
});

function conversationFilesText(): string {
  return conversationFileNames()
    .map((n) => readText(path.join(conversationsDir(), n)))
    .join('\n');
}
