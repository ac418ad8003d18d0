// Edit Selection against the project's test server: the proposal streams into a diff, Accept changes
// exactly the selection (one Undo restores it), Discard / Stop / a conflicting edit leave the file
// byte-identical, and "Fix with DeepSeek" is offered on a diagnostic.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answer } from '../server/scenarios';
import { api, chatRequests, lastUserMessage, startServerWithKey, waitFor, type TestServer } from './helpers';

const SAMPLE = [
  '// header: not selected',
  'export class Calc {',
  '  add(a, b) {',
  '    return a + b;',
  '  }',
  '}',
  '// footer: not selected',
  '',
].join('\n');

/** Lines 3–5 (the method), whole lines including the last line break. */
const METHOD_START = SAMPLE.indexOf('  add(a, b)');
const METHOD_END = SAMPLE.indexOf('}\n// footer');

/** The model answers dedented, with chatter and a fence: the proposal must be re-indented and bare. */
const MODEL_ANSWER = [
  'Here is the typed method:',
  '',
  '```ts',
  'add(a: number, b: number): number {',
  '  // typed',
  '  return a + b;',
  '}',
  '```',
  '',
  'It now has types.',
].join('\n');
const EXPECTED_METHOD = '  add(a: number, b: number): number {\n    // typed\n    return a + b;\n  }\n';

function editsOnly(server: TestServer, before: number) {
  return chatRequests(server).slice(before);
}

suite('Edit Selection', () => {
  let server: TestServer;
  let uri: vscode.Uri;

  suiteSetup(async () => {
    server = await startServerWithKey();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has no workspace folder');
    uri = vscode.Uri.joinPath(folder.uri, 'edit-sample.js');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('deepseek.discardEdit');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server?.close();
  });

  /** A fresh saved file with the method selected. */
  async function openSample(): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
    await vscode.commands.executeCommand('deepseek.discardEdit');
    // Put the sample back through the document when it is open (an earlier test may have left it
    // changed), so closing editors never meets unsaved changes; otherwise write the file.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open && (open.isDirty || open.getText() !== SAMPLE)) {
      const reset = new vscode.WorkspaceEdit();
      reset.replace(uri, new vscode.Range(0, 0, open.lineCount, 0), SAMPLE);
      assert.ok(await vscode.workspace.applyEdit(reset), 'could not reset the sample');
      assert.ok(await open.save(), 'could not save the reset sample');
    } else if (!open) {
      await vscode.workspace.fs.writeFile(uri, Buffer.from(SAMPLE));
    }
    // An Accepted edit may have been saved (files.refactoring.autoSave): the file on disk goes back too.
    if ((await diskText().catch(() => '')) !== SAMPLE) await vscode.workspace.fs.writeFile(uri, Buffer.from(SAMPLE));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const doc = await vscode.workspace.openTextDocument(uri);
    await waitFor('the document and the file to hold the sample, saved', async () => doc.getText() === SAMPLE && !doc.isDirty && (await diskText()) === SAMPLE);
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(doc.positionAt(METHOD_START), doc.positionAt(METHOD_END));
    return { doc, editor };
  }

  async function diskText(): Promise<string> {
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  }

  test('Accept replaces exactly the selection (re-indented, no fence or chatter); one Undo restores it', async () => {
    const deepseek = await api();
    const { doc } = await openSample();
    server.enqueue(answer(MODEL_ANSWER, { deltaSize: 7, delayMs: 3 }));
    const before = chatRequests(server).length;

    await vscode.commands.executeCommand('deepseek.editSelection', { instruction: 'add number types' });
    const snap = await waitFor('the proposal to be ready', () => deepseek.getEdit()?.status === 'ready' && deepseek.getEdit(), 20_000);
    assert.equal(snap.proposal, EXPECTED_METHOD);

    const req = editsOnly(server, before)[0];
    assert.ok(req, 'no request reached the server');
    const sent = lastUserMessage(req);
    assert.match(sent, /Instruction: add number types/);
    assert.ok(sent.includes(SAMPLE.slice(METHOD_START, METHOD_END)), `the selected code is not in the request:\n${sent}`);

    // The diff's right side is the file with the proposal in place; the file itself is untouched.
    const proposalDoc = await vscode.workspace.openTextDocument(vscode.Uri.parse(snap.proposalUri));
    const expectedFile = SAMPLE.slice(0, METHOD_START) + EXPECTED_METHOD + SAMPLE.slice(METHOD_END);
    await waitFor('the diff to show the proposal', () => proposalDoc.getText() === expectedFile);
    assert.equal(doc.getText(), SAMPLE, 'the file changed before Accept');
    const diffTab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff);
    assert.ok(diffTab, 'no diff editor is open');

    assert.equal(await vscode.commands.executeCommand('deepseek.acceptEdit'), true, 'Accept refused');
    assert.equal(doc.getText(), expectedFile);
    assert.equal(deepseek.getEdit(), undefined, 'the edit is still pending after Accept');
    await waitFor('the diff to close', () => !vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff));

    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('undo');
    await waitFor('one Undo to restore the file', () => doc.getText() === SAMPLE);
  });

  test('the diff fills while the answer streams, before it ends', async () => {
    const deepseek = await api();
    await openSample();
    const body = Array.from({ length: 60 }, (_, i) => `  // step ${i + 1}`).join('\n');
    server.enqueue(answer('```js\nadd(a, b) {\n' + body + '\n  return a + b;\n}\n```', { deltaSize: 6, delayMs: 15 }));
    await vscode.commands.executeCommand('deepseek.editSelection', { instruction: 'explain each step in comments' });
    const first = await waitFor('a pending edit', () => deepseek.getEdit());
    const proposalDoc = await vscode.workspace.openTextDocument(vscode.Uri.parse(first.proposalUri));
    const seen = new Set<string>();
    await waitFor(
      'the diff to show three growing states while streaming',
      () => {
        if (deepseek.getEdit()?.status === 'streaming' && proposalDoc.getText() !== SAMPLE) seen.add(proposalDoc.getText());
        return seen.size >= 3 || deepseek.getEdit()?.status !== 'streaming';
      },
      30_000,
      5,
    );
    assert.ok(seen.size >= 3, `the diff changed only ${seen.size} times while streaming`);
    for (const text of seen) assert.ok(!text.includes('```'), 'a fence reached the diff');
    await waitFor('the proposal to be ready', () => deepseek.getEdit()?.status === 'ready', 30_000);
    await waitFor('the diff to show the whole proposal', () => proposalDoc.getText().includes('// step 60'));
    await vscode.commands.executeCommand('deepseek.discardEdit');
  });

  for (const how of ['Discard Edit', 'Stop'] as const) {
    test(`${how} while streaming stops the request and leaves the file byte-identical`, async () => {
      const deepseek = await api();
      const { doc } = await openSample();
      const slow = Array.from({ length: 400 }, (_, i) => `  // line ${i}`).join('\n');
      server.enqueue(answer('```js\n' + slow + '\n```', { deltaSize: 4, delayMs: 20 }));
      const before = chatRequests(server).length;
      const diskBefore = await vscode.workspace.fs.readFile(uri);
      await vscode.commands.executeCommand('deepseek.editSelection', { instruction: 'be slow' });
      await waitFor('some proposal text', () => (deepseek.getEdit()?.proposal.length ?? 0) > 20, 20_000);
      const req = await waitFor('the request', () => editsOnly(server, before)[0]);
      await vscode.commands.executeCommand(how === 'Stop' ? 'deepseek.stop' : 'deepseek.discardEdit');
      await waitFor('the edit to end', () => deepseek.getEdit() === undefined);
      await waitFor('the server to see the stream closed', () => req.clientAborted, 5000);
      assert.equal(doc.getText(), SAMPLE);
      assert.equal(doc.isDirty, false);
      assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(uri)), Buffer.from(diskBefore), 'the file on disk changed');
      await waitFor('the diff to close', () => !vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff));
    });
  }

  test('text typed above the selection meanwhile: Accept still lands on the selected code', async () => {
    const deepseek = await api();
    const { doc } = await openSample();
    server.enqueue(answer(MODEL_ANSWER, { deltaSize: 7, delayMs: 3 }));
    await vscode.commands.executeCommand('deepseek.editSelection', { instruction: 'add number types' });
    await waitFor('the proposal to be ready', () => deepseek.getEdit()?.status === 'ready', 20_000);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '// typed meanwhile\n');
    edit.insert(uri, doc.positionAt(SAMPLE.length), '// and at the end\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(await vscode.commands.executeCommand('deepseek.acceptEdit'), true);
    assert.equal(
      doc.getText(),
      '// typed meanwhile\n' + SAMPLE.slice(0, METHOD_START) + EXPECTED_METHOD + SAMPLE.slice(METHOD_END) + '// and at the end\n',
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('the selected code changed meanwhile: Accept refuses and changes nothing', async () => {
    const deepseek = await api();
    const { doc } = await openSample();
    server.enqueue(answer(MODEL_ANSWER, { deltaSize: 7, delayMs: 3 }));
    await vscode.commands.executeCommand('deepseek.editSelection', { instruction: 'add number types' });
    await waitFor('the proposal to be ready', () => deepseek.getEdit()?.status === 'ready', 20_000);
    const edit = new vscode.WorkspaceEdit();
    const inside = doc.positionAt(SAMPLE.indexOf('return a + b'));
    edit.insert(uri, inside, 'void 0; ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const changed = doc.getText();
    assert.match(deepseek.getEdit()?.problem ?? '', /changed/);
    assert.equal(await vscode.commands.executeCommand('deepseek.acceptEdit'), false, 'Accept applied over changed code');
    assert.equal(doc.getText(), changed);
    await vscode.commands.executeCommand('deepseek.discardEdit');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('Apply on a code block of an Explain Selection answer reviews it against that selection; Accept replaces it', async () => {
    const deepseek = await api();
    const { doc } = await openSample();
    const code = '  add(a, b) {\n    return Number(a) + Number(b);\n  }';
    server.enqueue(answer('It adds.\n\n```js\n' + code + '\n```\n', { deltaSize: 9 }));
    await vscode.commands.executeCommand('deepseek.explainSelection');
    await deepseek.whenIdle();
    const turn = deepseek.getState().turns.at(-1);
    assert.ok(turn && turn.status === 'done', 'the explain answer did not finish');
    assert.deepEqual(turn.attachments?.map((a) => [a.kind, a.lines]), [['selection', { start: 3, end: 5 }]]);
    const before = chatRequests(server).length;
    await vscode.commands.executeCommand('deepseek.applyCodeBlock', turn.id, code);
    const snap = await waitFor('the review to open', () => deepseek.getEdit()?.status === 'ready' && deepseek.getEdit());
    assert.equal(chatRequests(server).length, before, 'Apply sent a request');
    assert.equal(snap.proposal, code);
    assert.equal(doc.getText(), SAMPLE, 'the file changed before Accept');
    assert.equal(await vscode.commands.executeCommand('deepseek.acceptEdit'), true);
    assert.equal(doc.getText(), SAMPLE.replace('    return a + b;', '    return Number(a) + Number(b);'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('"Fix with DeepSeek" is offered on a diagnostic and edits its lines with the message as instruction', async () => {
    const deepseek = await api();
    const { doc } = await openSample();
    const diagnostics = vscode.languages.createDiagnosticCollection('edits-test');
    try {
      const line = 3; // '    return a + b;'
      const range = new vscode.Range(line, 11, line, 16);
      const diagnostic = new vscode.Diagnostic(range, "Operator '+' needs numbers", vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'edits-test';
      diagnostics.set(uri, [diagnostic]);
      const actions = await waitFor('the quick fix', async () => {
        const all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
        return all?.find((a) => a.title === 'Fix with DeepSeek');
      });
      assert.equal(actions.command?.command, 'deepseek.editSelection');
      server.enqueue(answer('```js\n    return Number(a) + Number(b);\n```', { deltaSize: 5 }));
      const before = chatRequests(server).length;
      await vscode.commands.executeCommand(actions.command!.command, ...(actions.command!.arguments ?? []));
      const snap = await waitFor('the fix to be ready', () => deepseek.getEdit()?.status === 'ready' && deepseek.getEdit(), 20_000);
      const sent = lastUserMessage(editsOnly(server, before)[0]!);
      assert.match(sent, /Operator '\+' needs numbers/);
      assert.ok(sent.includes('Selected code to replace:\n```javascript\n    return a + b;\n```'), `the diagnostic's line was not the selection:\n${sent}`);
      assert.equal(snap.proposal, '    return Number(a) + Number(b);');
      assert.equal(await vscode.commands.executeCommand('deepseek.acceptEdit'), true);
      assert.equal(doc.getText(), SAMPLE.replace('    return a + b;', '    return Number(a) + Number(b);'));
      await vscode.commands.executeCommand('workbench.action.files.revert');
    } finally {
      diagnostics.dispose();
    }
  });
});
