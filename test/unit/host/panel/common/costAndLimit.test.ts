// The controller prices each answer (a continuation adds to it), keeps session totals, sends V4's
// thinking fields, and shows a wait for the shared request limit in the turn.
import * as assert from 'node:assert/strict';
import { ChatController } from '../../../../../src/host/panel/common/chatController';
import { sharedRateLimiter } from '../../../../../src/host/core/common/clientConfig';
import { answerCost, DEFAULT_PRICES } from '../../../../../src/host/models/common/pricing';
import { readSettings } from '../../../../../src/host/core/common/settings';
import type { HostMessage } from '../../../../../src/shared/protocol';
import { answer, startTestServer, type TestServer } from '../../../../server';
import { tokenSource } from './tokenSource';

function controller(server: TestServer, values: Record<string, unknown>, posted: HostMessage[]): ChatController {
  const all: Record<string, unknown> = { baseUrl: server.url, model: 'deepseek-flash', systemPrompt: '', maxRetries: 0, ...values };
  return new ChatController(
    {
      settings: () => readSettings((k) => all[k]),
      apiKey: async () => 'sk-test-key-123456',
      offerToSetKey: () => undefined,
    },
    {
      post: (m) => posted.push(structuredClone(m)),
      createCancellation: tokenSource,
      costOf: (usage, model, at) => answerCost(usage, model, DEFAULT_PRICES, 'CNY', at),
      frameMs: 5,
    },
  );
}

const AT_PEAK = (at: Date) => answerCost({ completion_tokens: 1 }, 'deepseek-flash', DEFAULT_PRICES, 'CNY', at)!.amount === 8 / 1e6;

describe('host: cost, thinking fields and the request limit', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => {
    sharedRateLimiter().setRate(0);
    await server.close();
  });

  it('prices the answer, adds a continuation to it, and keeps session totals', async () => {
    const posted: HostMessage[] = [];
    const c = controller(server, {}, posted);
    const usage = { prompt_tokens: 1000, prompt_cache_hit_tokens: 600, prompt_cache_miss_tokens: 400, completion_tokens: 500 };
    server.enqueue(answer('Half an answer', { usage, finish: 'length' }));
    const startedAt = new Date();
    await c.ask('price me');
    let [turn] = c.state().turns;
    const rates = AT_PEAK(startedAt) ? { h: 0.04, m: 2, o: 8 } : { h: 0.02, m: 1, o: 4 };
    const first = (600 * rates.h + 400 * rates.m + 500 * rates.o) / 1e6;
    assert.ok(turn.cost && Math.abs(turn.cost.amount - first) < 1e-12 && turn.cost.currency === 'CNY', JSON.stringify(turn.cost));
    const end = posted.find((m) => m.type === 'turnEnd');
    assert.ok(end && end.type === 'turnEnd' && end.cost?.amount === turn.cost.amount && end.session?.answers === 1);

    server.enqueue(answer(' and the rest.', { usage }));
    await c.continueTurn(turn.id);
    [turn] = c.state().turns;
    assert.equal(turn.usage?.prompt_tokens, 2000, 'usage of both requests');
    assert.equal(turn.usage?.completion_tokens, 1000);
    assert.ok(turn.cost && Math.abs(turn.cost.amount - 2 * first) < 1e-9, `cost of both: ${turn.cost?.amount}`);
    const session = c.state().session!;
    assert.equal(session.answers, 2);
    assert.equal(session.cacheHit, 1200);
    assert.equal(session.cacheMiss, 800);
    assert.ok(Math.abs(session.cost[0].amount - 2 * first) < 1e-9);
  });

  it('a model without a price: tokens but no cost', async () => {
    const posted: HostMessage[] = [];
    const c = controller(server, { model: 'llama3' }, posted);
    server.enqueue(answer('free'));
    await c.ask('q');
    const [turn] = c.state().turns;
    assert.ok(turn.usage);
    assert.equal(turn.cost, undefined);
  });

  it('sends thinking and reasoning_effort for V4 models only', async () => {
    const posted: HostMessage[] = [];
    server.enqueue(answer('a'), answer('b'));
    await controller(server, { model: 'deepseek-v4-pro', thinking: 'enabled', reasoningEffort: 'high' }, posted).ask('q1');
    await controller(server, { model: 'qwen', thinking: 'enabled', reasoningEffort: 'high' }, posted).ask('q2');
    const bodies = server.requests.filter((r) => r.method === 'POST').map((r) => r.body as Record<string, unknown>);
    assert.deepEqual(bodies[0].thinking, { type: 'enabled' });
    assert.equal(bodies[0].reasoning_effort, 'high');
    assert.equal(bodies[1].thinking, undefined);
    assert.equal(bodies[1].reasoning_effort, undefined);
  });

  it('waiting for the request limit shows in the turn, then clears; Stop while waiting sends nothing', async () => {
    const posted: HostMessage[] = [];
    const c = controller(server, { maxRequestsPerSecond: 1 }, posted);
    sharedRateLimiter().setRate(1);
    await sharedRateLimiter().acquire(); // another surface took this second's turn
    server.enqueue(answer('after the wait'));
    await c.ask('limited');
    const notes = posted.filter((m) => m.type === 'turnInfo').map((m) => (m.type === 'turnInfo' ? m.retryNote : undefined));
    assert.deepEqual(notes, ['Waiting for the request limit (1/s)…', undefined]);
    assert.equal(c.state().turns[0].status, 'done');

    // Again, but stopped while it waits.
    await sharedRateLimiter().acquire();
    const before = server.requests.length;
    const asked = c.ask('stopped while waiting');
    const waitFor = async (cond: () => boolean) => {
      const end = Date.now() + 5000;
      while (!cond()) {
        if (Date.now() > end) throw new Error('timed out waiting for the wait note');
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    await waitFor(() => posted.filter((m) => m.type === 'turnInfo' && m.retryNote).length === 2);
    c.stop();
    await asked;
    assert.equal(c.state().turns[1].status, 'stopped');
    assert.equal(server.requests.length, before, 'nothing was sent');
  });
});
