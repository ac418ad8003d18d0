import * as assert from 'node:assert/strict';
import { english } from '../../../../../src/host/core/common/translate';
import type { LoopProgress } from '../../../../../src/host/longDocument/common/continuationLoop';
import { formatProgress } from '../../../../../src/host/longDocument/common/progressText';

const base: LoopProgress = {
  chars: 12_345.4,
  tokens: 3456,
  tokensEstimated: false,
  tokensPerSecond: 41.26,
  elapsedMs: 83_900,
  part: 1,
  continuation: 0,
  maxContinuations: 8,
  thinking: false,
};

describe('long documents: the progress line', () => {
  it('chars, tokens, speed and elapsed minutes:seconds', () => {
    assert.equal(formatProgress(base, english), '12,345 chars · 3,456 tokens · 41.3 tokens/s · 1:23');
  });

  it('an estimate, a continuation, thinking and a pending retry are said', () => {
    const p: LoopProgress = {
      ...base,
      tokensEstimated: true,
      continuation: 2,
      thinking: true,
      elapsedMs: 5_000,
      retry: { attempt: 1, delayMs: 1000, error: { kind: 'rate_limit', message: 'Rate limited.' } },
    };
    assert.equal(formatProgress(p, english), '12,345 chars · ~3,456 tokens · 41.3 tokens/s · 0:05 · continuing (2 of 8) · thinking… · Rate limited. Retrying (attempt 1)…');
  });
});
