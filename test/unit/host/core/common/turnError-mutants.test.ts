// What the panel shows under an answer that failed: the client's message with a hint where one
// helps, the actions that help, and what happens when the server does not serve the model.

import * as assert from 'node:assert/strict';
import { DeepSeekError } from '../../../../../src/deepseek';
import type { ErrorKind } from '../../../../../src/deepseek/types';
import { offerServerModels, toTurnError } from '../../../../../src/host/core/common/turnError';

const failure = (kind: ErrorKind, message: string) => new DeepSeekError({ kind, message, requestId: 'r1' });

describe('host: turn errors', () => {
  it('a rejected key, an unreachable server and a server that does not speak the API each get their own hint', () => {
    assert.equal(toTurnError(failure('auth', 'Authentication failed (401).')).message, 'Authentication failed (401). Check the key with "DeepSeek: Set API Key".');
    assert.equal(toTurnError(failure('network', 'Connection refused.')).message, 'Connection refused. Check the connection and the "deepseek.baseUrl" setting.');
    assert.equal(
      toTurnError(failure('protocol', 'The answer was not an event stream.')).message,
      'The answer was not an event stream. Is "deepseek.baseUrl" an OpenAI-compatible API (it usually ends in /v1 for servers other than DeepSeek)?',
    );
    assert.deepEqual(toTurnError(failure('auth', 'x')).actions, ['setApiKey']);
  });

  it('failures without a hint keep the client\'s message as it is', () => {
    for (const kind of ['server', 'timeout', 'rate_limit', 'truncated'] as const) {
      assert.equal(toTurnError(failure(kind, 'Server error (500).')).message, 'Server error (500).', kind);
    }
  });

  it('an unexpected failure (a bug on our side) is shown plainly, cut to 300 characters, with Retry', () => {
    assert.deepEqual(toTurnError(new TypeError(`cannot read ${'x'.repeat(400)}`)), {
      kind: 'protocol',
      message: `Unexpected error: cannot read ${'x'.repeat(300 - 'cannot read '.length)}`,
      actions: ['retry'],
    });
    assert.deepEqual(toTurnError('thrown text'), { kind: 'protocol', message: 'Unexpected error: thrown text', actions: ['retry'] });
  });

  describe('a model the server does not serve', () => {
    const error = toTurnError(new DeepSeekError({ kind: 'invalid', status: 400, message: 'Model Not Exist (400).', requestId: 'r1', modelNotFound: true }));

    it('with no other model listed, the error says to pick another and offers the settings', async () => {
      const offered = await offerServerModels(error, 'gone-model', async () => [{ id: 'gone-model' }]);
      assert.equal(offered.models, undefined);
      assert.deepEqual(offered.actions, ['openSettings']);
      assert.match(offered.message, /Pick another model with "DeepSeek: Select Model"\.$/);
    });

    it('a router listing many models offers the first twelve, and the settings', async () => {
      const ids = Array.from({ length: 30 }, (_, i) => `model-${i + 1}`);
      const offered = await offerServerModels(error, 'gone-model', async () => ids.map((id) => ({ id })));
      assert.deepEqual(offered.models, ids.slice(0, 12));
      assert.deepEqual(offered.actions, ['openSettings']);
    });
  });
});
