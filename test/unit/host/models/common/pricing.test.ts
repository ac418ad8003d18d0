// The price arithmetic: cache hits and misses at their own rates, reasoning billed as output (once),
// peak/off-peak, model lookup, and a price table setting with mistakes in it.

import * as assert from 'node:assert/strict';
import { answerCost, costAt, DEFAULT_PRICES, findPrice, isPeak, parsePriceTable, ratesAt, splitTokens, type PriceTable } from '../../../../../src/host/models/common/pricing';
import { addMoney, formatMoney } from '../../../../../src/shared/money';

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

// A Wednesday: 2026-11-25 03:00 UTC = 11:00 Beijing (peak); 12:00 UTC = 20:00 Beijing (off-peak).
const PEAK = new Date('2026-11-25T03:00:00Z');
const OFF_PEAK = new Date('2026-11-25T12:00:00Z');
const SATURDAY_MORNING = new Date('2026-11-28T03:00:00Z');

describe('pricing', () => {
  it('cache hits, cache misses and output each at their own rate', () => {
    const tokens = splitTokens({ prompt_tokens: 1_200_000, prompt_cache_hit_tokens: 1_000_000, prompt_cache_miss_tokens: 200_000, completion_tokens: 500_000 });
    assert.deepEqual(tokens, { cacheHit: 1_000_000, cacheMiss: 200_000, output: 500_000, reasoning: 0 });
    // 1M hits × 0.04 + 0.2M misses × 2 + 0.5M out × 8 = 0.04 + 0.4 + 4
    close(costAt(tokens, { cacheHit: 0.04, cacheMiss: 2, output: 8 }), 4.44, 'flash CNY peak');
  });

  it('reasoning tokens are output: billed at the output rate, once (they are inside completion_tokens)', () => {
    const usage = { prompt_tokens: 100, prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: 100, completion_tokens: 1000, completion_tokens_details: { reasoning_tokens: 800 } };
    const tokens = splitTokens(usage);
    assert.equal(tokens.output, 1000);
    assert.equal(tokens.reasoning, 800);
    close(costAt(tokens, { cacheHit: 1, cacheMiss: 2, output: 3 }), (100 * 2 + 1000 * 3) / 1e6, 'cost');
    // A server that reports only reasoning tokens: they are the output.
    assert.equal(splitTokens({ completion_tokens_details: { reasoning_tokens: 50 } }).output, 50);
  });

  it('no cache fields (other servers): the whole prompt is a miss; only hits given: misses are the rest', () => {
    assert.deepEqual(splitTokens({ prompt_tokens: 300, completion_tokens: 7 }), { cacheHit: 0, cacheMiss: 300, output: 7, reasoning: 0 });
    assert.deepEqual(splitTokens({ prompt_tokens: 300, prompt_cache_hit_tokens: 256, completion_tokens: 7 }), { cacheHit: 256, cacheMiss: 44, output: 7, reasoning: 0 });
  });

  it("DeepSeek's peak hours: weekdays 09–12 and 14–18 Beijing time; off-peak is half price", () => {
    assert.equal(isPeak(PEAK), true);
    assert.equal(isPeak(OFF_PEAK), false);
    assert.equal(isPeak(SATURDAY_MORNING), false);
    assert.equal(isPeak(new Date('2026-11-25T00:59:00Z')), false, '08:59 Beijing');
    assert.equal(isPeak(new Date('2026-11-25T01:00:00Z')), true, '09:00 Beijing');
    assert.equal(isPeak(new Date('2026-11-25T04:00:00Z')), false, '12:00 Beijing');
    assert.equal(isPeak(new Date('2026-11-25T09:59:00Z')), true, '17:59 Beijing');
    const flash = findPrice(DEFAULT_PRICES, 'deepseek-flash', 'CNY')!;
    const usage = { prompt_tokens: 2_000_000, prompt_cache_hit_tokens: 1_500_000, prompt_cache_miss_tokens: 500_000, completion_tokens: 250_000 };
    const peak = answerCost(usage, 'deepseek-flash', DEFAULT_PRICES, 'CNY', PEAK)!;
    const off = answerCost(usage, 'deepseek-flash', DEFAULT_PRICES, 'CNY', OFF_PEAK)!;
    close(peak.amount, 1.5 * 0.04 + 0.5 * 2 + 0.25 * 8, 'peak');
    close(off.amount, peak.amount / 2, 'off-peak is half');
    assert.equal(ratesAt(flash, PEAK), flash);
  });

  it('looks models up exactly, case-insensitively and behind a provider prefix; unknown models have no price', () => {
    assert.ok(findPrice(DEFAULT_PRICES, 'deepseek-v4-pro', 'USD'));
    assert.ok(findPrice(DEFAULT_PRICES, 'DeepSeek-V4-Pro', 'USD'));
    assert.equal(findPrice(DEFAULT_PRICES, 'deepseek/deepseek-flash', 'CNY'), DEFAULT_PRICES['deepseek-flash'].CNY);
    assert.equal(findPrice(DEFAULT_PRICES, 'llama3', 'CNY'), undefined);
    assert.equal(answerCost({ prompt_tokens: 5 }, 'llama3', DEFAULT_PRICES, 'CNY', PEAK), undefined);
    assert.equal(answerCost(undefined, 'deepseek-flash', DEFAULT_PRICES, 'CNY', PEAK), undefined);
  });

  it('the default table has every model in both currencies with off-peak at half the peak price', () => {
    for (const [model, byCurrency] of Object.entries(DEFAULT_PRICES)) {
      for (const currency of ['CNY', 'USD'] as const) {
        const p = byCurrency[currency];
        assert.ok(p && p.offPeak, `${model} ${currency}`);
        for (const k of ['cacheHit', 'cacheMiss', 'output'] as const) close(p.offPeak![k] * 2, p[k], `${model} ${currency} ${k}`);
        assert.ok(p.cacheHit < p.cacheMiss && p.cacheMiss < p.output, `${model} ${currency} order`);
      }
    }
  });

  it('a price table setting with mistakes: bad entries are named and left out, good ones kept', () => {
    const raw = {
      'my-model': { USD: { cacheHit: 0.1, cacheMiss: 1, output: 2 } },
      broken: { CNY: { cacheHit: 'cheap', cacheMiss: 1, output: 2 } },
      odd: { EUR: { cacheHit: 0, cacheMiss: 1, output: 2 } },
      half: { CNY: { cacheHit: 1, cacheMiss: 2, output: 3, offPeak: { cacheHit: -1 } } },
      nothing: 5,
    };
    const { table, problems } = parsePriceTable(raw);
    assert.deepEqual(Object.keys(table).sort(), ['half', 'my-model']);
    assert.deepEqual((table as PriceTable)['half'].CNY, { cacheHit: 1, cacheMiss: 2, output: 3 });
    assert.deepEqual(problems.sort(), ['broken.CNY', 'half.CNY.offPeak', 'nothing', 'odd.EUR']);
    assert.equal(parsePriceTable(undefined).table, DEFAULT_PRICES);
    assert.deepEqual(parsePriceTable('x').problems, ['the setting is not an object']);
  });

  it('peak hours: 12:00–14:00 is the lunch break, 14:00 starts the afternoon, 18:00 ends it; Sundays are off-peak all day', () => {
    assert.equal(isPeak(new Date('2026-11-25T04:30:00Z')), false, '12:30 Beijing');
    assert.equal(isPeak(new Date('2026-11-25T05:59:00Z')), false, '13:59 Beijing');
    assert.equal(isPeak(new Date('2026-11-25T06:00:00Z')), true, '14:00 Beijing');
    assert.equal(isPeak(new Date('2026-11-25T10:00:00Z')), false, '18:00 Beijing');
    // 2026-11-29 02:00 UTC is Sunday 10:00 in Beijing: an answer then costs the off-peak price.
    const sunday = new Date('2026-11-29T02:00:00Z');
    assert.equal(isPeak(sunday), false, 'Sunday 10:00 Beijing');
    const usage = { prompt_tokens: 1_000_000, prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: 1_000_000, completion_tokens: 0 };
    close(answerCost(usage, 'deepseek-flash', DEFAULT_PRICES, 'CNY', sunday)!.amount, answerCost(usage, 'deepseek-flash', DEFAULT_PRICES, 'CNY', PEAK)!.amount / 2, 'Sunday is half price');
  });

  it('a model id with spaces around it, or a provider-prefixed id typed in another case, still finds its price', () => {
    assert.equal(findPrice(DEFAULT_PRICES, '  deepseek-flash\n', 'CNY'), DEFAULT_PRICES['deepseek-flash'].CNY);
    const mine = { cacheHit: 0.1, cacheMiss: 1, output: 2 };
    const { table } = parsePriceTable({ 'OpenRouter/My-Model': { USD: mine } });
    assert.deepEqual(findPrice(table, 'openrouter/my-model', 'USD'), mine);
    assert.equal(findPrice(table, 'other/my-model', 'USD'), undefined);
  });

  it("a price is looked up by the exact id, then in any case, then without the provider prefix, whatever the table's order; entries without the currency are passed over", () => {
    const bare = { cacheHit: 1, cacheMiss: 2, output: 3 };
    const routed = { cacheHit: 4, cacheMiss: 5, output: 6 };
    const { table } = parsePriceTable({ 'deepseek-flash': { USD: bare }, 'OpenRouter/DeepSeek-Flash': { USD: routed } });
    assert.deepEqual(findPrice(table, 'OpenRouter/DeepSeek-Flash', 'USD'), routed);
    // Typed in another case: still the user's entry (case-insensitive comes before dropping the prefix).
    assert.deepEqual(findPrice(table, 'openrouter/deepseek-flash', 'USD'), routed);
    assert.deepEqual(findPrice(table, 'deepseek/deepseek-flash', 'USD'), bare);
    // No price in the wanted currency under either name: none; when only the bare model has one: that one.
    assert.deepEqual(findPrice(table, 'openrouter/deepseek-flash', 'CNY'), undefined);
    const both = parsePriceTable({ 'deepseek-flash': { CNY: bare, USD: bare }, 'OpenRouter/DeepSeek-Flash': { USD: routed } }).table;
    assert.deepEqual(findPrice(both, 'openrouter/deepseek-flash', 'CNY'), bare);
    // Two entries that differ only in case: the exact one.
    const cased = parsePriceTable({ 'deepseek-flash': { USD: bare }, 'DeepSeek-Flash': { USD: routed, CNY: routed } }).table;
    assert.deepEqual(findPrice(cased, 'DeepSeek-Flash', 'USD'), routed);
    assert.deepEqual(findPrice(cased, 'DEEPSEEK-FLASH', 'USD'), bare);
    // …and one without the wanted currency is passed over, with or without a prefix.
    assert.deepEqual(findPrice(cased, 'DEEPSEEK-FLASH', 'CNY'), routed);
    assert.deepEqual(findPrice(cased, 'openrouter/deepseek-flash', 'CNY'), routed);
  });

  it('a server that reports cache misses but no prompt total: the misses are billed as reported', () => {
    assert.deepEqual(splitTokens({ prompt_cache_hit_tokens: 100, prompt_cache_miss_tokens: 900, completion_tokens: 10 }), { cacheHit: 100, cacheMiss: 900, output: 10, reasoning: 0 });
  });

  it('negative token counts from a server count as none: an answer never costs less than nothing', () => {
    const usage = { prompt_tokens: -1000, prompt_cache_hit_tokens: -500, prompt_cache_miss_tokens: -500, completion_tokens: -100, completion_tokens_details: { reasoning_tokens: -50 } };
    assert.deepEqual(splitTokens(usage), { cacheHit: 0, cacheMiss: 0, output: 0, reasoning: 0 });
    assert.equal(answerCost(usage, 'deepseek-flash', DEFAULT_PRICES, 'CNY', PEAK)!.amount, 0);
  });

  it('no price table setting (unset or null): the default table, and nothing to complain about', () => {
    assert.deepEqual(parsePriceTable(undefined), { table: DEFAULT_PRICES, problems: [] });
    assert.deepEqual(parsePriceTable(null), { table: DEFAULT_PRICES, problems: [] });
  });

  it('a price table setting with off-peak prices, free cache hits, negative prices and nulls', () => {
    const raw = {
      'my-model': { CNY: { cacheHit: 0, cacheMiss: 2, output: 4, offPeak: { cacheHit: 0, cacheMiss: 1, output: 2 } } },
      refund: { USD: { cacheHit: -1, cacheMiss: 1, output: 2 } },
      cleared: { CNY: null, USD: { cacheHit: 1, cacheMiss: 2, output: 3, offPeak: null } },
    };
    const { table, problems } = parsePriceTable(raw);
    assert.deepEqual(table, {
      'my-model': { CNY: { cacheHit: 0, cacheMiss: 2, output: 4, offPeak: { cacheHit: 0, cacheMiss: 1, output: 2 } } },
      cleared: { USD: { cacheHit: 1, cacheMiss: 2, output: 3 } },
    });
    assert.deepEqual(problems.sort(), ['cleared.CNY', 'cleared.USD.offPeak', 'refund.USD']);
    const usage = { prompt_tokens: 1_000_000, prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: 1_000_000, completion_tokens: 1_000_000 };
    close(answerCost(usage, 'my-model', table, 'CNY', PEAK)!.amount, 6, 'peak');
    close(answerCost(usage, 'my-model', table, 'CNY', OFF_PEAK)!.amount, 3, 'off-peak');
  });

  it('money: ¥/$ with four decimals below 1, two above; totals per currency', () => {
    assert.equal(formatMoney({ amount: 0.00312, currency: 'CNY' }), '¥0.0031');
    assert.equal(formatMoney({ amount: 12.5, currency: 'USD' }), '$12.50');
    assert.equal(formatMoney({ amount: 3, currency: 'EUR' }), '3.00 EUR');
    let totals = addMoney([], { amount: 0.5, currency: 'CNY' });
    totals = addMoney(totals, { amount: 0.25, currency: 'CNY' });
    totals = addMoney(totals, { amount: 1, currency: 'USD' });
    totals = addMoney(totals, undefined);
    assert.deepEqual(totals, [{ amount: 0.75, currency: 'CNY' }, { amount: 1, currency: 'USD' }]);
  });
});

describe('pricing: the settings default', () => {
  it("package.json's deepseek.prices default is the table the code uses", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../../../../package.json') as { contributes: { configuration: { properties: Record<string, { default?: unknown }> } } };
    assert.deepEqual(pkg.contributes.configuration.properties['deepseek.prices'].default, DEFAULT_PRICES);
  });
});
