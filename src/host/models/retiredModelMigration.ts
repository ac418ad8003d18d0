// A `deepseek.model` setting naming a retired DeepSeek id (on DeepSeek's own host) is changed to its
// successor where it is set (user, workspace or folder settings), with the thinking setting that keeps
// the old behaviour, and the user is told once what changed and how to undo it. Undo puts the old
// values back and is remembered: that id is not changed again.

import * as vscode from 'vscode';
import type { HostServices } from '../core/services';
import { Commands } from '../core/common/commandIds';
import { successorFor, type Successor } from './common/retiredModels';

/** globalState: retired ids whose notice was shown, and ids the user chose to keep (Undo). */
const NOTICE_SHOWN = 'deepseek.retiredModelNotice.shown';
const KEPT = 'deepseek.retiredModelNotice.kept';

type Target = vscode.ConfigurationTarget;

interface Change {
  target: Target;
  model: string;
  thinking: unknown;
}

export class RetiredModelMigration implements vscode.Disposable {
  private readonly listener: vscode.Disposable;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly services: Pick<HostServices, 'context' | 'log' | 'tr' | 'openSettings'>) {
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('deepseek.model') || e.affectsConfiguration('deepseek.baseUrl')) void this.run();
    });
  }

  /** Checks the settings now (activation and each change); runs one at a time. */
  run(): Promise<void> {
    this.running = this.running.then(() => this.migrate()).catch((err: unknown) => this.services.log.warn(`Model setting migration failed: ${String(err)}`));
    return this.running;
  }

  private async migrate(): Promise<void> {
    const config = vscode.workspace.getConfiguration('deepseek');
    const baseUrl = config.get<string>('baseUrl') ?? '';
    const seen = config.inspect<string>('model');
    const thinking = config.inspect<string>('thinking');
    const kept = this.services.context.globalState.get<string[]>(KEPT, []);
    const scopes: [Target, string | undefined, unknown][] = [
      [vscode.ConfigurationTarget.Global, seen?.globalValue, thinking?.globalValue],
      [vscode.ConfigurationTarget.Workspace, seen?.workspaceValue, thinking?.workspaceValue],
      [vscode.ConfigurationTarget.WorkspaceFolder, seen?.workspaceFolderValue, thinking?.workspaceFolderValue],
    ];
    for (const [target, model, oldThinking] of scopes) {
      const next = successorFor(model, baseUrl);
      if (!next || kept.includes(next.retired) || model === undefined) continue;
      // A folder scope exists only with a folder open; a failed write is logged, not thrown.
      await config.update('model', next.model, target);
      if (next.thinking) await config.update('thinking', next.thinking, target);
      this.services.log.info(`deepseek.model "${model}" (retired) changed to "${next.model}"${next.thinking ? ` with thinking ${next.thinking}` : ''}.`);
      void this.notify(next, { target, model, thinking: oldThinking });
    }
  }

  private async notify(next: Successor, before: Change): Promise<void> {
    const state = this.services.context.globalState;
    const shown = state.get<string[]>(NOTICE_SHOWN, []);
    if (shown.includes(next.retired)) return;
    await state.update(NOTICE_SHOWN, [...shown, next.retired]);
    const { tr } = this.services;
    const what =
      next.thinking === 'disabled'
        ? tr('DeepSeek no longer serves "{0}". Your model setting now says "{1}" with thinking off, which answers like it.', before.model, next.model)
        : next.thinking === 'enabled'
          ? tr('DeepSeek no longer serves "{0}". Your model setting now says "{1}" with thinking on, which answers like it.', before.model, next.model)
          : tr('"{0}" is an old name of "{1}"; your model setting now says "{1}".', before.model, next.model);
    const undo = tr('Undo');
    const pick = tr('Select Model');
    const answer = await vscode.window.showInformationMessage(`${what} ${tr('To undo, press Undo or pick another model with "DeepSeek: Select Model".')}`, undo, pick);
    if (answer === pick) void vscode.commands.executeCommand(Commands.selectModel);
    if (answer !== undo) return;
    await state.update(KEPT, [...state.get<string[]>(KEPT, []), next.retired]);
    const config = vscode.workspace.getConfiguration('deepseek');
    await config.update('model', before.model, before.target);
    if (next.thinking) await config.update('thinking', before.thinking, before.target);
  }

  dispose(): void {
    this.listener.dispose();
  }
}
