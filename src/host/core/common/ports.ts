// The plain-Node halves of the ports through which features meet (see ../ports.ts).

import type { Usage } from '../../../deepseek/types';
import type { Money } from '../../../shared/money';
import type { AskAttachments } from '../../conversation/common/conversation';

/** What an answer's usage cost with this model, asked at `at` (prices can depend on the hour). */
export type CostOf = (usage: Usage, model: string, at: Date) => Money | undefined;

/** What a question takes with it: the attachments' text block, their infos and the notes for the turn. */
export interface TakenContext extends AskAttachments {
  note?: string;
}
