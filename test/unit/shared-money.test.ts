// Money and usage totals (src/shared/money.ts, src/shared/usageTotals.ts): the cost and token figures
// the panel's footer and the status bar show, shared by host and webview.

import * as assert from 'node:assert/strict';
import { addMoney, formatMoney } from '../../src/shared/money';
import { addUsage, emptyTotals, sumUsage } from '../../src/shared/usageTotals';

describe('shared: money', () => {
  it('symbols for CNY and USD, the code after other currencies; four decimals under 1, else two', () => {
    assert.equal(formatMoney({ amount: 0.0123, currency: 'CNY' }), '¥0.0123');
    assert.equal(formatMoney({ amount: 1.5, currency: 'USD' }), '$1.50');
    assert.equal(formatMoney({ amount: 1, currency: 'USD' }), '$1.00');
    assert.equal(formatMoney({ amount: 12, currency: 'EUR' }), '12.00 EUR');
    assert.equal(formatMoney({ amount: 0.5, currency: 'EUR' }), '0.5000 EUR');
  });

  it('a negative amount puts its sign before the symbol', () => {
    assert.equal(formatMoney({ amount: -0.5, currency: 'USD' }), '-$0.5000');
    assert.equal(formatMoney({ amount: -2, currency: 'CNY' }), '-¥2.00');
    assert.equal(formatMoney({ amount: -2, currency: 'EUR' }), '-2.00 EUR');
    assert.equal(formatMoney({ amount: 0, currency: 'CNY' }), '¥0.0000', 'nothing spent has no sign');
  });

  it('adds per currency, never mixing them, without changing the totals given', () => {
    const totals = [{ amount: 1, currency: 'CNY' }];
    assert.equal(addMoney(totals, undefined), totals);
    const more = addMoney(totals, { amount: 0.5, currency: 'CNY' });
    assert.deepEqual(more, [{ amount: 1.5, currency: 'CNY' }]);
    assert.deepEqual(totals, [{ amount: 1, currency: 'CNY' }], 'the totals given were changed');
    assert.deepEqual(addMoney(more, { amount: 2, currency: 'USD' }), [
      { amount: 1.5, currency: 'CNY' },
      { amount: 2, currency: 'USD' },
    ]);
  });
});

describe('shared: usage totals', () => {
  it('an answer without usage or cost adds nothing', () => {
    const t = emptyTotals();
    assert.equal(addUsage(t, undefined, undefined), t);
  });

  it('adds tokens; cache misses given, or prompt minus hits; junk counts as 0', () => {
    let t = addUsage(emptyTotals(), { prompt_tokens: 100, prompt_cache_hit_tokens: 30, completion_tokens: 7 }, undefined);
    assert.deepEqual(t, { answers: 1, tokensIn: 100, cacheHit: 30, cacheMiss: 70, tokensOut: 7, cost: [] });
    t = addUsage(t, { prompt_tokens: 10, prompt_cache_hit_tokens: 4, prompt_cache_miss_tokens: 5, completion_tokens: -3 }, { amount: 0.01, currency: 'CNY' });
    assert.deepEqual(t, { answers: 2, tokensIn: 110, cacheHit: 34, cacheMiss: 75, tokensOut: 7, cost: [{ amount: 0.01, currency: 'CNY' }] });
    t = addUsage(t, { prompt_tokens: Number.NaN, prompt_cache_hit_tokens: 9 }, undefined);
    assert.deepEqual([t.answers, t.tokensIn, t.cacheHit, t.cacheMiss], [3, 110, 43, 75], 'hits above the prompt give no negative misses');
  });

  it('a priced answer without usage adds its cost and counts as an answer', () => {
    const t = addUsage(emptyTotals(), undefined, { amount: 2, currency: 'USD' });
    assert.deepEqual(t, { answers: 1, tokensIn: 0, cacheHit: 0, cacheMiss: 0, tokensOut: 0, cost: [{ amount: 2, currency: 'USD' }] });
  });

  it('an answer and its continuation: fields summed where either has them, reasoning tokens too', () => {
    const b = { prompt_tokens: 5, completion_tokens: 3 };
    assert.equal(sumUsage(undefined, b), b);
    assert.deepEqual(sumUsage({ prompt_tokens: 10, total_tokens: 12, completion_tokens_details: { reasoning_tokens: 2 } }, b), {
      prompt_tokens: 15,
      completion_tokens: 3,
      total_tokens: 12,
      completion_tokens_details: { reasoning_tokens: 2 },
    });
    assert.deepEqual(sumUsage({ prompt_cache_hit_tokens: 1 }, { prompt_cache_miss_tokens: 2, completion_tokens_details: { reasoning_tokens: 4 } }), {
      prompt_cache_hit_tokens: 1,
      prompt_cache_miss_tokens: 2,
      completion_tokens_details: { reasoning_tokens: 4 },
    });
    assert.deepEqual(sumUsage({}, {}), {});
  });
});
