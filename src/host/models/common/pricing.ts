// The price arithmetic: what one answer cost from its usage and the price table. Pure (no vscode), so it
// is unit-tested in plain Node.
//
// DeepSeek bills per 1M tokens: input that hit the context cache, input that missed it, and output.
// Reasoning tokens are part of `completion_tokens` and billed as output. Since 2026-08 DeepSeek
// bills peak and off-peak hours (off-peak is half price); an entry may give both.

import type { Usage } from '../../../deepseek/types';
import type { Currency, Money } from '../../../shared/money';
import { tablePrices, type ModelPrice, type ModelPrices, type Rates } from '../../../shared/modelTable';

export type { ModelPrice, Rates } from '../../../shared/modelTable';
export { PRICES_SOURCE, PRICES_TAKEN } from '../../../shared/modelTable';

/** model id → currency → prices. */
export type PriceTable = Record<string, ModelPrices>;

/**
 * DeepSeek's prices from the model table (src/shared/modelTable.ts), aliases included. Keep in step
 * with package.json's `deepseek.prices` default (a unit test compares them).
 */
export const DEFAULT_PRICES: PriceTable = tablePrices();

/**
 * DeepSeek's peak hours: Monday to Friday 09:00–12:00 and 14:00–18:00 Beijing time (UTC+8), i.e.
 * 01:00–04:00 and 06:00–10:00 UTC. Chinese public holidays (off-peak all day) are not known here.
 */
export function isPeak(at: Date): boolean {
  const beijing = new Date(at.getTime() + 8 * 3600_000);
  const day = beijing.getUTCDay();
  if (day === 0 || day === 6) return false;
  const minutes = beijing.getUTCHours() * 60 + beijing.getUTCMinutes();
  return (minutes >= 9 * 60 && minutes < 12 * 60) || (minutes >= 14 * 60 && minutes < 18 * 60);
}

/** The model's entry: exact id, then case-insensitive, then without a provider prefix (`deepseek/deepseek-flash`). */
export function findPrice(table: PriceTable, model: string, currency: Currency): ModelPrice | undefined {
  const id = model.trim();
  const direct = table[id]?.[currency];
  if (direct) return direct;
  const lower = id.toLowerCase();
  const bare = lower.split('/').pop() ?? lower;
  // Case-insensitive before without the prefix, whatever order the table has them in.
  const entries = Object.entries(table);
  const caseless = entries.find(([key, prices]) => key.toLowerCase() === lower && prices[currency]);
  const unprefixed = entries.find(([key, prices]) => key.toLowerCase() === bare && prices[currency]);
  return (caseless ?? unprefixed)?.[1][currency];
}

/** The rates in force at `at`: off-peak ones outside DeepSeek's peak hours when the entry has them. */
export function ratesAt(price: ModelPrice, at: Date): Rates {
  return price.offPeak && !isPeak(at) ? price.offPeak : price;
}

export interface TokenSplit {
  cacheHit: number;
  cacheMiss: number;
  /** Output including reasoning tokens. */
  output: number;
  reasoning: number;
}

/**
 * Input split into cache hits and misses; output with reasoning included. Servers that report no
 * cache fields bill the whole prompt as misses; `completion_tokens` already includes reasoning (when a
 * server reports only reasoning tokens, those are the output).
 */
export function splitTokens(usage: Usage): TokenSplit {
  const prompt = nonNegative(usage.prompt_tokens);
  const cacheHit = nonNegative(usage.prompt_cache_hit_tokens);
  const cacheMiss = usage.prompt_cache_miss_tokens !== undefined ? nonNegative(usage.prompt_cache_miss_tokens) : Math.max(0, prompt - cacheHit);
  const reasoning = nonNegative(usage.completion_tokens_details?.reasoning_tokens);
  const output = Math.max(nonNegative(usage.completion_tokens), reasoning);
  return { cacheHit, cacheMiss, output, reasoning };
}

/** The cost of tokens at these rates (per 1M tokens). */
export function costAt(tokens: TokenSplit, rates: Rates): number {
  return (tokens.cacheHit * rates.cacheHit + tokens.cacheMiss * rates.cacheMiss + tokens.output * rates.output) / 1_000_000;
}

/** What an answer cost, or undefined when the table has no price for the model in that currency. */
export function answerCost(usage: Usage | undefined, model: string | undefined, table: PriceTable, currency: Currency, at: Date): Money | undefined {
  if (!usage || !model) return undefined;
  const price = findPrice(table, model, currency);
  if (!price) return undefined;
  return { amount: costAt(splitTokens(usage), ratesAt(price, at)), currency };
}

export type PriceTableResult = { table: PriceTable; problems: string[] };

/**
 * Validates the `deepseek.prices` setting: entries that are not `{CNY|USD: {cacheHit, cacheMiss,
 * output, offPeak?}}` with non-negative numbers are left out and named in `problems`; the rest is kept.
 */
export function parsePriceTable(raw: unknown): PriceTableResult {
  const problems: string[] = [];
  const table: PriceTable = {};
  if (raw === undefined || raw === null) return { table: DEFAULT_PRICES, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { table: DEFAULT_PRICES, problems: ['the setting is not an object'] };
  for (const [model, byCurrency] of Object.entries(raw as Record<string, unknown>)) {
    if (!byCurrency || typeof byCurrency !== 'object') {
      problems.push(model);
      continue;
    }
    const entry: Partial<Record<Currency, ModelPrice>> = {};
    for (const [currency, value] of Object.entries(byCurrency as Record<string, unknown>)) {
      const rates = currency === 'CNY' || currency === 'USD' ? readRates(value) : undefined;
      if (!rates) {
        problems.push(`${model}.${currency}`);
        continue;
      }
      const off = (value as { offPeak?: unknown }).offPeak;
      const offPeak = off === undefined ? undefined : readRates(off);
      if (off !== undefined && !offPeak) problems.push(`${model}.${currency}.offPeak`);
      entry[currency as Currency] = offPeak ? { ...rates, offPeak } : rates;
    }
    if (Object.keys(entry).length > 0) table[model] = entry;
  }
  return { table, problems };
}

function readRates(value: unknown): Rates | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const ok = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  if (!ok(v.cacheHit) || !ok(v.cacheMiss) || !ok(v.output)) return undefined;
  return { cacheHit: v.cacheHit, cacheMiss: v.cacheMiss, output: v.output };
}

function nonNegative(n: number | undefined): number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0;
}
