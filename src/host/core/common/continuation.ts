// How a cut-off answer is continued, shared by the chat panel's Continue and the long-document
// writer: DeepSeek's chat prefix completion (the `/beta` base) where it exists, a continue prompt
// elsewhere. Pure, no vscode import.

import type { ChatMessage } from '../../../deepseek/types';

/** Asks the model to pick up where a cut-off answer stopped, for servers without prefix completion. */
export const CONTINUE_PROMPT =
  'Your previous answer was cut off. Continue it exactly where it stopped: do not repeat anything, do not add an introduction, output only the continuation.';

/**
 * Where chat prefix completion is available: a base already on DeepSeek's `/beta`, or DeepSeek's own
 * host (whose `/beta` base offers it). Other servers: undefined.
 */
export function prefixCompletionBase(baseUrl: string): string | undefined {
  const url = new URL(baseUrl);
  if (/\/beta\/?$/.test(url.pathname)) return baseUrl;
  if (url.hostname === 'api.deepseek.com') return `${url.origin}/beta`;
  return undefined;
}

export interface ContinuationRequest {
  /** The base URL to send the continuation to (the `/beta` base when prefix completion is used). */
  baseUrl: string;
  /** Messages to append after the original question. */
  messages: ChatMessage[];
  /** Whether the model resumes mid-text (prefix completion) rather than being asked to go on. */
  prefix: boolean;
}

/** The messages (and base URL) that continue `textSoFar`, an assistant answer that was cut off. */
export function continuationFor(baseUrl: string, textSoFar: string): ContinuationRequest {
  const prefixBase = prefixCompletionBase(baseUrl);
  return prefixBase
    ? { baseUrl: prefixBase, prefix: true, messages: [{ role: 'assistant', content: textSoFar, prefix: true }] }
    : {
        baseUrl,
        prefix: false,
        messages: [
          { role: 'assistant', content: textSoFar },
          { role: 'user', content: CONTINUE_PROMPT },
        ],
      };
}
