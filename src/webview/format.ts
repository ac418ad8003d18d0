// Small text formatters for the panel: durations, token counts, the usage line, totals.

import type { Usage } from '../deepseek/types.js';
import { formatMoney, type Money } from '../shared/money.js';
import type { UsageTotals } from '../shared/usageTotals.js';
import { t } from './i18n.js';

const numberFormat = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** "7 s", "1 min 5 s". */
export function formatSeconds(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return t('time.seconds', total);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return seconds ? t('time.minutesSeconds', minutes, seconds) : t('time.minutes', minutes);
}

/**
 * The pieces of the usage line under an answer, e.g. ["deepseek-flash", "1,204 tokens in",
 * "1,024 cache hits", "180 cache misses", "812 tokens out", "96 reasoning", "≈ ¥0.0031"].
 */
export function usageParts(usage: Usage | undefined, model: string | undefined, cost?: Money): string[] {
  const parts: string[] = [];
  if (model) parts.push(model);
  if (!usage) return parts;
  if (usage.prompt_tokens !== undefined) parts.push(t('usage.in', formatCount(usage.prompt_tokens)));
  if (usage.prompt_cache_hit_tokens !== undefined) parts.push(t('usage.cacheHits', formatCount(usage.prompt_cache_hit_tokens)));
  if (usage.prompt_cache_miss_tokens !== undefined) parts.push(t('usage.cacheMisses', formatCount(usage.prompt_cache_miss_tokens)));
  if (usage.completion_tokens !== undefined) parts.push(t('usage.out', formatCount(usage.completion_tokens)));
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning) parts.push(t('usage.reasoning', formatCount(reasoning)));
  if (cost) parts.push(t('usage.cost', formatMoney(cost)));
  return parts;
}

/** "12,345 tokens · ¥0.0123" (cost per currency, when any answer had a price). */
export function totalsText(totals: UsageTotals): string {
  const tokens = t('totals.tokens', formatCount(totals.tokensIn + totals.tokensOut));
  const cost = totals.cost.map(formatMoney).join(' + ');
  return cost ? `${tokens} · ${cost}` : tokens;
}
