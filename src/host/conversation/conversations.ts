// The saved conversations as every feature meets them: the store under the extension's global
// storage, and one way to report files that could not be read (always the log; a warning only when
// the user asked for that conversation, never at start-up, where the chat shows a quiet status).

import * as path from 'node:path';
import * as vscode from 'vscode';
import { showWarning } from '../core/notify';
import type { HostServices } from '../core/services';
import { ConversationStore, type LoadProblem, type StoredConversation } from './common/conversationStore';

export class Conversations implements vscode.Disposable {
  readonly store: ConversationStore;
  private readonly problems = new vscode.EventEmitter<string>();
  /** Fires with a one-line summary when saved conversations could not be read. */
  readonly onDidFindProblems = this.problems.event;

  constructor(private readonly services: Pick<HostServices, 'context' | 'log' | 'tr'>) {
    this.store = new ConversationStore(path.join(services.context.globalStorageUri.fsPath, 'conversations'));
  }

  /** A saved conversation, or undefined (a file that cannot be read is reported and set aside). */
  async load(id: string): Promise<StoredConversation | undefined> {
    const loaded = await this.store.load(id);
    if (loaded && 'conversation' in loaded) return loaded.conversation;
    if (loaded) this.reportProblems([loaded.problem], 'notify');
    return undefined;
  }

  /** `quiet`: the log and the status only (start-up); `notify`: also a warning (the user opened it). */
  reportProblems(problems: LoadProblem[], how: 'quiet' | 'notify'): void {
    const { log, tr } = this.services;
    for (const p of problems) log.warn(`Unreadable conversation ${p.file}: ${p.reason}; moved to ${p.setAsideAs ?? '(could not move)'}`);
    if (problems.length === 0) return;
    const first =
      problems.length === 1
        ? tr('A saved DeepSeek conversation could not be read ({0}).', problems[0].reason)
        : tr('{0} saved DeepSeek conversations could not be read ({1}).', problems.length, problems[0].reason);
    const where = problems[0].setAsideAs ? ` ${tr('It was kept as {0}.', path.basename(problems[0].setAsideAs))}` : '';
    this.problems.fire(problems.length === 1 ? tr('1 saved chat unreadable (see Output › DeepSeek)') : tr('{0} saved chats unreadable (see Output › DeepSeek)', problems.length));
    if (how === 'notify') void showWarning(`${first}${where} ${tr('The others are fine.')}`);
  }

  dispose(): void {
    this.problems.dispose();
  }
}
