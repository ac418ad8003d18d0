// What VS Code's model picker is told about a model: honest token limits, tool calling, and how the
// model treats its own reasoning in a tool-call loop. Pure (no vscode import).

import type { ModelInfo } from '../../../deepseek/account';

export interface LmModelSpec {
  id: string;
  name: string;
  family: string;
  /** Context window (input + output) in tokens. */
  contextTokens: number;
  maxOutputTokens: number;
  maxInputTokens: number;
  toolCalling: boolean;
  /** Answers with reasoning (thinking mode) by default. */
  thinking: boolean;
  /**
   * Whether the assistant messages of a tool-call loop carry `reasoning_content` back. DeepSeek's
   * V3.2/V4 thinking mode requires it (400 without); R1-era reasoners rejected it (400 with).
   */
  echoReasoning: boolean;
  detail?: string;
}

interface Known {
  match: RegExp;
  contextTokens: number;
  maxOutputTokens: number;
  thinking: boolean;
  name?: string;
}

// DeepSeek's published limits (api-docs.deepseek.com, "Models & Pricing"): 128K context; non-thinking
// answers up to 8K tokens, thinking answers up to 64K. Later ids get the same until /models says more.
const KNOWN: Known[] = [
  { match: /^deepseek-chat$/, contextTokens: 128_000, maxOutputTokens: 8_000, thinking: false, name: 'DeepSeek Chat' },
  { match: /^deepseek-reasoner$/, contextTokens: 128_000, maxOutputTokens: 64_000, thinking: true, name: 'DeepSeek Reasoner' },
  { match: /^deepseek-v4-pro$/, contextTokens: 128_000, maxOutputTokens: 64_000, thinking: true, name: 'DeepSeek V4 Pro' },
  { match: /^deepseek-(v4-)?flash$/, contextTokens: 128_000, maxOutputTokens: 8_000, thinking: false },
];

/** When neither the table nor the server says: DeepSeek's smallest context (64K), 8K answers. */
const FALLBACK_CONTEXT = 64_000;
const FALLBACK_OUTPUT = 8_000;

/** R1-era reasoner ids (`deepseek-r1`, `deepseek-r1:14b`, `deepseek/deepseek-r1-distill-…`). */
export function isR1Era(id: string): boolean {
  return /(^|[-_:/.])r1([-_:/.]|$)/i.test(id);
}

/** Picker label: "DeepSeek Chat" for known ids, else the id itself. */
export function specFor(model: ModelInfo): LmModelSpec {
  const known = KNOWN.find((k) => k.match.test(model.id));
  const thinking = known?.thinking ?? (/reason|think/i.test(model.id) || isR1Era(model.id));
  const contextTokens = model.contextLength ?? known?.contextTokens ?? FALLBACK_CONTEXT;
  const maxOutputTokens = Math.min(known?.maxOutputTokens ?? FALLBACK_OUTPUT, Math.floor(contextTokens / 2));
  return {
    id: model.id,
    name: known?.name ?? model.id,
    family: model.id,
    contextTokens,
    maxOutputTokens,
    maxInputTokens: contextTokens - maxOutputTokens,
    // R1-era reasoners had no function calling; everything else on an OpenAI-compatible API may.
    toolCalling: !isR1Era(model.id),
    thinking,
    echoReasoning: !isR1Era(model.id),
    ...(model.ownedBy ? { detail: model.ownedBy } : {}),
  };
}

/** DeepSeek's estimate (0.3 tokens per English character, 0.6 per CJK character), shared with the panel. */
export { estimateTokens } from '../../conversation/common/conversation';
