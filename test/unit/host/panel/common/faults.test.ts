// Faults through the host path (controller + real client + test server): for each, the user sees
// what happened in words, nothing already received is lost, and the next question still works.
import * as assert from 'node:assert/strict';
import { ChatController } from '../../../../../src/host/panel/common/chatController';
import { tokenSource } from './tokenSource';
import { readSettings } from '../../../../../src/host/core/common/settings';
import { answer, chunk, errorResponse, raw, scenarios, sse, startTestServer, type TestServer } from '../../../../server';


function controller(server: TestServer, maxRetries = 3): ChatController {
  const values: Record<string, unknown> = { baseUrl: server.url, model: 'deepseek-flash', systemPrompt: '', maxRetries, idleTimeoutSeconds: 5 };
  return new ChatController(
    {
      settings: () => readSettings((k) => values[k]),
      apiKey: async () => 'sk-test',
      offerToSetKey: () => undefined,
    },
    {
      post: () => undefined,
      createCancellation: tokenSource,
      frameMs: 5,
    },
  );
}

/** After a fault, the panel still answers the next question. */
async function stillWorks(c: ChatController, server: TestServer) {
  server.enqueue(answer('recovered'));
  await c.ask('again');
  const last = c.state().turns.at(-1);
  assert.equal(last?.status, 'done');
  assert.equal(last?.answer, 'recovered');
}

describe('host: faults through the whole path', function () {
  this.timeout(30_000);
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('connection reset mid-answer: partial text kept, the message says the connection broke, Continue offered', async () => {
    const c = controller(server);
    server.enqueue(scenarios.reset());
    await c.ask('q');
    const [turn] = c.state().turns;
    assert.equal(turn.status, 'error');
    assert.equal(turn.error?.kind, 'network');
    assert.match(turn.error?.message ?? '', /connection|reset|closed/i);
    assert.ok(turn.answer.startsWith('This answer starts normally'));
    assert.equal(turn.canContinue, true);
    assert.equal(server.requests.length, 1, 'not retried after text arrived');
    await stillWorks(c, server);
  });

  it('a burst of 503s then success: one answer, retries hidden behind a note', async () => {
    const c = controller(server);
    const busy = () => errorResponse(503, { error: { message: 'Server overloaded' } }, { 'Retry-After': '0' });
    server.enqueue(busy(), busy(), answer('made it'));
    await c.ask('q');
    const [turn] = c.state().turns;
    assert.equal(turn.status, 'done');
    assert.equal(turn.answer, 'made it');
    assert.equal(server.requests.length, 3);
  });

  it('402 says the balance is insufficient and is not retried', async () => {
    const c = controller(server);
    server.enqueue(errorResponse(402, { error: { message: 'Insufficient Balance' } }));
    await c.ask('q');
    const [turn] = c.state().turns;
    assert.equal(turn.error?.kind, 'balance');
    assert.match(turn.error?.message ?? '', /Insufficient Balance/);
    assert.match(turn.error?.message ?? '', /Top up/);
    assert.equal(server.requests.length, 1);
  });

  it('an HTML error page becomes a plain sentence, never markup', async () => {
    const c = controller(server, 0);
    server.enqueue(errorResponse(500, '<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>', { 'Content-Type': 'text/html' }));
    await c.ask('q');
    const [turn] = c.state().turns;
    assert.equal(turn.error?.kind, 'server');
    assert.ok(turn.error?.message);
    assert.doesNotMatch(turn.error.message, /<|html/i);
    await stillWorks(c, server);
  });

  it('a malformed event ends with a readable error and keeps the text before it', async () => {
    const c = controller(server);
    server.enqueue(raw([sse(chunk({ content: 'Good so far. ' })), 'data: {not json\n\n']));
    await c.ask('q');
    const [turn] = c.state().turns;
    assert.equal(turn.error?.kind, 'protocol');
    assert.equal(turn.answer, 'Good so far. ');
    assert.doesNotMatch(turn.error?.message ?? '', /at \w+ \(|SyntaxError: Unexpected/);
  });

  it('a 5 MB answer arrives whole', async () => {
    const c = controller(server);
    server.enqueue(scenarios.long());
    await c.ask('q');
    const [turn] = c.state().turns;
    assert.equal(turn.status, 'done');
    assert.ok(turn.answer.length >= 5_000_000, `${turn.answer.length} chars`);
    await stillWorks(c, server);
  });

  it('ten conversations streaming at once each get one whole answer, interleaved on the wire', async () => {
    const texts = Array.from({ length: 10 }, (_, i) => `Answer ${i}: ` + `word${i} `.repeat(300));
    // Slow enough that all ten are open at the same time.
    server.enqueue(...texts.map((t) => answer(t, { deltaSize: 40, delayMs: 2 })));
    const controllers = texts.map(() => controller(server));
    await Promise.all(controllers.map((c, i) => c.ask(`question ${i}`)));
    const answers = controllers.map((c) => c.state().turns[0]);
    for (const t of answers) assert.equal(t.status, 'done');
    assert.deepEqual(answers.map((t) => t.answer).sort(), [...texts].sort(), 'every answer arrived whole, none mixed with another');
    const overlapping = server.requests.filter((r) => r.receivedAt < Math.min(...server.requests.map((x) => x.closedAt ?? Infinity)));
    assert.equal(overlapping.length, 10, 'all ten requests were open at once');
  });
});
