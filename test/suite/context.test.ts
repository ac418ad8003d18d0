// Attachments in a real extension host: Add File to Chat (one or several files) puts the files'
// content in the request before the question; binary and over-size files are refused and the turn
// says so; the context budget cuts with a note; Add Selection to Chat sends just the selection; the
// attachments are saved with the turn.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { savedTurn } from './disk';
import { api, chatRequests, lastTurn, lastUserMessage, startServerWithKey, waitFor, type TestServer } from './helpers';

suite('Context: files and selections attached to a question', () => {
  let server: TestServer;
  let folder: vscode.Uri;

  suiteSetup(async () => {
    server = await startServerWithKey();
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'the test window has no workspace folder');
    folder = vscode.Uri.joinPath(ws.uri, 'ctx');
    await vscode.workspace.fs.createDirectory(folder);
  });

  suiteTeardown(async () => {
    const config = vscode.workspace.getConfiguration('deepseek');
    await config.update('contextBudgetTokens', undefined, vscode.ConfigurationTarget.Global);
    await config.update('maxFileSizeKB', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server?.close();
  });

  setup(async () => {
    await vscode.commands.executeCommand('deepseek.newChat');
    await (await api()).whenIdle();
  });

  async function write(name: string, content: string | Uint8Array): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(folder, name);
    await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? Buffer.from(content) : content);
    return uri;
  }

  async function ask(question: string): Promise<string> {
    const deepseek = await api();
    const before = chatRequests(server).length;
    await vscode.commands.executeCommand('deepseek.ask', question);
    await deepseek.whenIdle();
    const req = chatRequests(server).slice(before)[0];
    assert.ok(req, 'no request reached the server');
    return lastUserMessage(req);
  }

  test('Add File to Chat (two files at once, as from the Explorer) → the request carries both, before the question', async () => {
    const a = await write('alpha.ts', 'export const alpha = 1; // ALPHA-CONTENT\n');
    const b = await write('beta.py', 'def beta():\n    return "BETA-CONTENT"\n');
    const added = await vscode.commands.executeCommand<number>('deepseek.addFileToChat', a, [a, b]);
    assert.equal(added, 2);
    const question = 'What do these files define? (context test)';
    const sent = await ask(question);
    assert.ok(sent.includes('File `ctx/alpha.ts`:\n\n```typescript\nexport const alpha = 1; // ALPHA-CONTENT\n\n```'), `alpha.ts is not in the request:\n${sent}`);
    assert.ok(sent.includes('File `ctx/beta.py`:'), 'beta.py is not named');
    assert.ok(sent.includes('return "BETA-CONTENT"'), 'beta.py content is not in the request');
    assert.ok(sent.endsWith(question), 'the question is not last');

    const turn = lastTurn((await api()).getState());
    assert.equal(turn.question, question, 'the shown question should not contain the files');
    assert.deepEqual(turn.attachments?.map((x) => x.label), ['alpha.ts', 'beta.py']);
    assert.match(turn.note ?? '', /Attached: alpha\.ts \(≈\d+ tokens\), beta\.py \(≈\d+ tokens\)\./);
    // Saved with the turn, so history shows it and later questions send it again.
    const saved = await waitFor('the turn on disk with its attachments', () => {
      const t = savedTurn(question);
      return t?.attachments?.length === 2 && t.status === 'done' && t;
    });
    assert.ok(saved.context?.includes('ALPHA-CONTENT'));

    // The chips were taken by the question: the next one carries nothing new in front of it.
    const follow = await ask('And a follow-up?');
    assert.equal(follow, 'And a follow-up?');
  });

  test('a binary file and a file over the size limit are refused; the turn says why; nothing of them is sent', async () => {
    const config = vscode.workspace.getConfiguration('deepseek');
    await config.update('maxFileSizeKB', 1, vscode.ConfigurationTarget.Global);
    await waitFor('maxFileSizeKB to apply', () => config.get('maxFileSizeKB') === 1 || vscode.workspace.getConfiguration('deepseek').get('maxFileSizeKB') === 1);
    try {
      const png = await write('logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
      const big = await write('big.txt', 'BIG-CONTENT '.repeat(200));
      const ok = await write('ok.txt', 'SMALL-CONTENT\n');
      const added = await vscode.commands.executeCommand<number>('deepseek.addFileToChat', png, [png, big, ok]);
      assert.equal(added, 1);
      const sent = await ask('What is attached? (refusals)');
      assert.ok(sent.includes('SMALL-CONTENT'));
      assert.ok(!sent.includes('BIG-CONTENT') && !sent.includes('PNG'), 'a refused file was sent');
      const note = lastTurn((await api()).getState()).note ?? '';
      assert.match(note, /logo\.png was not attached: it is a binary file\./);
      assert.match(note, /big\.txt was not attached: it is 3 KB, over the 1 KB limit \(deepseek\.maxFileSizeKB\)\./);
    } finally {
      await config.update('maxFileSizeKB', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('attachments over the context budget are cut with a note in the turn', async () => {
    const config = vscode.workspace.getConfiguration('deepseek');
    await config.update('contextBudgetTokens', 1000, vscode.ConfigurationTarget.Global);
    await waitFor('contextBudgetTokens to apply', () => vscode.workspace.getConfiguration('deepseek').get('contextBudgetTokens') === 1000);
    try {
      const lines = Array.from({ length: 400 }, (_, i) => `line number ${i + 1}`).join('\n');
      const long = await write('long.txt', lines);
      await vscode.commands.executeCommand('deepseek.addFileToChat', long);
      const sent = await ask('Summarise (budget)');
      assert.ok(sent.includes('line number 1\n'));
      assert.ok(!sent.includes('line number 400'), 'the file was not cut');
      assert.match(lastTurn((await api()).getState()).note ?? '', /long\.txt was cut to its first \d+ of 400 lines to fit the context budget \(1000 tokens\)/);
    } finally {
      await config.update('contextBudgetTokens', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('Add Selection to Chat sends only the selected lines, named with their line numbers', async () => {
    const uri = await write('sel.ts', 'const before = 0; // NOT-SELECTED\nconst chosen = 1; // CHOSEN\nconst after = 2; // NOT-SELECTED-EITHER\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(1, 0, 2, 0);
    await vscode.commands.executeCommand('deepseek.addSelectionToChat');
    const sent = await ask('Explain the chosen line (selection)');
    assert.ok(sent.includes('Selection from `ctx/sel.ts (lines 2–2)`:\n\n```typescript\nconst chosen = 1; // CHOSEN\n```'), sent);
    assert.ok(!sent.includes('NOT-SELECTED'));
  });
});
