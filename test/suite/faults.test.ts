// Faults through the whole path (test server → client → controller → panel state → disk) in a real
// extension host. For each: the user sees what happened in words, nothing already received is lost
// (in the panel and in the saved conversation), and the panel answers the next question.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TurnView } from '../../src/shared/protocol';
import { answer, chunk, defaultAnswer, errorResponse, raw, scenarios, sse } from '../server/scenarios';
import { savedWithQuestion } from './disk';
import {
  api,
  chatRequests,
  fire,
  header,
  lastTurn,
  lastUserMessage,
  startServerWithKey,
  waitFor,
  type TestServer,
} from './helpers';
import { scenarioText } from './sent';

suite('Faults', () => {
  let server: TestServer;

  suiteSetup(async () => {
    server = await startServerWithKey();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('deepseek.stop');
    const config = vscode.workspace.getConfiguration('deepseek');
    await config.update('idleTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await config.update('maxRetries', 3, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  setup(async () => {
    await vscode.commands.executeCommand('deepseek.newChat');
    await (await api()).whenIdle();
  });

  /** Asks and waits for the answer to end; returns the turn and the requests it made. */
  async function ask(question: string) {
    const deepseek = await api();
    const before = chatRequests(server).length;
    await vscode.commands.executeCommand('deepseek.ask', question);
    await deepseek.whenIdle();
    const turn = lastTurn(deepseek.getState());
    assert.equal(turn.question, question);
    return { turn, requests: chatRequests(server).slice(before) };
  }

  /** The error is words a person can read: no stack, no markup, not empty, not a wall of text. */
  function assertReadable(turn: TurnView): void {
    const m = turn.error?.message ?? '';
    assert.ok(m.length >= 15 && m.length <= 400, `unreadable message length ${m.length}: "${m}"`);
    assert.ok(!/\n\s+at /.test(m), `the message has a stack trace: ${m}`);
    assert.ok(!/<[a-z!/]/i.test(m), `the message has markup: ${m}`);
    assert.ok(!/undefined|\[object /.test(m), `the message shows a programming artefact: ${m}`);
  }

  /** The saved conversation has this turn's text exactly as the panel shows it. */
  async function assertSaved(turn: TurnView): Promise<void> {
    await waitFor(
      'the turn saved as shown',
      () => {
        const saved = savedWithQuestion(turn.question)?.data.turns.find((t) => t.question === turn.question);
        return saved && saved.status === turn.status && saved.answer === turn.answer;
      },
      3000,
    );
  }

  /** The panel answers the next question, and the faulty turn above it is unchanged. */
  async function assertNextQuestionWorks(previous: TurnView): Promise<void> {
    const text = 'The next answer arrives as usual.';
    server.enqueue(answer(text, { deltaSize: 5, delayMs: 1 }));
    const { turn, requests } = await ask(`And the next question? (${Date.now()})`);
    assert.equal(turn.status, 'done', `the next question ended ${turn.status}: ${turn.error?.message ?? ''}`);
    assert.equal(turn.answer, text);
    assert.equal(requests.length, 1);
    const turns = (await api()).getState().turns;
    const again = turns.find((t) => t.id === previous.id);
    assert.ok(again, 'the faulty turn disappeared');
    assert.equal(again.answer, previous.answer, 'the faulty turn lost text');
    assert.equal(again.status, previous.status);
  }

  test('connection reset mid-answer: the words received stay, the error says the connection broke, Continue is offered', async () => {
    const text = 'Words that arrived before the connection broke: alpha, beta, gamma, delta.';
    const s = answer(text, { finish: null, done: false, deltaSize: 6, delayMs: 5 });
    s.steps.push({ sleepMs: 150 }, { reset: true });
    server.enqueue(s);
    const { turn, requests } = await ask(`Explain resets (${Date.now()})`);
    assert.equal(turn.status, 'error');
    assert.equal(turn.error?.kind, 'network', `kind ${turn.error?.kind}: ${turn.error?.message}`);
    assert.match(turn.error?.message ?? '', /connection/i);
    assert.match(turn.error?.message ?? '', /reset|broke|closed|lost/i);
    assertReadable(turn);
    assert.equal(turn.answer, text, 'the text received before the reset was not kept whole');
    assert.equal(turn.canContinue, true, 'Continue is not offered');
    assert.equal(requests.length, 1, 'retried after the answer had started');
    await assertSaved(turn);
    await assertNextQuestionWorks(turn);
  });

  test('a stalled answer ends with a timeout at deepseek.idleTimeoutSeconds (5 s), text kept', async function () {
    // The server stalls for 30 s; the default idle timeout is 120 s: a setting not applied hangs to here.
    this.timeout(28_000);
    const config = vscode.workspace.getConfiguration('deepseek');
    await config.update('idleTimeoutSeconds', 5, vscode.ConfigurationTarget.Global);
    await waitFor('the idle timeout to apply', () => vscode.workspace.getConfiguration('deepseek').get('idleTimeoutSeconds') === 5);
    try {
      const text = 'The beginning of an answer, and then the server goes quiet';
      const s = answer(text, { finish: null, done: false, deltaSize: 8, delayMs: 2 });
      s.steps.push({ sleepMs: 30_000 });
      server.enqueue(s);
      const deepseek = await api();
      const question = `Stall please (${Date.now()})`;
      const asked = fire('deepseek.ask', question);
      await waitFor('all the text', () => lastTurn(deepseek.getState()).answer === text ? true : undefined, 20_000, 10);
      const lastText = Date.now();
      await asked;
      await deepseek.whenIdle();
      const waited = Date.now() - lastText;
      const turn = lastTurn(deepseek.getState());
      assert.equal(turn.status, 'error');
      assert.equal(turn.error?.kind, 'timeout', `kind ${turn.error?.kind}: ${turn.error?.message}`);
      assert.match(turn.error?.message ?? '', /stalled|idle|nothing new/i);
      assertReadable(turn);
      // Order, not speed: not before the 5 s; the message says which limit ended it.
      assert.ok(waited >= 4500, `the stall ended after ${waited} ms, before the 5 s idle timeout`);
      assert.match(turn.error?.message ?? '', /for 5 s \(idle timeout\)/);
      assert.equal(turn.answer, text);
      assert.equal(turn.canContinue, true, 'Continue is not offered after a timeout');
      const req = chatRequests(server).at(-1)!;
      await waitFor('the stalled connection to be closed', () => req.clientAborted, 30_000);
      await assertSaved(turn);
    } finally {
      await config.update('idleTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
    await assertNextQuestionWorks(lastTurn((await api()).getState()));
  });

  test('503 twice, then success: one finished answer after three requests', async () => {
    const busy = () => errorResponse(503, { error: { message: 'Server overloaded, please retry', type: 'server_error' } });
    const text = 'Third time lucky: the answer.';
    server.enqueue(busy(), busy(), answer(text));
    const { turn, requests } = await ask(`Busy server (${Date.now()})`);
    assert.equal(turn.status, 'done', `ended ${turn.status}: ${turn.error?.message ?? ''}`);
    assert.equal(turn.answer, text);
    assert.equal(turn.retryNote, undefined, 'the retry note stayed after the answer');
    assert.equal(requests.length, 3);
    const ids = new Set(requests.map((r) => header(r, 'x-request-id')));
    assert.equal(ids.size, 1, 'the retries are not the same logical request (X-Request-ID changed)');
    assert.equal((await api()).getState().turns.length, 1, 'a retry created another turn');
    await assertSaved(turn);
  });

  test('402 insufficient balance: a balance message, not retried', async () => {
    server.enqueue(errorResponse(402, { error: { message: 'Insufficient Balance', type: 'unknown_error' } }));
    const before = chatRequests(server).length;
    const { turn } = await ask(`Am I out of credit? (${Date.now()})`);
    assert.equal(turn.status, 'error');
    assert.equal(turn.error?.kind, 'balance');
    assert.equal(turn.error?.status, 402);
    assert.match(turn.error?.message ?? '', /balance/i);
    assert.match(turn.error?.message ?? '', /top up/i, 'the message does not say what to do');
    assertReadable(turn);
    // The client retries only before it gives up: once the turn shows the error, no retry can follow.
    assert.equal(chatRequests(server).length - before, 1, '402 was retried');
    await assertNextQuestionWorks(turn);
  });

  test('an HTML 500 page with maxRetries 0: one request, a message without the page', async () => {
    const config = vscode.workspace.getConfiguration('deepseek');
    await config.update('maxRetries', 0, vscode.ConfigurationTarget.Global);
    await waitFor('maxRetries 0 to apply', () => vscode.workspace.getConfiguration('deepseek').get('maxRetries') === 0);
    let turn: TurnView;
    try {
      const r = await ask(`Is the server up? (${Date.now()}) #html500`);
      turn = r.turn;
      assert.equal(r.requests.length, 1, 'retried although maxRetries is 0');
      assert.equal(turn.status, 'error');
      assert.equal(turn.error?.kind, 'server');
      assert.equal(turn.error?.status, 500);
      assert.ok(!/<html|<!doctype|<body|nginx/i.test(turn.error?.message ?? ''), `the page leaked into the message: ${turn.error?.message}`);
      assert.match(turn.error?.message ?? '', /500/);
      assertReadable(turn);
    } finally {
      await config.update('maxRetries', 3, vscode.ConfigurationTarget.Global);
    }
    await assertNextQuestionWorks(turn);
  });

  test('a malformed stream event: a readable error, the text before it kept', async () => {
    server.enqueue(
      raw([
        sse(chunk({ role: 'assistant', content: '' })),
        sse(chunk({ content: 'Words that arrived ' })),
        sse(chunk({ content: 'before the bad event.' })),
        'data: {not json\n\n',
        sse(chunk({ content: ' Never shown.' })),
        'data: [DONE]\n\n',
      ]),
    );
    const { turn, requests } = await ask(`Send me garbage (${Date.now()})`);
    assert.equal(turn.status, 'error');
    assert.equal(turn.error?.kind, 'protocol');
    assert.match(turn.error?.message ?? '', /malformed|invalid json/i);
    assertReadable(turn);
    assert.equal(turn.answer, 'Words that arrived before the bad event.');
    assert.equal(requests.length, 1);
    await assertSaved(turn);
    await assertNextQuestionWorks(turn);
  });

  test('asking 10 times rapidly: the last answer is done, the nine before it stopped, nothing lost', async function () {
    this.timeout(30_000);
    const deepseek = await api();
    const before = chatRequests(server).length;
    const stamp = Date.now();
    const questions = Array.from({ length: 10 }, (_, i) => `Rapid question ${i + 1} of 10 (${stamp})`);
    // Each answer is the server's default (it quotes its question): slow enough (~40 deltas, 2 ms
    // apart) that an answer is still streaming when the next question comes.
    await Promise.all(questions.map((q) => fire('deepseek.ask', q)));
    await deepseek.whenIdle();

    const turns = deepseek.getState().turns;
    assert.deepEqual(
      turns.map((t) => t.question),
      questions,
      'expected exactly the ten questions, in order, one turn each',
    );
    const statuses = turns.map((t) => t.status);
    assert.deepEqual(statuses, [...Array(9).fill('stopped'), 'done'], `statuses: ${statuses.join(', ')}`);
    assert.equal(turns[9].answer, scenarioText(defaultAnswer(questions[9])), 'the last answer is not complete');
    for (let i = 0; i < 9; i++) {
      const full = scenarioText(defaultAnswer(questions[i]));
      assert.ok(full.startsWith(turns[i].answer), `turn ${i + 1}'s text is not what the server sent for it`);
    }
    // Every request belongs to one of the questions and none is still open.
    const reqs = chatRequests(server).slice(before);
    assert.ok(reqs.length <= 10, `${reqs.length} requests for 10 questions`);
    for (const r of reqs) assert.ok(questions.includes(lastUserMessage(r)), `a request asked "${lastUserMessage(r)}"`);
    await waitFor('every connection closed', () => reqs.every((r) => r.closedAt !== undefined), 30_000);
    // Received text kept on disk too, for every turn.
    await waitFor(
      'the ten turns saved as shown',
      () => {
        const saved = savedWithQuestion(questions[9])?.data.turns;
        return (
          saved?.length === 10 &&
          saved.every((t, i) => t.question === questions[i] && t.answer === turns[i].answer && t.status === turns[i].status)
        );
      },
      3000,
    );
  });

  // Last: rendering 5 MB in the panel can keep the workbench busy for seconds.
  test('a 5 MB answer streamed fast completes whole, and the next question is answered', async function () {
    this.timeout(180_000); // a no-hang bound; how fast is a bench figure
    const long = scenarios.long();
    const expected = scenarioText(long);
    assert.ok(expected.length >= 5 * 1024 * 1024, `the #long scenario is only ${expected.length} chars`);
    server.enqueue(long);
    const { turn } = await ask(`Write a very long answer (${Date.now()}) #long`);
    assert.equal(turn.status, 'done', `ended ${turn.status}: ${turn.error?.message ?? ''}`);
    assert.equal(turn.answer.length, expected.length, 'the long answer is not complete');
    assert.ok(turn.answer === expected, 'the long answer differs from what was sent');
    await waitFor(
      'the 5 MB answer saved whole',
      () => savedWithQuestion(turn.question)?.data.turns[0]?.answer.length === expected.length,
      5000,
      100,
    );
    await assertNextQuestionWorks(turn);
  });
});
