// The interfaces through which features meet in extension.ts without importing each other: one
// feature implements a port, extension.ts hands it to another.

import type * as vscode from 'vscode';
import type { HostMessage } from '../../shared/protocol';
import type { CostOf, TakenContext } from './common/ports';

export type { CostOf, TakenContext } from './common/ports';
export type { ModelSource } from './modelSource';

/** Prices and balance (the models feature), as the chat uses them. */
export interface Billing {
  costOf: CostOf;
  /** After an answer: the balance in the status bar may have changed. */
  answerEnded(): void;
}

/** The attachments waiting for the next question (the context feature), as the chat shows them. */
export interface PendingAttachments {
  /** The chips message for the chat. */
  message(): HostMessage;
  /** Fires when the chips change (post `message()` again). */
  readonly onDidChange: vscode.Event<void>;
  take(): TakenContext | undefined;
  pickFiles(): Promise<boolean>;
  remove(id: string): void;
  attachActive(): Promise<void>;
}
