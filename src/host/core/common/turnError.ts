// Maps a failure to what the panel shows under the answer: a readable message and the actions that help.

import { DeepSeekError } from '../../../deepseek';
import type { ErrorAction, TurnError } from '../../../shared/protocol';
import type { ErrorKind } from '../../../deepseek/types';
import { english, type Translate } from './translate';

const ACTIONS: Record<ErrorKind, ErrorAction[]> = {
  auth: ['setApiKey'],
  balance: ['retry'],
  invalid: ['openSettings', 'retry'],
  rate_limit: ['retry'],
  server: ['retry'],
  network: ['retry', 'openSettings'],
  timeout: ['retry', 'openSettings'],
  truncated: ['retry'],
  interrupted: ['retry'],
  aborted: ['retry'],
  protocol: ['retry', 'openSettings'],
};

function hintFor(kind: ErrorKind, tr: Translate): string | undefined {
  switch (kind) {
    case 'auth':
      return tr('Check the key with "DeepSeek: Set API Key".');
    case 'balance':
      return tr('Top up the account at platform.deepseek.com, then retry.');
    case 'network':
      return tr('Check the connection and the "deepseek.baseUrl" setting.');
    case 'protocol':
      return tr('Is "deepseek.baseUrl" an OpenAI-compatible API (it usually ends in /v1 for servers other than DeepSeek)?');
    default:
      return undefined;
  }
}

export function toTurnError(err: unknown, tr: Translate = english): TurnError {
  if (err instanceof DeepSeekError) {
    const hint = hintFor(err.kind, tr);
    return {
      kind: err.kind,
      status: err.status,
      requestId: err.requestId,
      // Add the hint unless the client's message already points the same way.
      message: hint && !err.message.includes(hint) && !/base URL/i.test(err.message) ? `${err.message} ${hint}` : err.message,
      actions: ACTIONS[err.kind],
    };
  }
  // Not expected: a bug on our side. Say so plainly without a stack trace.
  const detail = err instanceof Error ? err.message : String(err);
  return { kind: 'protocol', message: tr('Unexpected error: {0}', detail.slice(0, 300)), actions: ['retry'] };
}

export function configError(message: string): TurnError {
  return { kind: 'config', message, actions: ['openSettings'] };
}

/** How many of the server's models are offered as buttons (a router can list hundreds). */
const OFFERED_MODELS = 12;

/**
 * A "model does not exist" error with the models the server lists (the missing one left out), each
 * offered as a switch-and-retry; when the list cannot be read, the error says to pick another model.
 */
export async function offerServerModels(error: TurnError, model: string, list: () => Promise<{ id: string }[]>, tr: Translate = english): Promise<TurnError> {
  const models = await list().then(
    (all) => all.map((m) => m.id).filter((id) => id !== model),
    () => [] as string[],
  );
  const base = `${error.message} ${tr('This server does not serve the model "{0}".', model)}`;
  if (models.length === 0) return { ...error, message: `${base} ${tr('Pick another model with "DeepSeek: Select Model".')}`, actions: ['openSettings'] };
  return { ...error, message: base, models: models.slice(0, OFFERED_MODELS), actions: ['openSettings'] };
}
