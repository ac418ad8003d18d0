// One conversation: its turns as the panel shows them, and the messages sent for the next question.
// Pure (no vscode import).

import type { ChatMessage } from '../../../deepseek/types';
import type { AttachmentInfo, TurnView } from '../../../shared/protocol';

/**
 * Rough token estimate per DeepSeek's token guidance (api-docs.deepseek.com, "Token & Token Usage"): about 0.3 tokens per
 * English character and 0.6 per Chinese character. Only used to trim history; usage has the real count.
 */
export function estimateTokens(text: string): number {
  let tenths = 0; // integer tenths avoid floating-point drift
  for (let i = 0; i < text.length; i++) tenths += text.charCodeAt(i) < 0x80 ? 3 : 6;
  return Math.ceil(tenths / 10);
}

/** History budget: leaves room for the answer inside a 64K-token context (DeepSeek's smallest). */
export const DEFAULT_HISTORY_TOKENS = 48_000;

/** Files and selections sent with a question (Add File to Chat, `@`, Explain Selection). */
export interface AskAttachments {
  /** Their text as sent (markdown, before the question). */
  context: string;
  attachments: AttachmentInfo[];
}

export interface RequestMessages {
  messages: ChatMessage[];
  /** How many earlier turns were left out to fit the budget. */
  omittedTurns: number;
}

let counter = 0;
export function newTurnId(): string {
  counter = (counter + 1) % 1_000_000;
  return `t${Date.now().toString(36)}${counter.toString(36)}`;
}

export class Conversation {
  private turns: TurnView[] = [];

  all(): readonly TurnView[] {
    return this.turns;
  }

  get(id: string): TurnView | undefined {
    return this.turns.find((t) => t.id === id);
  }

  streaming(): TurnView | undefined {
    return this.turns.find((t) => t.status === 'streaming');
  }

  add(turn: TurnView): void {
    this.turns.push(turn);
  }

  remove(id: string): void {
    this.turns = this.turns.filter((t) => t.id !== id);
  }

  clear(): void {
    this.turns = [];
  }

  /** Deep copy, safe to post or persist. */
  snapshot(): TurnView[] {
    return structuredClone(this.turns);
  }

  /** Restores saved turns; an answer that was streaming when the window went away is marked interrupted. */
  restore(turns: readonly TurnView[]): void {
    this.turns = turns.map((t) => (t.status === 'streaming' ? { ...t, status: 'interrupted', retryNote: undefined } : { ...t }));
  }

  /**
   * Messages for answering `turn`: the system prompt, the earlier turns that fit the budget (newest
   * first kept), then the question. Reasoning text is never sent back: DeepSeek's R1-era reasoner
   * rejected it and newer thinking models ignore it without tool calls (the panel makes no tool
   * calls). Images go with their questions only when `options.images` (the model takes them).
   */
  requestMessages(turn: TurnView, systemPrompt: string, budgetTokens = DEFAULT_HISTORY_TOKENS, options: { images?: boolean } = {}): RequestMessages {
    const user = (t: TurnView): ChatMessage => {
      const images = options.images ? (t.images ?? []).map((i) => i.dataUrl) : [];
      return images.length > 0 ? { role: 'user', content: sentQuestion(t), images } : { role: 'user', content: sentQuestion(t) };
    };
    const index = this.turns.indexOf(turn);
    const earlier = (index < 0 ? this.turns : this.turns.slice(0, index)).filter((t) => t.answer.trim() !== '');
    let budget = budgetTokens - estimateTokens(systemPrompt) - estimateTokens(sentQuestion(turn));
    const kept: ChatMessage[][] = [];
    for (let i = earlier.length - 1; i >= 0; i--) {
      const t = earlier[i];
      const cost = estimateTokens(sentQuestion(t)) + estimateTokens(t.answer);
      if (cost > budget) break;
      budget -= cost;
      kept.unshift([user(t), { role: 'assistant', content: t.answer }]);
    }
    const messages: ChatMessage[] = [];
    if (systemPrompt.trim()) messages.push({ role: 'system', content: systemPrompt });
    for (const pair of kept) messages.push(...pair);
    messages.push(user(turn));
    return { messages, omittedTurns: earlier.length - kept.length };
  }
}

/** The user message of a turn: attached files and selections first, then the question. */
export function sentQuestion(turn: TurnView): string {
  return turn.context ? `${turn.context}${turn.question}` : turn.question;
}
