// A model the server does not serve: DeepSeek's 400 "Model Not Exist" (and the OpenAI-style 404) is
// recognised, and the panel's turn ends with the server's words and the models the server lists.
import * as assert from 'node:assert/strict';
import { errorFromStatus, isModelNotFound } from '../../../../../src/deepseek/errors';
import { offerServerModels, toTurnError } from '../../../../../src/host/core/common/turnError';
import { ChatController } from '../../../../../src/host/panel/common/chatController';
import { readSettings } from '../../../../../src/host/core/common/settings';
import type { HostMessage } from '../../../../../src/shared/protocol';
import { errorResponse, startTestServer, type TestServer } from '../../../../server';
import { tokenSource } from './tokenSource';

/** DeepSeek's body for a model it does not serve (deepseek-api.md, "Endpoints"). */
const DEEPSEEK_BODY = { error: { message: 'Model Not Exist', type: 'invalid_request_error', param: null, code: 'invalid_request_error' } };

describe('host: model not found', () => {
  it('recognises DeepSeek 400 "Model Not Exist", OpenAI 404 model_not_found and local servers\' words', () => {
    assert.ok(isModelNotFound(400, JSON.stringify(DEEPSEEK_BODY)));
    assert.ok(isModelNotFound(404, JSON.stringify({ error: { message: 'The model `gpt-x` does not exist', type: 'invalid_request_error', code: 'model_not_found' } })));
    assert.ok(isModelNotFound(404, JSON.stringify({ error: "model 'llama9' not found, try pulling it first" })));
    assert.ok(!isModelNotFound(400, JSON.stringify({ error: { message: 'Invalid max_tokens value' } })));
    assert.ok(!isModelNotFound(500, JSON.stringify(DEEPSEEK_BODY)), 'only 400 and 404');
    assert.ok(!isModelNotFound(404, '<html>Not Found</html>'));
    const err = errorFromStatus({ status: 400, body: JSON.stringify(DEEPSEEK_BODY), requestId: 'r1' });
    assert.equal(err.modelNotFound, true);
    assert.match(err.message, /Model Not Exist/);
    assert.equal(errorFromStatus({ status: 400, body: '{"error":{"message":"bad"}}', requestId: 'r2' }).modelNotFound, false);
  });

  it('offers the server\'s models without the missing one, or says to pick another when the list fails', async () => {
    const error = toTurnError(errorFromStatus({ status: 400, body: JSON.stringify(DEEPSEEK_BODY), requestId: 'r' }));
    const offered = await offerServerModels(error, 'deepseek-chat', async () => [{ id: 'deepseek-chat' }, { id: 'deepseek-flash' }, { id: 'deepseek-v4-pro' }]);
    assert.deepEqual(offered.models, ['deepseek-flash', 'deepseek-v4-pro']);
    assert.match(offered.message, /Model Not Exist.*does not serve the model "deepseek-chat"/);
    const failed = await offerServerModels(error, 'deepseek-chat', () => Promise.reject(new Error('offline')));
    assert.equal(failed.models, undefined);
    assert.match(failed.message, /Select Model/);
  });

  describe('in the chat, against the test server', () => {
    let server: TestServer;
    before(async () => (server = await startTestServer()));
    after(() => server.close());

    it('the turn ends with the server\'s words and the models GET /models lists', async () => {
      server.account.models = ['deepseek-flash', 'deepseek-v4-pro'];
      server.enqueue(errorResponse(400, DEEPSEEK_BODY));
      const posted: HostMessage[] = [];
      const values: Record<string, unknown> = { baseUrl: server.url, model: 'deepseek-chat', maxRetries: 0 };
      const controller = new ChatController(
        { settings: () => readSettings((k) => values[k]), apiKey: async () => 'sk-test', offerToSetKey: () => undefined },
        { post: (m) => posted.push(structuredClone(m)), createCancellation: tokenSource, frameMs: 5 },
      );
      await controller.ask('hello');
      const end = posted.find((m): m is Extract<HostMessage, { type: 'turnEnd' }> => m.type === 'turnEnd')!;
      assert.equal(end.status, 'error');
      assert.match(end.error!.message, /Model Not Exist/);
      assert.deepEqual(end.error!.models, ['deepseek-flash', 'deepseek-v4-pro']);
      assert.ok(server.requests.some((r) => r.path.endsWith('/models')), 'the list came from the server');
      controller.dispose();
    });
  });
});
