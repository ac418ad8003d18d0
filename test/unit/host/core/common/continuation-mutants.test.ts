// Where a cut-off answer is continued with DeepSeek's prefix completion and where it is asked to go on.

import * as assert from 'node:assert/strict';
import { CONTINUE_PROMPT, continuationFor, prefixCompletionBase } from '../../../../../src/host/core/common/continuation';

describe('host: continuing a cut-off answer', () => {
  it("DeepSeek's host and a base already on /beta resume mid-text", () => {
    assert.equal(prefixCompletionBase('https://api.deepseek.com'), 'https://api.deepseek.com/beta');
    assert.equal(prefixCompletionBase('https://gateway.example/deepseek/beta/'), 'https://gateway.example/deepseek/beta/');
    assert.deepEqual(continuationFor('https://api.deepseek.com/v1', 'So far'), {
      baseUrl: 'https://api.deepseek.com/beta',
      prefix: true,
      messages: [{ role: 'assistant', content: 'So far', prefix: true }],
    });
  });

  it('another server whose path only passes through a /beta folder is asked to continue instead', () => {
    assert.equal(prefixCompletionBase('https://gateway.example/beta/v1'), undefined);
    assert.equal(prefixCompletionBase('https://gateway.example/betamax'), undefined);
    assert.deepEqual(continuationFor('https://gateway.example/beta/v1', 'So far'), {
      baseUrl: 'https://gateway.example/beta/v1',
      prefix: false,
      messages: [
        { role: 'assistant', content: 'So far' },
        { role: 'user', content: CONTINUE_PROMPT },
      ],
    });
  });
});
