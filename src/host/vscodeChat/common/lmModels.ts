// What VS Code's model picker is told about a model: honest token limits, tool calling, and how the
// model treats its own reasoning in a tool-call loop. Pure (no vscode import).

import type { ModelInfo } from '../../../deepseek/account';
import { isR1Era, modelEntry } from '../../../shared/modelTable';

export { isR1Era } from '../../../shared/modelTable';

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
  /** Takes images (VS Code's `imageInput` capability). */
  vision: boolean;
  detail?: string;
}

/** VS Code's picker entry for a model, from the model table (the server's context length wins). */
export function specFor(model: ModelInfo): LmModelSpec {
  const entry = modelEntry(model.id, model);
  return {
    id: model.id,
    name: entry.name,
    family: model.id,
    contextTokens: entry.contextTokens,
    maxOutputTokens: entry.maxOutputTokens,
    maxInputTokens: entry.contextTokens - entry.maxOutputTokens,
    toolCalling: entry.toolCalls,
    thinking: entry.thinkingDefault,
    echoReasoning: !isR1Era(model.id),
    vision: entry.vision,
    ...(model.ownedBy ? { detail: model.ownedBy } : {}),
  };
}

/** DeepSeek's estimate (0.3 tokens per English character, 0.6 per CJK character), shared with the panel. */
export { estimateTokens } from '../../conversation/common/conversation';
