// The host's chat controller against the project's test server on loopback: what the panel is told.
import * as assert from 'node:assert/strict';
import { ChatController } from '../../../../../src/host/panel/common/chatController';
import { waitFor as waitUntil } from '../../../helpers';
import { tokenSource } from './tokenSource';
import { readSettings } from '../../../../../src/host/core/common/settings';
import type { HostMessage } from '../../../../../src/shared/protocol';
import type { LogEntry } from '../../../../../src/deepseek/types';
import { startTestServer, answer, errorResponse, type TestServer } from '../../../../server';

const KEY = 'sk-planted-key-7f3a9c';


interface Harness {
  controller: ChatController;
  posted: HostMessage[];
  logs: LogEntry[];
  missingKey: number;
}

function harness(server: TestServer | undefined, overrides: Record<string, unknown> = {}, key: string | null = KEY): Harness {
  const posted: HostMessage[] = [];
  const logs: LogEntry[] = [];
  const h: Harness = { posted, logs, missingKey: 0 } as Harness;
  const values: Record<string, unknown> = {
    baseUrl: server?.url ?? 'https://api.deepseek.com',
    model: 'deepseek-flash',
    systemPrompt: 'sys',
    maxRetries: 2,
    idleTimeoutSeconds: 5,
    ...overrides,
  };
  h.controller = new ChatController(
    {
      settings: () => readSettings((k) => values[k]),
      apiKey: async () => key ?? undefined,
      offerToSetKey: () => h.missingKey++,
      logRequest: (e) => logs.push(e),
    },
    {
      post: (m) => posted.push(structuredClone(m)),
      createCancellation: tokenSource,
      frameMs: 5,
    },
  );
  return h;
}

function deltaText(posted: HostMessage[], turn: string, field: 'content' | 'reasoning' = 'content'): string {
  let seq = 0;
  let text = '';
  for (const m of posted) {
    if (m.type === 'delta' && m.turn === turn) {
      assert.equal(m.seq, seq + 1, 'seq increases by one per delta');
      seq = m.seq;
      text += m[field] ?? '';
    }
  }
  return text;
}

const waitFor = (cond: () => boolean, ms = 10_000) => waitUntil('the controller to get there', cond, ms);

describe('host: chat controller with the test server', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('streams an answer as coalesced deltas and ends the turn done', async () => {
    const text = '# Title\n\n' + 'Some words that stream in. '.repeat(200);
    server.enqueue(answer(text, { deltaSize: 7 }));
    const h = harness(server);
    await h.controller.ask('hello?');
    const [turn] = h.controller.state().turns;
    assert.equal(turn.status, 'done');
    assert.equal(turn.answer, text);
    assert.equal(deltaText(h.posted, turn.id), text);
    const deltas = h.posted.filter((m) => m.type === 'delta').length;
    assert.ok(deltas < text.length / 7, `deltas are coalesced (${deltas} posts for ${Math.ceil(text.length / 7)} server deltas)`);
    const end = h.posted.at(-1);
    assert.ok(end?.type === 'turnEnd' && end.status === 'done' && end.seq === deltas);
    const start = h.posted[0];
    assert.ok(start.type === 'turnStart' && start.title === 'hello?', 'the first question names the chat in the page header at once');
    const body = server.requests[0].body;
    assert.deepEqual(body.messages, [
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'hello?' },
    ]);
  });

  it("an answer's end goes out before the end-of-answer work (state, save) starts", async () => {
    // VS Code's extension host writes posted messages to its socket in a timer task (setTimeout 0):
    // work done in the task that posts turnEnd holds the message back. Mimic that writer here.
    server.enqueue(answer('words '.repeat(2000), { deltaSize: 50 }));
    const events: string[] = [];
    const controller = new ChatController(
      {
        settings: () => readSettings((k) => ({ baseUrl: server.url, model: 'deepseek-flash', maxRetries: 0 })[k]),
        apiKey: async () => KEY,
        offerToSetKey: () => undefined,
      },
      {
        post: (m) => {
          if (m.type === 'turnEnd') setTimeout(() => events.push('turnEnd written'), 0);
        },
        createCancellation: tokenSource,
        onDidChangeState: () => events.push(controller.isStreaming ? 'started' : 'ended'),
        frameMs: 5,
      },
    );
    await controller.ask('long answer please');
    assert.deepEqual(events, ['started', 'turnEnd written', 'ended']);
  });

  it('sends earlier turns as history with the next question', async () => {
    server.enqueue(answer('first answer'), answer('second answer'));
    const h = harness(server);
    await h.controller.ask('one');
    await h.controller.ask('two');
    assert.deepEqual(
      server.requests[1].body.messages.map((m: { content: string }) => m.content),
      ['sys', 'one', 'first answer', 'two'],
    );
  });

  it('Stop ends the turn as stopped, keeps the partial text and closes the request', async () => {
    server.enqueue(answer('slow words '.repeat(500), { deltaSize: 5, delayMs: 20 }));
    const h = harness(server);
    const done = h.controller.ask('long please');
    await waitFor(() => (h.controller.state().turns[0]?.answer.length ?? 0) > 20);
    h.controller.stop();
    await done;
    const [turn] = h.controller.state().turns;
    assert.equal(turn.status, 'stopped');
    assert.ok(turn.answer.length > 20 && turn.answer.length < 5500, 'partial text kept');
    // How fast the socket closes is a bench figure (bench/latency/host.ts); here: it closes, by the client.
    await waitFor(() => server.requests[0].closedAt !== undefined, 30_000);
    assert.ok(server.requests[0].clientAborted, 'the server saw the client close the request');
  });

  it('asking again while an answer streams stops the first one', async () => {
    server.enqueue(answer('slow '.repeat(1000), { deltaSize: 5, delayMs: 20 }), answer('quick'));
    const h = harness(server);
    const first = h.controller.ask('first');
    await waitFor(() => (h.controller.state().turns[0]?.answer.length ?? 0) > 0);
    await h.controller.ask('second');
    await first;
    const [a, b] = h.controller.state().turns;
    assert.equal(a.status, 'stopped');
    assert.equal(b.status, 'done');
    assert.equal(b.answer, 'quick');
  });

  it('questions asked in quick succession: only the last is answered, the others are kept stopped', async () => {
    server.enqueue(...Array.from({ length: 5 }, (_, i) => answer(`answer ${i}`)));
    const h = harness(server);
    await Promise.all(Array.from({ length: 5 }, (_, i) => h.controller.ask(`question ${i}`)));
    const turns = h.controller.state().turns;
    assert.equal(turns.length, 5);
    assert.deepEqual(
      turns.filter((t) => t.status === 'done').map((t) => t.question),
      ['question 4'],
    );
    assert.ok(turns.every((t) => t.status === 'done' || t.status === 'stopped'));
    assert.ok(server.requests.length <= 5);
  });

  it('a 401 ends the turn with a readable message and the Set API Key action, without retrying', async () => {
    server.enqueue(errorResponse(401, { error: { message: 'Authentication Fails, Your api key: ****abcd is invalid', type: 'authentication_error' } }));
    const h = harness(server);
    await h.controller.ask('q');
    const [turn] = h.controller.state().turns;
    assert.equal(turn.status, 'error');
    assert.equal(turn.error?.kind, 'auth');
    assert.deepEqual(turn.error?.actions, ['setApiKey']);
    assert.match(turn.error?.message ?? '', /Authentication Fails/);
    assert.equal(server.requests.length, 1);
  });

  it('shows the retry progress on 429 and then the answer', async () => {
    server.enqueue(errorResponse(429, { error: { message: 'Rate limit reached' } }, { 'Retry-After': '0' }), answer('after the wait'));
    const h = harness(server);
    await h.controller.ask('q');
    const [turn] = h.controller.state().turns;
    assert.equal(turn.status, 'done');
    assert.equal(turn.answer, 'after the wait');
    const info = h.posted.find((m) => m.type === 'turnInfo' && m.retryNote);
    assert.ok(info && info.type === 'turnInfo');
    assert.match(info.retryNote ?? '', /Retrying in \d+ s \(attempt 1 of 2\)/);
  });

  it('a cut-off stream keeps the text received and says it was cut off', async () => {
    server.enqueue(answer('the beginning of an answer', { done: false, finish: null as unknown as string }));
    const h = harness(server);
    await h.controller.ask('q');
    const [turn] = h.controller.state().turns;
    assert.equal(turn.status, 'error');
    assert.equal(turn.error?.kind, 'truncated');
    assert.equal(turn.answer, 'the beginning of an answer');
    assert.ok(turn.error?.actions.includes('retry'));
  });

  it('Retry on the failed last turn replaces it with a new answer', async () => {
    server.enqueue(errorResponse(400, { error: { message: 'bad' } }), answer('fine now'));
    const h = harness(server);
    await h.controller.ask('q');
    const failed = h.controller.state().turns[0];
    await h.controller.retry(failed.id);
    const turns = h.controller.state().turns;
    assert.equal(turns.length, 1);
    assert.equal(turns[0].answer, 'fine now');
    assert.equal(turns[0].question, 'q');
  });

  it('without a key for a remote server: no request, a message and the offer to set one', async () => {
    const h = harness(undefined, {}, null);
    await h.controller.ask('q');
    const [turn] = h.controller.state().turns;
    assert.equal(turn.error?.kind, 'auth');
    assert.deepEqual(turn.error?.actions, ['setApiKey']);
    assert.equal(h.missingKey, 1);
    assert.equal(h.controller.state().keyNeeded, true, 'the page must show the Set API Key hint');
    h.controller.setHasApiKey(false);
    assert.deepEqual(h.posted.filter((m) => m.type === 'settings').at(-1), { type: 'settings', hasApiKey: false, keyNeeded: true, model: 'deepseek-flash', imageInput: h.controller.state().imageInput });
  });

  it('a server on this machine needs no key (local servers ignore it)', async () => {
    server.enqueue(answer('local'));
    const h = harness(server, {}, null);
    await h.controller.ask('q');
    assert.equal(h.controller.state().turns[0].answer, 'local');
    assert.equal(server.requests[0].headers.authorization, undefined);
    // No key is stored, and none is needed: the page shows no Set API Key hint.
    assert.equal(h.controller.state().hasApiKey, false);
    assert.equal(h.controller.state().keyNeeded, false, 'the page asks for a key a local server does not need');
    h.controller.setHasApiKey(false);
    const settings = h.posted.filter((m) => m.type === 'settings').at(-1);
    assert.equal(settings?.type === 'settings' && settings.keyNeeded, false);
  });

  it('the unsent text the page reports is in the sync a new surface gets, and gone once cleared', () => {
    const h = harness(server);
    h.controller.setDraft('half a question');
    const sync = h.controller.syncMessage();
    assert.equal(sync.type === 'sync' && sync.state.draft, 'half a question');
    assert.equal(h.controller.draftText, 'half a question');
    h.controller.setDraft('');
    assert.equal('draft' in h.controller.state(), false);
  });

  it('bad settings end the turn with the setting named and an Open Settings action', async () => {
    const h = harness(undefined, { baseUrl: 'http://example.com' });
    await h.controller.ask('q');
    const [turn] = h.controller.state().turns;
    assert.equal(turn.error?.kind, 'config');
    assert.match(turn.error?.message ?? '', /deepseek\.baseUrl/);
    assert.deepEqual(turn.error?.actions, ['openSettings']);
  });

  it('the key never reaches the panel messages or the log', async () => {
    server.enqueue(answer('ok'), errorResponse(401, { error: { message: `bad key ${KEY}` } }));
    const h = harness(server);
    await h.controller.ask('q1');
    await h.controller.ask('q2');
    assert.ok(server.requests[0].headers.authorization === `Bearer ${KEY}`, 'the key was sent to the server');
    assert.ok(!JSON.stringify(h.posted).includes(KEY), 'panel messages are free of the key');
    assert.ok(!JSON.stringify(h.logs).includes(KEY), 'log entries are free of the key');
    assert.ok(!JSON.stringify(h.controller.state()).includes(KEY));
  });

  it('a resync snapshot carries the seq it includes, and later deltas continue from it', async () => {
    server.enqueue(answer('x'.repeat(400), { deltaSize: 4, delayMs: 3 }));
    const h = harness(server);
    const done = h.controller.ask('q');
    await waitFor(() => h.posted.filter((m) => m.type === 'delta').length >= 3);
    const sync = h.controller.syncMessage();
    assert.ok(sync.type === 'sync');
    const snap = sync.state.turns[0];
    await done;
    let text = snap.answer;
    for (const m of h.posted) if (m.type === 'delta' && m.seq > (snap.seq ?? 0)) text += m.content ?? '';
    assert.equal(text, 'x'.repeat(400));
  });
});

describe('host: Continue and the size cap', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('continues a cut-off answer with chat prefix completion on a /beta base, appended seamlessly', async () => {
    server.enqueue(answer('The quick brown f', { done: false, finish: null as unknown as string }), answer('ox jumps.'));
    const h = harness(server, { baseUrl: `${server.url}/beta` });
    await h.controller.ask('tell me');
    let [turn] = h.controller.state().turns;
    assert.equal(turn.error?.kind, 'truncated');
    assert.equal(turn.canContinue, true);
    await h.controller.continueTurn(turn.id);
    [turn] = h.controller.state().turns;
    assert.equal(turn.status, 'done');
    assert.equal(turn.answer, 'The quick brown fox jumps.');
    const last = server.requests[1].body.messages.at(-1);
    assert.deepEqual(last, { role: 'assistant', content: 'The quick brown f', prefix: true });
    assert.match(server.requests[1].path, /^\/beta\/chat\/completions/);
  });

  it('without prefix completion, asks the model to continue and appends to the same answer', async () => {
    server.enqueue(answer('part one', { deltaSize: 2, delayMs: 30 }), answer(' and part two'));
    const h = harness(server);
    const asked = h.controller.ask('q');
    await waitFor(() => (h.controller.state().turns[0]?.answer.length ?? 0) >= 4);
    h.controller.stop();
    await asked;
    const stopped = h.controller.state().turns[0];
    assert.equal(stopped.status, 'stopped');
    assert.equal(stopped.canContinue, true);
    await h.controller.continueTurn(stopped.id);
    const turn = h.controller.state().turns[0];
    assert.equal(turn.answer, stopped.answer + ' and part two');
    const messages = server.requests[1].body.messages;
    assert.deepEqual(messages.slice(-3).map((m: { role: string }) => m.role), ['user', 'assistant', 'user']);
    assert.equal(messages.at(-2).content, stopped.answer);
    assert.equal(h.controller.state().turns.length, 1, 'no new turn: the continuation joins the answer');
  });

  it('only the last, unfinished answer offers Continue', async () => {
    server.enqueue(answer('complete'), answer('also complete'));
    const h = harness(server);
    await h.controller.ask('a');
    await h.controller.ask('b');
    for (const t of h.controller.state().turns) assert.equal(t.canContinue, false);
    await h.controller.continueTurn(h.controller.state().turns[1].id);
    assert.equal(server.requests.length, 2, 'Continue on a finished answer sends nothing');
  });

  it('stops an answer that passes the size cap, says so, and keeps the text', async () => {
    server.enqueue(answer('y'.repeat(50_000), { deltaSize: 1000 }));
    const h = harness(server);
    h.controller.maxAnswerChars = 10_000;
    await h.controller.ask('q');
    const [turn] = h.controller.state().turns;
    assert.equal(turn.status, 'error');
    assert.equal(turn.error?.kind, 'too_large');
    assert.match(turn.error?.message ?? '', /was stopped/);
    assert.ok(turn.answer.length > 10_000 && turn.answer.length < 50_000);
    await waitFor(() => server.requests[0].closedAt !== undefined, 10_000);
  });

  it('a new chat gets its own id and title, and open() restores a stored one with streaming marked interrupted', async () => {
    server.enqueue(answer('x'));
    const h = harness(server);
    await h.controller.ask('First question here\nsecond line');
    const first = h.controller.stored();
    assert.equal(first.title, 'First question here');
    await h.controller.newChat();
    assert.notEqual(h.controller.stored().id, first.id);
    assert.equal(h.controller.state().turns.length, 0);
    await h.controller.open({ ...first, turns: [{ ...first.turns[0], status: 'streaming' }] });
    const [turn] = h.controller.state().turns;
    assert.equal(turn.status, 'interrupted');
    assert.equal(turn.canContinue, true);
    assert.equal(h.controller.state().title, 'First question here');
  });
});

describe('host: Regenerate and edit-and-resend', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('Regenerate replaces the last finished answer, keeping the earlier ones as history', async () => {
    server.enqueue(answer('one'), answer('two'), answer('two again'));
    const h = harness(server);
    await h.controller.ask('q1');
    await h.controller.ask('q2');
    await h.controller.retry(h.controller.state().turns[1].id);
    const turns = h.controller.state().turns;
    assert.deepEqual(turns.map((t) => [t.question, t.answer]), [['q1', 'one'], ['q2', 'two again']]);
    assert.deepEqual(server.requests[2].body.messages.map((m: { content: string }) => m.content), ['sys', 'q1', 'one', 'q2']);
  });

  it('edit-and-resend replaces the last turn with the edited question; an earlier turn is not removed', async () => {
    server.enqueue(answer('one'), answer('two'), answer('edited answer'), answer('new'));
    const h = harness(server);
    await h.controller.ask('q1');
    await h.controller.ask('q2');
    const [first, second] = h.controller.state().turns;
    await h.controller.ask('q2 edited', { replaceTurn: second.id });
    assert.deepEqual(h.controller.state().turns.map((t) => t.question), ['q1', 'q2 edited']);
    assert.deepEqual(server.requests[2].body.messages.map((m: { content: string }) => m.content), ['sys', 'q1', 'one', 'q2 edited']);
    await h.controller.ask('q3', { replaceTurn: first.id });
    assert.deepEqual(h.controller.state().turns.map((t) => t.question), ['q1', 'q2 edited', 'q3'], 'only the last turn can be replaced');
  });
});
