// Completions as you type: the inline completion provider, the status bar item and its commands, and
// the one-time offer to turn completions on. Costs reach it through the Billing port.

import * as vscode from 'vscode';
import { Commands } from '../core/common/commandIds';
import type { Billing } from '../core/ports';
import type { HostServices } from '../core/services';
import type { EngineStats } from './common/engine';
import { CompletionsController } from './controller';
import { CompletionProvider, documentExclusion } from './provider';
import { RecentFiles } from './recentFiles';
import type { StatusView } from './statusItem';

export interface CompletionsFeature extends vscode.Disposable {
  /** What the status bar item shows (for the test API). */
  status(): StatusView;
  /** Requests, cache hits, aborts (for the test API and the bench). */
  stats(): EngineStats;
}

const OFFERED_KEY = 'completions.offered';
const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-vfs' }];

export function register(services: HostServices, ports: { billing: Billing }): CompletionsFeature {
  const controller = new CompletionsController(services, ports.billing);
  const recent = new RecentFiles();
  const provider = new CompletionProvider({
    engine: controller.engine,
    active: () => controller.active(),
    run: (cursor, signal, settings) => controller.run(cursor, signal, settings),
    openFiles: (doc, settings) => recent.files(doc.uri, (other) => documentExclusion(other, settings) === undefined),
  });
  const registrations = vscode.Disposable.from(
    controller,
    recent,
    vscode.languages.registerInlineCompletionItemProvider(SELECTOR, provider),
    vscode.commands.registerCommand(Commands.toggleCompletions, () => controller.toggle()),
    vscode.commands.registerCommand(Commands.snoozeCompletions, () => controller.snooze()),
    vscode.commands.registerCommand(Commands.completionsMenu, () => showMenu(services, controller)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && e.document === vscode.window.activeTextEditor?.document) controller.edited(e.document.uri.toString());
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => controller.engine.cache.forget(doc.uri.toString())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('deepseek')) controller.refresh();
    }),
    services.keys.onDidChange(() => controller.refresh(true)),
    offerOnce(services, controller),
  );
  return {
    status: () => controller.status.view(),
    stats: () => ({ ...controller.engine.stats }),
    dispose: () => registrations.dispose(),
  };
}

async function showMenu(services: HostServices, controller: CompletionsController): Promise<void> {
  const { tr } = services;
  const mode = controller.mode().kind;
  type Item = vscode.QuickPickItem & { run: () => unknown };
  const items: Item[] = [
    { label: mode === 'off' ? tr('Turn Completions On') : tr('Turn Completions Off'), run: () => controller.toggle() },
    ...(mode === 'off' ? [] : [{ label: mode === 'snoozed' ? tr('Resume Completions') : tr('Snooze Completions for 30 Minutes'), run: () => controller.snooze() }]),
    { label: tr('Open Completion Settings'), run: () => services.openSettings('deepseek.completions') },
    { label: tr('Show Log'), run: () => services.log.show(true) },
  ];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: controller.status.view().tooltip.split('\n')[0] });
  controller.resumeAfterBalance();
  await picked?.run();
}

/**
 * The first time a file is open in an editor and the user never chose: offer completions once (they
 * spend tokens on every pause, so they stay off until the user says yes).
 */
function offerOnce(services: HostServices, controller: CompletionsController): vscode.Disposable {
  const state = services.context.globalState;
  const chosen = (): boolean => {
    const i = vscode.workspace.getConfiguration('deepseek.completions').inspect('enabled');
    return i?.globalValue !== undefined || i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined;
  };
  const maybeOffer = (editor: vscode.TextEditor | undefined): void => {
    if (!editor || editor.document.uri.scheme !== 'file' || state.get(OFFERED_KEY) || chosen()) return;
    void state.update(OFFERED_KEY, true);
    subscription.dispose();
    const { tr } = services;
    const turnOn = tr('Turn On');
    void vscode.window
      .showInformationMessage(tr('DeepSeek can suggest code as you type. Each pause in typing can send the code around the cursor, which costs tokens. Turn completions on?'), turnOn, tr('Not Now'))
      .then((pick) => (pick === turnOn && !controller.settings().enabled ? controller.toggle() : undefined));
  };
  const subscription = vscode.window.onDidChangeActiveTextEditor(maybeOffer);
  maybeOffer(vscode.window.activeTextEditor);
  return subscription;
}
