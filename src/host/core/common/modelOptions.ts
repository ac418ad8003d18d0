// Which request fields a model takes beyond the basics: DeepSeek V4 (`deepseek-v4-*`, `deepseek-flash`,
// also behind a provider prefix such as `deepseek/deepseek-v4-pro`) switches thinking on or off and
// takes a reasoning effort. Pure: tested in plain Node and shared by every surface.

import type { ReasoningEffortSetting, ThinkingSetting } from './settings';

/** Whether the model has DeepSeek V4's thinking switch and reasoning effort. */
export function supportsThinking(model: string): boolean {
  const id = model.trim().toLowerCase().split('/').pop() ?? '';
  return /^deepseek-(v4\b|v4-|flash\b|pro\b)/.test(id);
}

/**
 * The `thinking` / `reasoning_effort` body fields for this model and these settings, or undefined.
 * `auto` sends nothing (the server decides; V4 thinks by default); effort is not sent with thinking off.
 */
export function thinkingFields(model: string, options: { thinking: ThinkingSetting; reasoningEffort: ReasoningEffortSetting }): Record<string, unknown> | undefined {
  if (!supportsThinking(model)) return undefined;
  const fields: Record<string, unknown> = {};
  if (options.thinking !== 'auto') fields.thinking = { type: options.thinking };
  if (options.reasoningEffort !== 'auto' && options.thinking !== 'disabled') fields.reasoning_effort = options.reasoningEffort;
  return Object.keys(fields).length > 0 ? fields : undefined;
}
