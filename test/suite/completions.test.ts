// Completions as you type inside a real VS Code: the provider's ghost text is the test server's FIM
// answer for the prefix and suffix (accepted into the file), a superseded request's socket is closed
// (seen at the server), excluded files send nothing, and a 401 lands on the status bar item, never in
// a pop-up.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { errorResponse } from '../server/scenarios';
import { api, startServerWithKey, TEST_KEY, waitFor, type RecordedRequest, type TestServer } from './helpers';

const completionsConfig = () => vscode.workspace.getConfiguration('deepseek.completions');

function fimRequests(server: TestServer): RecordedRequest[] {
  return server.requests.filter((r) => r.method === 'POST' && /\/completions$/.test(r.path) && !r.path.endsWith('/chat/completions'));
}

async function openSample(name: string, text: string, line: number, character: number): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has no workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), vscode.ViewColumn.One);
  editor.selection = new vscode.Selection(line, character, line, character);
  return editor;
}

/**
 * Asks for ghost text at the cursor, as Alt+\ does. Not awaited: the command resolves only when the
 * provider has answered, and the tests watch the request at the server meanwhile.
 */
function trigger(): void {
  void vscode.commands.executeCommand('editor.action.inlineSuggest.trigger').then(undefined, () => undefined);
}

suite('Completions as you type', () => {
  let server: TestServer;

  suiteSetup(async () => {
    server = await startServerWithKey();
    await completionsConfig().update('model', 'test-fim-model', vscode.ConfigurationTarget.Global);
    await completionsConfig().update('enabled', true, vscode.ConfigurationTarget.Global);
    await waitFor('completions to turn on', async () => (await api()).completions.status().mode === 'on');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await completionsConfig().update('enabled', false, vscode.ConfigurationTarget.Global);
    await completionsConfig().update('model', undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  setup(() => {
    server.fim.answer = () => 'a + b;';
    server.fim.pace = {};
    server.fim.queue.length = 0;
  });

  test("shows the server's completion for the prefix and suffix, and Tab's command accepts it into the file", async () => {
    const text = 'export function add(a: number, b: number): number {\n  return \n}\n';
    const editor = await openSample('fim-sample.ts', text, 1, 9);
    const before = fimRequests(server).length;
    trigger();
    const req = await waitFor('the FIM request at the server', () => fimRequests(server)[before]);
    assert.equal(req.body.model, 'test-fim-model');
    assert.equal(req.body.stream, true);
    assert.ok(String(req.body.prompt).endsWith('export function add(a: number, b: number): number {\n  return '), `prompt: ${JSON.stringify(req.body.prompt)}`);
    assert.equal(req.body.suffix, '\n}\n');
    // The ghost text is accepted with the command Tab runs; retried until the workbench shows it.
    await waitFor('the completion to be accepted into the file', async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return editor.document.lineAt(1).text === '  return a + b;';
    });
    assert.equal(editor.document.getText(), 'export function add(a: number, b: number): number {\n  return a + b;\n}\n');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('typing on cancels the request in flight: its socket is closed at the server', async () => {
    server.fim.answer = () => 'x'.repeat(2000);
    server.fim.pace = { ttfbMs: 50, tokensPerSecond: 5 };
    const editor = await openSample('fim-cancel.ts', 'const total = \n', 0, 14);
    const before = fimRequests(server).length;
    trigger();
    const req = await waitFor('the slow FIM request at the server', () => fimRequests(server)[before]);
    assert.equal(vscode.window.activeTextEditor, editor);
    // Typed as a user types (the editor's type command), not an API edit.
    await vscode.commands.executeCommand('type', { text: '4' });
    assert.equal(editor.document.lineAt(0).text, 'const total = 4');
    await waitFor('the server to see the client close the request', () => req.clientAborted);
    // The whole answer is ~670 SSE events (over 100 KB): the socket closed long before.
    assert.ok(req.bytesWritten < 20_000, `the server wrote ${req.bytesWritten} bytes before the close`);
    assert.equal((await api()).completions.stats().aborted > 0, true, 'the provider counted the abort');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('excluded files send nothing', async () => {
    const before = fimRequests(server).length;
    await openSample('.env.completions', 'DB_PASSWORD=hunter2-excluded\nAPI_URL=', 1, 8);
    trigger();
    // An untitled document holding a key is never sent either.
    const untitled = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const key = "sk-hunter2excluded0123456789";\nconst x = ' }));
    untitled.selection = new vscode.Selection(1, 10, 1, 10);
    trigger();
    // A request for a normal file afterwards: once it has arrived, the excluded file's turn is long over.
    await openSample('fim-after-env.ts', 'const after = \n', 0, 14);
    trigger();
    await waitFor('the request for the normal file', () => fimRequests(server).slice(before).some((r) => String(r.body.prompt).includes('const after =')));
    const leaked = fimRequests(server).slice(before).filter((r) => /hunter2-?excluded/.test(JSON.stringify(r.body)));
    assert.deepEqual(leaked, [], 'the excluded file or the untitled secret was sent');
    await vscode.window.showTextDocument(untitled.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a multi-line suggestion is accepted whole; Accept Next Word takes only its first word', async () => {
    server.fim.answer = () => '\n  const doubled = x * 2;\n  return doubled;';
    const editor = await openSample('fim-multiline.ts', 'export function double(x: number): number {\n}\n', 0, 43);
    trigger();
    await waitFor('the multi-line completion to be accepted', async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return editor.document.lineCount > 3;
    });
    assert.equal(editor.document.getText(), 'export function double(x: number): number {\n  const doubled = x * 2;\n  return doubled;\n}\n');
    await vscode.commands.executeCommand('workbench.action.files.revert');

    server.fim.answer = () => 'values.length > 0;';
    const partial = await openSample('fim-partial.ts', 'const ok = \n', 0, 11);
    trigger();
    await waitFor('Accept Next Word to take the first word', async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.acceptNextWord');
      return partial.document.lineAt(0).text !== 'const ok = ';
    });
    const line = partial.document.lineAt(0).text;
    assert.ok(line.startsWith('const ok = values') && line.length < 'const ok = values.length > 0;'.length, `after Accept Next Word: ${line}`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a 401 goes to the status bar item with Set API Key as its action, not to a pop-up', async () => {
    const deepseek = await api();
    const shown: string[] = [];
    const window = vscode.window as unknown as Record<string, unknown>;
    const originals = ['showErrorMessage', 'showWarningMessage', 'showInformationMessage'].map((name) => [name, window[name]] as const);
    for (const [name, original] of originals) {
      window[name] = (message: string, ...rest: unknown[]) => {
        shown.push(message);
        return (original as (...a: unknown[]) => unknown)(message, ...rest);
      };
      assert.notEqual(window[name], original, `could not watch vscode.window.${name}`);
    }
    try {
      server.fim.queue.push(errorResponse(401, { error: { message: 'Authentication Fails (in-host)', type: 'authentication_error' } }));
      await openSample('fim-401.ts', 'let answer = \n', 0, 13);
      trigger();
      const status = await waitFor('the status bar item to show the 401', () => {
        const s = deepseek.completions.status();
        return s.problem === 'auth' ? s : undefined;
      });
      assert.equal(status.command, 'deepseek.setApiKey');
      assert.match(status.tooltip, /Authentication Fails \(in-host\)/);
      assert.deepEqual(shown, [], 'no pop-up while typing');
    } finally {
      for (const [name, original] of originals) window[name] = original;
    }
    // A new key ends the pause and the problem.
    await vscode.commands.executeCommand('deepseek.setApiKey', 'sk-test-in-host-new-key-0123456789');
    await waitFor('the problem to clear after a new key', () => deepseek.completions.status().problem === undefined);
    await vscode.commands.executeCommand('deepseek.setApiKey', TEST_KEY);
  });
});
