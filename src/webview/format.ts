// Small text formatters for the panel: durations, token counts, the usage line.

import type { Usage } from '../deepseek/types.js';

const numberFormat = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** "7 s", "1 min 5 s". */
export function formatSeconds(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** The pieces of the usage line under an answer, e.g. ["deepseek-chat", "1,204 tokens in", …]. */
export function usageParts(usage: Usage | undefined, model: string | undefined): string[] {
  const parts: string[] = [];
  if (model) parts.push(model);
  if (!usage) return parts;
  if (usage.prompt_tokens !== undefined) parts.push(`${formatCount(usage.prompt_tokens)} tokens in`);
  if (usage.prompt_cache_hit_tokens !== undefined) parts.push(`${formatCount(usage.prompt_cache_hit_tokens)} cache hits`);
  if (usage.completion_tokens !== undefined) parts.push(`${formatCount(usage.completion_tokens)} tokens out`);
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning) parts.push(`${formatCount(reasoning)} reasoning`);
  return parts;
}
