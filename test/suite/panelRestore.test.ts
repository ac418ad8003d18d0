// The chat panel's webview serializer: a DeepSeek panel VS Code restores (after a reload) becomes the
// live chat panel, with the chat page and the conversation; a second one is closed, never a stale copy.
// VS Code hands the serializer a panel it made; here the test makes that panel and hands it over
// through the test API (a window reload would end this suite). The reload itself, with VS Code
// calling the registered serializer, is the end-to-end "Reload Window" step (test/e2e/run.ts).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answer } from '../server/scenarios';
import { api, chatPanelTab, startServerWithKey, waitFor, type TestServer } from './helpers';

suite('Chat panel restore (webview serializer)', () => {
  let server: TestServer;

  suiteSetup(async () => {
    server = await startServerWithKey();
  });

  suiteTeardown(async () => {
    await server?.close();
  });

  test('a restored panel becomes the chat panel with the chat page; a second restored one is closed', async () => {
    const deepseek = await api();
    await vscode.commands.executeCommand('deepseek.newChat');
    await deepseek.whenIdle();
    const question = 'What is a webview serializer? (in-host restore test)';
    server.enqueue(answer('It brings a webview panel back after a reload.', { deltaSize: 5 }));
    await vscode.commands.executeCommand('deepseek.ask', question);
    await deepseek.whenIdle();
    // The chat opens in the side bar by default; the serializer is the editor tab's.
    await vscode.commands.executeCommand('deepseek.openChatInEditor');
    const tab = await waitFor('the DeepSeek panel tab', () => chatPanelTab());
    assert.ok(await vscode.window.tabGroups.close(tab), 'the panel tab did not close');
    await waitFor('the panel to be gone', () => !deepseek.chatSurfaces().editor && !chatPanelTab());

    // What VS Code does after a reload: a bare panel of our view type, handed to the serializer.
    const restored = vscode.window.createWebviewPanel('deepseek.chat', 'DeepSeek', vscode.ViewColumn.One, {});
    assert.equal(restored.webview.html, '');
    await deepseek.revivePanel(restored);
    await waitFor('the restored panel to be the visible chat tab', () => deepseek.chatSurfaces().editor);
    assert.match(restored.webview.html, /webview\.js/, 'the restored panel did not get the chat page');
    assert.equal(restored.webview.options.enableScripts, true, 'the restored panel cannot run the chat page');
    const turns = deepseek.getState().turns;
    assert.deepEqual(
      turns.map((t) => [t.question, t.status]),
      [[question, 'done']],
      'the restored panel does not hold the conversation',
    );

    const second = vscode.window.createWebviewPanel('deepseek.chat', 'DeepSeek', vscode.ViewColumn.One, {});
    let secondClosed = false;
    second.onDidDispose(() => (secondClosed = true));
    await deepseek.revivePanel(second);
    await waitFor('the second restored panel to be closed', () => secondClosed);
    assert.equal(deepseek.chatSurfaces().editor, true, 'the first restored panel went away');
    restored.dispose();
  });
});
