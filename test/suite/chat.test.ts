// Asking, streaming, Explain Selection, Stop and errors, against the project's DeepSeek-compatible
// test server started inside this extension host (deepseek.baseUrl points at it).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answer, errorResponse } from '../server/scenarios';
import {
  api,
  bodyOf,
  chatPanelTab,
  chatRequests,
  fire,
  header,
  lastTurn,
  lastUserMessage,
  startServerWithKey,
  TEST_KEY,
  waitFor,
  type TestServer,
} from './helpers';

suite('Chat', () => {
  let server: TestServer;

  suiteSetup(async () => {
    server = await startServerWithKey();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('deepseek.stop');
    await server?.close();
  });

  setup(async () => {
    await vscode.commands.executeCommand('deepseek.newChat');
    const deepseek = await api();
    await deepseek.whenIdle();
    assert.equal(deepseek.getState().turns.length, 0, 'New Chat left turns behind');
  });

  test('Ask DeepSeek streams the answer into the panel', async () => {
    const deepseek = await api();
    const question = 'What does Array.prototype.flatMap do? (in-host ask test)';
    const expected =
      '## flatMap\n\n`flatMap` maps each element and **flattens** the result one level:\n\n' +
      '```js\n[1, 2].flatMap((x) => [x, x * 10]); // [1, 10, 2, 20]\n```\n\nThat is all.';
    server.enqueue(answer(expected, { deltaSize: 3, delayMs: 2 }));
    const before = chatRequests(server).length;

    await vscode.commands.executeCommand('deepseek.ask', question);
    await deepseek.whenIdle();

    const state = deepseek.getState();
    assert.equal(state.turns.length, 1);
    const turn = lastTurn(state);
    assert.equal(turn.question, question);
    assert.equal(turn.status, 'done', `turn ended ${turn.status}: ${turn.error?.message ?? ''}`);
    assert.equal(turn.answer, expected);
    assert.equal(deepseek.isPanelVisible(), true, 'the chat is not visible');
    // The default surface is the side bar view: no editor tab is opened for it.
    assert.deepEqual(deepseek.chatSurfaces(), { view: true, editor: false });
    assert.equal(chatPanelTab(), undefined, 'a DeepSeek editor tab was opened');

    const reqs = chatRequests(server).slice(before);
    assert.equal(reqs.length, 1, `expected one request, the server saw ${reqs.length}`);
    const req = reqs[0];
    const body = bodyOf(req);
    assert.equal(body.stream, true, 'the request did not ask for a stream');
    assert.equal(lastUserMessage(req), question);
    assert.equal(header(req, 'authorization'), `Bearer ${TEST_KEY}`);
    assert.match(header(req, 'x-request-id') ?? '', /\S{8,}/, 'no X-Request-ID header');
  });

  test('Explain Selection sends the selected code with its language and file name', async () => {
    const deepseek = await api();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has no workspace folder');
    const uri = vscode.Uri.joinPath(folder.uri, 'explain-sample.ts');
    const lines = [
      '// not selected: header comment',
      'export function fizzBuzz(n: number): string {',
      "  if (n % 15 === 0) return 'FizzBuzz';",
      "  return n % 3 === 0 ? 'Fizz' : String(n);",
      '}',
      '// not selected: footer comment',
    ];
    await vscode.workspace.fs.writeFile(uri, Buffer.from(lines.join('\n') + '\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    assert.equal(doc.languageId, 'typescript');
    editor.selection = new vscode.Selection(1, 0, 4, 1); // lines 2–5
    const selected = doc.getText(editor.selection);
    const before = chatRequests(server).length;

    await vscode.commands.executeCommand('deepseek.explainSelection');
    await deepseek.whenIdle();

    const turn = lastTurn(deepseek.getState());
    assert.equal(turn.status, 'done', `turn ended ${turn.status}: ${turn.error?.message ?? ''}`);
    assert.ok(turn.answer.length > 0, 'no answer text');
    const reqs = chatRequests(server).slice(before);
    assert.equal(reqs.length, 1);
    const sent = lastUserMessage(reqs[0]);
    assert.ok(sent.includes(selected), `the selected code is not in the request:\n${sent}`);
    assert.match(sent, /```typescript\n/, 'the code block is not tagged typescript');
    assert.ok(sent.includes('explain-sample.ts'), 'the file name is not in the request');
    assert.ok(!sent.includes('not selected'), 'unselected lines were sent');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Stop ends a streaming answer: partial text kept, connection closed within a second', async () => {
    const deepseek = await api();
    const before = chatRequests(server).length;
    const asked = fire('deepseek.ask', 'Tell me a long story #slow');

    const partial = await waitFor('some streamed text', () => {
      const t = deepseek.getState().turns.at(-1);
      return t?.status === 'streaming' && t.answer.length > 0 ? t.answer : undefined;
    });
    const req = await waitFor('the request', () => chatRequests(server).slice(before)[0]);
    assert.equal(req.clientAborted, false, 'the server saw the connection end before Stop');

    const stoppedAt = Date.now();
    await vscode.commands.executeCommand('deepseek.stop');
    await asked;
    await deepseek.whenIdle();

    const turn = lastTurn(deepseek.getState());
    assert.equal(turn.status, 'stopped');
    assert.ok(turn.answer.startsWith(partial), 'the partial text was not kept');
    assert.ok(turn.answer.length > 0);
    await waitFor('the server to see the socket closed', () => req.clientAborted && req.closedAt !== undefined, 30_000);
    const closedAt = typeof req.closedAt === 'number' ? req.closedAt : new Date(req.closedAt as unknown as string).getTime();
    assert.ok(closedAt - stoppedAt < 1000, `the connection closed ${closedAt - stoppedAt} ms after Stop`);
  });

  test('asking while an answer streams stops the first answer', async () => {
    const deepseek = await api();
    const before = chatRequests(server).length;
    const first = fire('deepseek.ask', 'First question, slowly #slow');
    await waitFor('the first answer to stream', () => {
      const t = deepseek.getState().turns.at(-1);
      return t?.status === 'streaming' && t.answer.length > 0;
    });
    const firstReq = await waitFor('the first request', () => chatRequests(server).slice(before)[0]);

    server.enqueue(answer('Second answer.'));
    await vscode.commands.executeCommand('deepseek.ask', 'Second question');
    await first;
    await deepseek.whenIdle();

    const turns = deepseek.getState().turns;
    assert.equal(turns.length, 2);
    assert.equal(turns[0].status, 'stopped', 'the first answer was not stopped');
    assert.ok(turns[0].answer.length > 0, 'the first answer lost its partial text');
    assert.equal(turns[1].status, 'done');
    assert.equal(turns[1].answer, 'Second answer.');
    await waitFor('the first connection to be closed', () => firstReq.clientAborted, 30_000);
    assert.equal(chatRequests(server).length - before, 2);
  });

  test('401 becomes an auth error with a readable message and a Set API Key action', async () => {
    const deepseek = await api();
    await vscode.commands.executeCommand('deepseek.ask', 'Does my key work? #unauthorized');
    await deepseek.whenIdle();
    const turn = lastTurn(deepseek.getState());
    assert.equal(turn.status, 'error');
    assert.ok(turn.error, 'no error on the turn');
    assert.equal(turn.error.kind, 'auth');
    assert.equal(turn.error.status, 401);
    assert.ok(turn.error.actions.includes('setApiKey'), `actions: ${turn.error.actions.join(', ')}`);
    assert.ok(turn.error.message.length >= 10, `message too short: "${turn.error.message}"`);
    assert.ok(!/\n\s+at /.test(turn.error.message), 'the message contains a stack trace');
    assert.ok(!turn.error.message.includes(TEST_KEY), 'the message contains the key');
  });

  test('429 is retried after Retry-After and the answer arrives once', async () => {
    const deepseek = await api();
    const before = chatRequests(server).length;
    server.enqueue(
      errorResponse(429, { error: { message: 'Rate limit reached', type: 'rate_limit_error' } }, { 'Retry-After': '1' }),
      answer('Answer after the rate limit.'),
    );
    const started = Date.now();
    await vscode.commands.executeCommand('deepseek.ask', 'Rate limited question');
    await deepseek.whenIdle();

    const state = deepseek.getState();
    assert.equal(state.turns.length, 1, 'the retry created another turn');
    const turn = lastTurn(state);
    assert.equal(turn.status, 'done', `turn ended ${turn.status}: ${turn.error?.message ?? ''}`);
    assert.equal(turn.answer, 'Answer after the rate limit.');
    assert.equal(chatRequests(server).length - before, 2, 'expected exactly two requests (429, then the answer)');
    assert.ok(Date.now() - started >= 900, 'Retry-After: 1 was not honoured');
  });

  test('a stream cut off mid-answer becomes a truncated error that keeps the partial text', async () => {
    const deepseek = await api();
    await vscode.commands.executeCommand('deepseek.ask', 'Explain closures #cutoff');
    await deepseek.whenIdle();
    const turn = lastTurn(deepseek.getState());
    assert.equal(turn.status, 'error');
    assert.equal(turn.error?.kind, 'truncated', `error kind ${turn.error?.kind}: ${turn.error?.message}`);
    assert.ok(turn.answer.length > 0, 'the partial text was dropped');
    assert.ok((turn.error?.message.length ?? 0) >= 10, 'no readable message');
  });
});
