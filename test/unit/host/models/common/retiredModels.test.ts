// Retired DeepSeek ids get their successor only on DeepSeek's own host; any other server keeps the id.
import * as assert from 'node:assert/strict';
import { isDeepSeekHost, successorFor } from '../../../../../src/host/models/common/retiredModels';

describe('host: retired model ids (DeepSeek host only)', () => {
  const deepseek = 'https://api.deepseek.com';

  it('deepseek-chat → deepseek-flash with thinking off; deepseek-reasoner → thinking on; deepseek-v4-flash → the same model', () => {
    assert.deepEqual(successorFor('deepseek-chat', deepseek), { retired: 'deepseek-chat', model: 'deepseek-flash', thinking: 'disabled' });
    assert.deepEqual(successorFor('deepseek-reasoner', `${deepseek}/v1`), { retired: 'deepseek-reasoner', model: 'deepseek-flash', thinking: 'enabled' });
    assert.deepEqual(successorFor(' DeepSeek-V4-Flash ', `${deepseek}/beta`), { retired: 'deepseek-v4-flash', model: 'deepseek-flash' });
  });

  it('current ids, empty values and non-strings are left alone', () => {
    for (const id of ['deepseek-flash', 'deepseek-v4-pro', 'deepseek-chat-fork', '', undefined, 42]) assert.equal(successorFor(id, deepseek), undefined, String(id));
  });

  it('other servers (a proxy, Ollama, OpenRouter, the test server) keep their ids', () => {
    for (const base of ['http://127.0.0.1:8123', 'http://localhost:11434/v1', 'https://openrouter.ai/api/v1', 'https://api.deepseek.com.evil.example', 'http://api.deepseek.com', 'not a url']) {
      assert.equal(isDeepSeekHost(base), false, base);
      assert.equal(successorFor('deepseek-chat', base), undefined, base);
    }
    assert.equal(isDeepSeekHost('https://api.deepseek.com/v1'), true);
  });

  it('the bare deepseek.com domain is DeepSeek too: a retired id configured there gets its successor', () => {
    assert.equal(isDeepSeekHost('https://deepseek.com'), true);
    assert.deepEqual(successorFor('deepseek-chat', 'https://deepseek.com/v1'), { retired: 'deepseek-chat', model: 'deepseek-flash', thinking: 'disabled' });
  });
});
