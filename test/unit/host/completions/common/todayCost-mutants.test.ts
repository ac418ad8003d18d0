import * as assert from 'node:assert/strict';
import { emptyTotals } from '../../../../../src/shared/usageTotals';
import { addCompletion, costText, dayOf, totalsFor } from '../../../../../src/host/completions/common/todayCost';

describe("completions: today's cost, days and text", () => {
  it('names the local day YYYY-MM-DD', () => {
    assert.equal(dayOf(new Date(2026, 0, 5, 0, 0)), '2026-01-05');
    assert.equal(dayOf(new Date(2026, 11, 31, 23, 59)), '2026-12-31');
  });

  it('does not show the totals of January 11 on November 1', () => {
    const jan11 = addCompletion(undefined, { prompt_tokens: 100, completion_tokens: 10 }, { currency: 'USD', amount: 0.001 }, new Date(2026, 0, 11, 12));
    assert.equal(totalsFor(jan11, new Date(2026, 0, 11, 18)).answers, 1);
    assert.equal(totalsFor(jan11, new Date(2026, 10, 1, 12)).answers, 0);
  });

  it('has no cost text without a priced completion, and joins the currencies with " + "', () => {
    assert.equal(costText(emptyTotals()), undefined);
    const at = new Date(2026, 5, 1, 9);
    const unpriced = addCompletion(undefined, { prompt_tokens: 100, completion_tokens: 10 }, undefined, at);
    assert.equal(unpriced.totals.answers, 1);
    assert.equal(costText(unpriced.totals), undefined);
    const usd = addCompletion(unpriced, { prompt_tokens: 100 }, { currency: 'USD', amount: 0.001 }, at);
    assert.equal(costText(usd.totals), '$0.0010');
    const both = addCompletion(usd, { prompt_tokens: 100 }, { currency: 'CNY', amount: 0.02 }, at);
    assert.equal(costText(both.totals), '$0.0010 + ¥0.0200');
  });
});
