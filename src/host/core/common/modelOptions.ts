// Which request fields a model takes beyond the basics: the model table (src/shared/modelTable.ts)
// says whether thinking can be switched and which reasoning efforts it takes; ids outside the table
// that look like DeepSeek V4 (`deepseek-v4-*`, also behind a provider prefix) are treated alike.
// Pure: tested in plain Node and shared by every surface.

import { modelEntry } from '../../../shared/modelTable';
import type { ReasoningEffortSetting, ThinkingSetting } from './settings';

/** Whether the model has DeepSeek V4's thinking switch and reasoning effort. */
export function supportsThinking(model: string): boolean {
  return modelEntry(model).thinkingSwitch;
}

/**
 * The `thinking` / `reasoning_effort` body fields for this model and these settings, or undefined.
 * `auto` sends nothing (the server decides; V4 thinks by default); effort is not sent with thinking
 * off, nor an effort the model does not take.
 */
export function thinkingFields(model: string, options: { thinking: ThinkingSetting; reasoningEffort: ReasoningEffortSetting }): Record<string, unknown> | undefined {
  const entry = modelEntry(model);
  if (!entry.thinkingSwitch) return undefined;
  const fields: Record<string, unknown> = {};
  if (options.thinking !== 'auto') fields.thinking = { type: options.thinking };
  const effort = options.reasoningEffort;
  if (effort !== 'auto' && options.thinking !== 'disabled' && entry.efforts.includes(effort)) fields.reasoning_effort = effort;
  return Object.keys(fields).length > 0 ? fields : undefined;
}
