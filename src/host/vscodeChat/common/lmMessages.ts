// VS Code's chat messages → DeepSeek's request messages. Pure (no vscode import): lmProvider.ts turns
// VS Code's part classes into the neutral parts below, so these rules are unit-tested in plain Node.

import type { ChatMessage, ToolCallMessage } from '../../../deepseek/types';
import type { LmModelSpec } from './lmModels';

export type NeutralPart =
  | { kind: 'text'; text: string }
  | { kind: 'thinking'; text: string }
  | { kind: 'toolCall'; callId: string; name: string; input: object }
  | { kind: 'toolResult'; callId: string; text: string }
  /** An image VS Code passes (models with `imageInput`): sent as an `image_url` part when the model has vision. */
  | { kind: 'image'; mimeType: string; base64: string };

export interface NeutralMessage {
  role: 'system' | 'user' | 'assistant';
  parts: NeutralPart[];
}

export interface ConvertOptions {
  /** Reasoning we streamed for an answer that made this call (when VS Code does not send thinking parts back). */
  reasoningForCall?(callId: string): string | undefined;
}

/**
 * DeepSeek's rules (../../shared knowledge, "Multi-round rules"):
 * - tool results are `role: "tool"` messages right after the assistant message with the calls;
 * - reasoning is sent back only for the assistant messages of the current tool-call loop (after the
 *   last real user prompt), only for models that want it (V3.2/V4 thinking; never R1-era), and for a
 *   thinking model even as "" when VS Code dropped it;
 * - older reasoning is never sent (ignored by new models, rejected by R1-era ones).
 */
export function toDeepSeekMessages(messages: readonly NeutralMessage[], spec: LmModelSpec, options: ConvertOptions = {}): ChatMessage[] {
  const loopStart = lastPromptIndex(messages);
  const out: ChatMessage[] = [];
  messages.forEach((m, i) => {
    const text = m.parts.flatMap((p) => (p.kind === 'text' ? [p.text] : [])).join('');
    if (m.role === 'system') {
      if (text.trim()) out.push({ role: 'system', content: text });
      return;
    }
    if (m.role === 'user') {
      for (const p of m.parts) if (p.kind === 'toolResult') out.push({ role: 'tool', tool_call_id: p.callId, content: p.text });
      const images = spec.vision ? m.parts.flatMap((p) => (p.kind === 'image' ? [`data:${p.mimeType};base64,${p.base64}`] : [])) : [];
      if (text !== '' || images.length > 0 || !m.parts.some((p) => p.kind === 'toolResult')) out.push(images.length > 0 ? { role: 'user', content: text, images } : { role: 'user', content: text });
      return;
    }
    const calls: ToolCallMessage[] = m.parts.flatMap((p) =>
      p.kind === 'toolCall' ? [{ id: p.callId, type: 'function' as const, function: { name: p.name, arguments: JSON.stringify(p.input ?? {}) } }] : [],
    );
    const msg: ChatMessage = { role: 'assistant', content: text };
    if (calls.length > 0) {
      msg.tool_calls = calls;
      if (i > loopStart && spec.echoReasoning) {
        const thinking = m.parts.flatMap((p) => (p.kind === 'thinking' ? [p.text] : [])).join('');
        const remembered = calls.map((c) => options.reasoningForCall?.(c.id)).find((r) => r !== undefined);
        const reasoning = thinking !== '' ? thinking : remembered;
        if (reasoning !== undefined) msg.reasoning_content = reasoning;
        else if (spec.thinking) msg.reasoning_content = '';
      }
    } else if (text === '') {
      return; // an empty assistant message (e.g. only thinking) is a 400 on DeepSeek
    }
    out.push(msg);
  });
  return out;
}

/** Index of the last user message that is a prompt (has text), not only tool results; -1 if none. */
function lastPromptIndex(messages: readonly NeutralMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'user' && m.parts.some((p) => p.kind === 'text' && p.text.trim() !== '') && !m.parts.some((p) => p.kind === 'toolResult')) return i;
  }
  return -1;
}
