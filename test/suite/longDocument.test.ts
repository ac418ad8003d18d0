// DeepSeek: Write to New Document / Write to File… in a real extension host, against the project's
// test server: a document in three parts (two output-limit cut-offs) arrives whole, each continuation
// carries the text so far as the prefix (chat prefix completion on the /beta base), Cancel keeps the
// text, a file on disk follows the stream, and a cut mid-document resumes from the editor's text.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WriteResult } from '../../src/host/longDocument/register';
import { answer, droppedAnswer, lengthCut, stalledAnswer } from '../server/scenarios';
import { chatRequests, fire, startServerWithKey, waitFor, type RecordedRequest, type TestServer } from './helpers';

type Message = { role: string; content: string; prefix?: boolean };
const messagesOf = (r: RecordedRequest): Message[] => (r.body as { messages: Message[] }).messages;
const lastMessage = (r: RecordedRequest): Message => messagesOf(r)[messagesOf(r).length - 1]!;

function documentFor(uri: string | undefined): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
}

/** The untitled document the command opened: the newest untitled document that is not `before`. */
function newUntitled(before: Set<string>): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.isUntitled && !before.has(d.uri.toString()));
}

suite('Long documents', () => {
  let server: TestServer;
  let tmp: string;

  suiteSetup(async () => {
    server = await startServerWithKey();
    // DeepSeek's beta base: continuations use chat prefix completion.
    await vscode.workspace.getConfiguration('deepseek').update('baseUrl', `${server.url}/beta`, vscode.ConfigurationTarget.Global);
    await waitFor('the /beta base to apply', () => vscode.workspace.getConfiguration('deepseek').get('baseUrl') === `${server.url}/beta`);
    // Inside the workspace: a file named by a command argument elsewhere is asked about first.
    tmp = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.tmpdir(), 'ds-longdoc-'));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('deepseek.stopWriting');
    await vscode.workspace.getConfiguration('deepseek').update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await server?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  teardown(async () => {
    await vscode.commands.executeCommand('deepseek.stopWriting');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
  });

  const A = '# Upgrade guide\n\n' + 'Move the configuration to the new format, one key at a time. '.repeat(30) + 'The sentence is cut in the mid';
  const B = 'dle by the output limit and goes on in the next part. ' + 'Then rebuild the indexes. '.repeat(30);
  const C = '\n\n## Done\n\nThe upgrade is complete.\n';

  test('Write to New Document: a three-part document arrives whole in an untitled markdown editor; parts 2 and 3 carry the text so far as the prefix', async () => {
    server.enqueue(lengthCut(A), lengthCut(B), answer(C, { deltaSize: 5 }));
    const before = chatRequests(server).length;
    const result = (await vscode.commands.executeCommand('deepseek.writeToNewDocument', {
      prompt: 'Write a README section: the upgrade guide',
      source: 'none',
    })) as WriteResult;
    assert.equal(result.outcome, 'done', `ended ${result.outcome}: ${result.message ?? ''}`);
    assert.equal(result.parts, 3);
    const doc = documentFor(result.uri);
    assert.ok(doc, 'the untitled document is not open');
    assert.equal(doc.isUntitled, true);
    assert.equal(doc.getText(), A + B + C, 'the document is not exactly the three parts joined');
    assert.equal(doc.languageId, 'markdown', 'a README is markdown');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), result.uri, 'the new document is not the active editor');

    const reqs = chatRequests(server).slice(before);
    assert.equal(reqs.length, 3);
    assert.ok(reqs.every((r) => r.path === '/beta/chat/completions'), reqs.map((r) => r.path).join(', '));
    assert.equal(lastMessage(reqs[0]!).role, 'user');
    assert.match(lastMessage(reqs[0]!).content, /upgrade guide/);
    assert.deepEqual(lastMessage(reqs[1]!), { role: 'assistant', content: A, prefix: true });
    assert.deepEqual(lastMessage(reqs[2]!), { role: 'assistant', content: A + B, prefix: true });
    for (const r of reqs) assert.equal(messagesOf(r)[1]!.content, messagesOf(reqs[0]!)[1]!.content, 'the question changed between parts');
  });

  test('a document wrapped in one ```python fence: the fence is stripped and the editor is in Python mode', async () => {
    const code = 'def add(a, b):\n    return a + b\n\n\nprint(add(1, 2))\n';
    server.enqueue(answer('```python\n' + code + '```\n', { deltaSize: 3 }));
    const result = (await vscode.commands.executeCommand('deepseek.writeToNewDocument', { prompt: 'a tiny script', source: 'none' })) as WriteResult;
    assert.equal(result.outcome, 'done');
    const doc = await waitFor('the document in python mode', () => {
      const d = documentFor(result.uri);
      return d?.languageId === 'python' ? d : undefined;
    });
    assert.equal(doc.getText(), code);
  });

  test('the selection goes with the request as its source', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const a = 1;\nexport function twice(x: number) {\n  return 2 * x;\n}\n' }));
    editor.selection = new vscode.Selection(1, 0, 3, 1);
    server.enqueue(answer('test("twice", () => expect(twice(2)).toBe(4));\n'));
    const before = chatRequests(server).length;
    const result = (await vscode.commands.executeCommand('deepseek.writeToNewDocument', { prompt: 'Jest tests for this', source: 'selection' })) as WriteResult;
    assert.equal(result.outcome, 'done');
    const sent = messagesOf(chatRequests(server)[before]!)[1]!.content;
    assert.ok(sent.startsWith('Jest tests for this'), sent);
    assert.ok(sent.includes('export function twice(x: number) {\n  return 2 * x;\n}'), `the selection is not in the request:\n${sent}`);
    assert.ok(!sent.includes('const a = 1'), 'unselected text was sent');
    assert.match(sent, /```typescript/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Cancel mid-part stops the stream and keeps the text that arrived', async () => {
    const partial = 'The first lines of a document that is still being written when the user presses Cancel. ';
    server.enqueue(lengthCut(A), stalledAnswer(partial));
    const before = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    const reqsBefore = chatRequests(server).length;
    const running = fire('deepseek.writeToNewDocument', { prompt: 'a long story', source: 'none' }) as Promise<WriteResult>;
    const doc = await waitFor('the untitled document', () => newUntitled(before));
    await waitFor('the partial second part in the editor', () => doc.getText() === A + partial, 15_000);
    const second = chatRequests(server)[reqsBefore + 1]!;
    assert.equal(second.closedAt, undefined, 'the second part ended before Cancel');
    await vscode.commands.executeCommand('deepseek.stopWriting');
    const result = await running;
    assert.equal(result.outcome, 'stopped');
    await waitFor('the server to see the stream closed', () => second.clientAborted);
    assert.equal(doc.getText(), A + partial, 'Cancel lost or changed text');
    assert.equal(chatRequests(server).length, reqsBefore + 2, 'a request was sent after Cancel');
  });

  test('a cut mid-document keeps the text; Resume continues from what is in the editor (with the user\'s own edit)', async () => {
    const sent = 'The second part starts, then the connection ';
    server.enqueue(lengthCut(A), droppedAnswer(sent));
    const result = (await vscode.commands.executeCommand('deepseek.writeToNewDocument', { prompt: 'a long guide', source: 'none' })) as WriteResult;
    assert.equal(result.outcome, 'error', `ended ${result.outcome}`);
    assert.match(result.message ?? '', /kept/);
    const doc = documentFor(result.uri);
    assert.ok(doc);
    assert.equal(doc.getText(), A + sent);
    // The user fixes something before resuming: the continuation starts from the editor's text.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, 0, 1), '#');
    edit.insert(doc.uri, new vscode.Position(0, 0), '<!-- reviewed -->\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const edited = doc.getText();
    server.enqueue(answer('drops, and Resume finishes it.\n'));
    const before = chatRequests(server).length;
    const resumed = (await vscode.commands.executeCommand('deepseek.resumeWriting', result.uri)) as WriteResult;
    assert.equal(resumed.outcome, 'done');
    assert.deepEqual(lastMessage(chatRequests(server)[before]!), { role: 'assistant', content: edited, prefix: true });
    assert.equal(doc.getText(), edited + 'drops, and Resume finishes it.\n');
  });

  test('Write to File: the file on disk follows the stream while it is still open; the whole document at the end', async () => {
    const file = path.join(tmp, 'guide.md');
    const first = 'Line one of the file, written while the answer is still streaming.\n';
    server.enqueue(lengthCut(A), stalledAnswer(first));
    const reqsBefore = chatRequests(server).length;
    const running = fire('deepseek.writeToFile', { prompt: 'an upgrade guide', source: 'none', file }) as Promise<WriteResult>;
    await waitFor('the text so far in the file on disk', () => fs.existsSync(file) && fs.readFileSync(file, 'utf8') === A + first, 10_000);
    const second = chatRequests(server)[reqsBefore + 1]!;
    assert.equal(second.closedAt, undefined, 'the file only appeared after the stream ended');
    await vscode.commands.executeCommand('deepseek.stopWriting');
    const result = await running;
    assert.equal(result.outcome, 'stopped');
    assert.equal(fs.readFileSync(file, 'utf8'), A + first);

    // Resume appends to the same file, with the file's text as the prefix.
    server.enqueue(answer('The end.\n'));
    const before = chatRequests(server).length;
    const resumed = (await vscode.commands.executeCommand('deepseek.resumeWriting', vscode.Uri.file(file).toString())) as WriteResult;
    assert.equal(resumed.outcome, 'done', resumed.message);
    assert.deepEqual(lastMessage(chatRequests(server)[before]!), { role: 'assistant', content: A + first, prefix: true });
    assert.equal(fs.readFileSync(file, 'utf8'), A + first + 'The end.\n');
    await waitFor('the written file open in an editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === file);
  });

  test('deepseek.maxContinuations stops the loop with the text kept', async () => {
    const config = vscode.workspace.getConfiguration('deepseek');
    await config.update('maxContinuations', 1, vscode.ConfigurationTarget.Global);
    try {
      server.enqueue(lengthCut('one. '), lengthCut('two. '));
      const before = chatRequests(server).length;
      const result = (await vscode.commands.executeCommand('deepseek.writeToNewDocument', { prompt: 'count', source: 'none' })) as WriteResult;
      assert.equal(result.outcome, 'limit');
      assert.match(result.message ?? '', /deepseek\.maxContinuations/);
      assert.equal(documentFor(result.uri)?.getText(), 'one. two. ');
      assert.equal(chatRequests(server).length - before, 2);
    } finally {
      await config.update('maxContinuations', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
