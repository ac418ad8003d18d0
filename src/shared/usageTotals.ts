// Token and cost totals over several answers (a conversation, a session). Shared by host and webview.

import type { Usage } from '../deepseek/types';
import { addMoney, type Money } from './money';

export interface UsageTotals {
  answers: number;
  tokensIn: number;
  cacheHit: number;
  cacheMiss: number;
  tokensOut: number;
  /** Per currency; answers without a price add tokens but no cost. */
  cost: Money[];
}

export function emptyTotals(): UsageTotals {
  return { answers: 0, tokensIn: 0, cacheHit: 0, cacheMiss: 0, tokensOut: 0, cost: [] };
}

const n = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

export function addUsage(totals: UsageTotals, usage: Usage | undefined, cost: Money | undefined): UsageTotals {
  if (!usage && !cost) return totals;
  const hit = n(usage?.prompt_cache_hit_tokens);
  return {
    answers: totals.answers + 1,
    tokensIn: totals.tokensIn + n(usage?.prompt_tokens),
    cacheHit: totals.cacheHit + hit,
    cacheMiss: totals.cacheMiss + (usage?.prompt_cache_miss_tokens !== undefined ? n(usage.prompt_cache_miss_tokens) : Math.max(0, n(usage?.prompt_tokens) - hit)),
    tokensOut: totals.tokensOut + n(usage?.completion_tokens),
    cost: addMoney(totals.cost, cost),
  };
}

/** Two usages of one answer (an answer and its continuation) as one. */
export function sumUsage(a: Usage | undefined, b: Usage): Usage {
  if (!a) return b;
  const out: Usage = {};
  for (const k of ['prompt_tokens', 'completion_tokens', 'total_tokens', 'prompt_cache_hit_tokens', 'prompt_cache_miss_tokens'] as const) {
    if (a[k] !== undefined || b[k] !== undefined) out[k] = n(a[k]) + n(b[k]);
  }
  const ra = a.completion_tokens_details?.reasoning_tokens;
  const rb = b.completion_tokens_details?.reasoning_tokens;
  if (ra !== undefined || rb !== undefined) out.completion_tokens_details = { reasoning_tokens: n(ra) + n(rb) };
  return out;
}
