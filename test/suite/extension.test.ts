// Activation, commands and the API key's storage, in a real extension host.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  api,
  chatRequests,
  COMMANDS,
  extension,
  header,
  lastTurn,
  startServerAndConfigure,
  setTestKey,
  TEST_KEY,
  waitForStable,
} from './helpers';

suite('Extension', () => {
  test('contributes the six commands and activates on one of them', async () => {
    const ext = extension();
    const contributed = (ext.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command);
    for (const c of COMMANDS) assert.ok(contributed.includes(c), `package.json does not contribute ${c}`);

    const wasActive = ext.isActive;
    // Stop is harmless when nothing streams; running it must activate the extension.
    await vscode.commands.executeCommand('deepseek.stop');
    assert.equal(ext.isActive, true, 'running deepseek.stop did not activate the extension');
    if (!wasActive) assert.ok(ext.exports, 'activation on the command returned no API');
    const exported = await api();
    assert.equal(typeof exported.whenIdle, 'function');
    assert.equal(typeof exported.isPanelVisible, 'function');

    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `commands not registered after activation: ${missing.join(', ')}`);
  });

  test('Set API Key stores the key in SecretStorage, never in a deepseek.* setting', async () => {
    const deepseek = await api();
    // The state follows SecretStorage change events, which arrive asynchronously: wait for it.
    const hasKey = (want: boolean, what: string) => waitForStable(what, () => deepseek.getState().hasApiKey === want);
    // Keys are saved per server: point at the test server first.
    const server = await startServerAndConfigure();
    await vscode.commands.executeCommand('deepseek.clearApiKey');
    await hasKey(false, 'Clear API Key to remove the key');

    await setTestKey(TEST_KEY);
    await hasKey(true, 'the panel state to know about the stored key');

    // Every contributed setting, at every level, is free of the key.
    const ext = extension();
    const props = Object.keys(ext.packageJSON.contributes?.configuration?.properties ?? {});
    assert.ok(props.length > 0, 'no deepseek.* settings contributed');
    const config = vscode.workspace.getConfiguration();
    for (const p of props) {
      const i = config.inspect(p);
      for (const [level, value] of Object.entries({
        default: i?.defaultValue,
        global: i?.globalValue,
        workspace: i?.workspaceValue,
        folder: i?.workspaceFolderValue,
      })) {
        assert.ok(!JSON.stringify(value ?? null).includes(TEST_KEY), `the key is in ${p} (${level})`);
      }
    }
    // …and so are the settings files themselves (user settings: code-server's user-data dir).
    const files: string[] = [];
    const userData = process.env.DEEPSEEK_TEST_USER_DATA_DIR;
    if (userData) files.push(path.join(userData, 'User', 'settings.json'));
    for (const f of vscode.workspace.workspaceFolders ?? []) files.push(path.join(f.uri.fsPath, '.vscode', 'settings.json'));
    for (const f of files) {
      if (fs.existsSync(f)) assert.ok(!fs.readFileSync(f, 'utf8').includes(TEST_KEY), `the key was written to ${f}`);
    }

    // The stored key is what the next question sends (read back from SecretStorage for each
    // question); after Clear API Key none is sent (a loopback server needs none).
    try {
      await vscode.commands.executeCommand('deepseek.ask', 'Which key do you see?');
      await deepseek.whenIdle();
      assert.equal(lastTurn(deepseek.getState()).status, 'done');
      assert.equal(header(chatRequests(server)[0], 'authorization'), `Bearer ${TEST_KEY}`);

      await vscode.commands.executeCommand('deepseek.clearApiKey');
      await hasKey(false, 'Clear API Key to remove the key');
      await vscode.commands.executeCommand('deepseek.ask', 'And now?');
      await deepseek.whenIdle();
      assert.equal(chatRequests(server).length, 2);
      assert.equal(header(chatRequests(server)[1], 'authorization'), undefined, 'a cleared key was still sent');
    } finally {
      // Set it back for the chat tests.
      await setTestKey(TEST_KEY);
      await hasKey(true, 'the key to be stored again');
      await vscode.commands.executeCommand('deepseek.newChat');
      await server.close();
    }
  });
});
