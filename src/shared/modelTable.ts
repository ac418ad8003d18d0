// The one table of what each model can do: limits, thinking, reasoning efforts, vision, FIM, tool calls
// and prices. The panel, Select Model, the status bar, prices and VS Code's Chat all read it, so a new
// model is one entry here. Ids not in the table take what the server's `/models` says (its context
// length) and otherwise conservative defaults, never a retired model's limits. Pure (no vscode, no DOM).
//
// Source: DeepSeek's Models & Pricing page as summarised in the project's API notes (deepseek-api.md,
// "Models as of 2026-11"), prices as of PRICES_TAKEN.

import type { Currency } from './money';

/** Prices per 1M tokens. */
export interface Rates {
  cacheHit: number;
  cacheMiss: number;
  output: number;
}

/** A model's prices in one currency: peak (or only) rates, and optionally off-peak ones. */
export interface ModelPrice extends Rates {
  offPeak?: Rates;
}

export type ModelPrices = Partial<Record<Currency, ModelPrice>>;

/** Reasoning efforts DeepSeek V4 takes (`reasoning_effort`); other words are mapped by the server. */
export type ReasoningEffort = 'low' | 'high' | 'max';
export const REASONING_EFFORTS: readonly ReasoningEffort[] = ['low', 'high', 'max'];

export interface ModelEntry {
  id: string;
  /** Shown in VS Code's Chat model picker and the status bar tooltip. */
  name: string;
  /** Context window (input + output) in tokens. */
  contextTokens: number;
  maxOutputTokens: number;
  /** Whether the model answers with reasoning when the request does not say (`thinking` absent). */
  thinkingDefault: boolean;
  /** Whether the request may switch thinking on or off (`thinking: {type}`). */
  thinkingSwitch: boolean;
  /** Reasoning efforts the model takes in thinking mode (empty: none). */
  efforts: readonly ReasoningEffort[];
  /** Takes images in user messages (`image_url` content parts). */
  vision: boolean;
  /** Fill-in-the-middle completions (`POST {base}/beta/completions`, non-thinking only). */
  fim: boolean;
  toolCalls: boolean;
  /** Prices per 1M tokens; absent when unknown (no cost line). */
  prices?: ModelPrices;
  /** Whether this entry is from the table (false: derived from the server's list or defaults). */
  known: boolean;
}

export const PRICES_SOURCE = 'https://api-docs.deepseek.com/quick_start/pricing';
export const PRICES_TAKEN = '2026-11-29';

/** The model a new user gets (deepseek-api.md: "Sensible default for a new user"). */
export const DEFAULT_MODEL = 'deepseek-flash';

const FLASH_PRICES: ModelPrices = {
  CNY: { cacheHit: 0.04, cacheMiss: 2, output: 8, offPeak: { cacheHit: 0.02, cacheMiss: 1, output: 4 } },
  USD: { cacheHit: 0.006, cacheMiss: 0.3, output: 1.2, offPeak: { cacheHit: 0.003, cacheMiss: 0.15, output: 0.6 } },
};

const PRO_PRICES: ModelPrices = {
  CNY: { cacheHit: 0.3, cacheMiss: 9, output: 27, offPeak: { cacheHit: 0.15, cacheMiss: 4.5, output: 13.5 } },
  USD: { cacheHit: 0.044, cacheMiss: 1.32, output: 3.96, offPeak: { cacheHit: 0.022, cacheMiss: 0.66, output: 1.98 } },
};

const V4 = { contextTokens: 1_048_576, maxOutputTokens: 393_216, thinkingDefault: true, thinkingSwitch: true, efforts: REASONING_EFFORTS, toolCalls: true, known: true };

/** Today's DeepSeek models. `deepseek-v4-flash` is the old name DeepSeek still accepts for Flash. */
export const MODEL_TABLE: readonly ModelEntry[] = [
  { id: 'deepseek-flash', name: 'DeepSeek V4.1 Flash', ...V4, vision: true, fim: true, prices: FLASH_PRICES },
  { id: 'deepseek-v4-pro', name: 'DeepSeek V4 Pro', ...V4, vision: false, fim: false, prices: PRO_PRICES },
];

/** Aliases the server still accepts, with the entry whose capabilities and prices they share. */
const ALIASES: Record<string, string> = { 'deepseek-v4-flash': 'deepseek-flash' };

/** When neither the table nor the server says: DeepSeek's smallest context (64K), 8K answers. */
export const FALLBACK_CONTEXT = 64_000;
export const FALLBACK_OUTPUT = 8_000;

/** R1-era reasoner ids (`deepseek-r1`, `deepseek-r1:14b`, `deepseek/deepseek-r1-distill-…`). */
export function isR1Era(id: string): boolean {
  return /(^|[-_:/.])r1([-_:/.]|$)/i.test(id);
}

/** `deepseek/DeepSeek-Flash` → `deepseek-flash` (a provider prefix and case do not make another model). */
function bareId(id: string): string {
  const lower = id.trim().toLowerCase();
  return lower.split('/').pop() ?? lower;
}

/** The table's entry for an id (exact, case-insensitive, behind a provider prefix, or an alias). */
export function knownModel(id: string): ModelEntry | undefined {
  const bare = bareId(id);
  const target = ALIASES[bare] ?? bare;
  return MODEL_TABLE.find((m) => m.id === target);
}

/** What the server's `/models` said about a model, when it said anything. */
export interface ServerModelInfo {
  id: string;
  contextLength?: number;
}

/**
 * The entry for any id: the table's (the server's context length wins when it gives one), else one
 * derived from the server's info and conservative defaults: no vision, no FIM, no thinking switch.
 */
export function modelEntry(id: string, server?: ServerModelInfo): ModelEntry {
  const known = knownModel(id);
  const contextTokens = server?.contextLength ?? known?.contextTokens ?? FALLBACK_CONTEXT;
  if (known) return { ...known, id, contextTokens, maxOutputTokens: Math.min(known.maxOutputTokens, Math.floor(contextTokens / 2)) };
  const r1 = isR1Era(id);
  return {
    id,
    name: id,
    contextTokens,
    maxOutputTokens: Math.min(FALLBACK_OUTPUT, Math.floor(contextTokens / 2)),
    thinkingDefault: r1 || /reason|think/i.test(id),
    thinkingSwitch: /^deepseek-(v4\b|v4-|flash\b|pro\b)/.test(bareId(id)),
    efforts: /^deepseek-(v4\b|v4-|flash\b|pro\b)/.test(bareId(id)) ? REASONING_EFFORTS : [],
    vision: false,
    fim: false,
    // R1-era reasoners had no function calling; everything else on an OpenAI-compatible API may.
    toolCalls: !r1,
    known: false,
  };
}

/** The price table (model id → currency → prices) the table gives, aliases included. */
export function tablePrices(): Record<string, ModelPrices> {
  const out: Record<string, ModelPrices> = {};
  for (const m of MODEL_TABLE) if (m.prices) out[m.id] = m.prices;
  for (const [alias, target] of Object.entries(ALIASES)) if (out[target]) out[alias] = out[target];
  return out;
}
