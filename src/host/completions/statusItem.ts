// The completions item in the status bar: on / off / snoozed, a spinner while a request is in flight,
// today's cost in the tooltip, and a problem (401, 402, 429…) shown here with its one action instead
// of a pop-up while the user types.

import * as vscode from 'vscode';
import { Commands } from '../core/common/commandIds';

export type Problem = { reason: 'auth' | 'balance' | 'rate_limit' | 'settings' | 'other'; message: string };

export type Mode = { kind: 'off' } | { kind: 'on' } | { kind: 'snoozed'; until: number };

/** What the item shows, for the test API. */
export interface StatusView {
  text: string;
  tooltip: string;
  command: string | undefined;
  mode: Mode['kind'];
  busy: boolean;
  problem?: Problem['reason'];
}

export class CompletionStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('deepseek.completions', vscode.StatusBarAlignment.Right, 98);
  private mode: Mode = { kind: 'off' };
  private inFlight = 0;
  private problem: Problem | undefined;
  private cost: string | undefined;

  constructor() {
    this.item.name = vscode.l10n.t('DeepSeek Completions');
    this.render();
    this.item.show();
  }

  setMode(mode: Mode): void {
    this.mode = mode;
    if (mode.kind !== 'on') this.problem = undefined;
    this.render();
  }

  /** A request started (+1) or ended (-1). */
  busy(delta: 1 | -1): void {
    this.inFlight = Math.max(0, this.inFlight + delta);
    this.render();
  }

  setProblem(problem: Problem | undefined): void {
    this.problem = problem;
    this.render();
  }

  get currentProblem(): Problem | undefined {
    return this.problem;
  }

  setCost(text: string | undefined): void {
    this.cost = text;
    this.render();
  }

  view(): StatusView {
    const command = typeof this.item.command === 'string' ? this.item.command : this.item.command?.command;
    return {
      text: this.item.text,
      tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '',
      command,
      mode: this.mode.kind,
      busy: this.inFlight > 0,
      ...(this.problem ? { problem: this.problem.reason } : {}),
    };
  }

  private render(): void {
    const lines: string[] = [];
    if (this.problem && this.mode.kind === 'on') {
      this.item.text = '$(warning) DeepSeek';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.command = actionFor(this.problem.reason);
      lines.push(this.problem.message, actionLabel(this.problem.reason));
    } else {
      this.item.backgroundColor = undefined;
      this.item.command = Commands.completionsMenu;
      const icon = this.inFlight > 0 ? '$(loading~spin)' : this.mode.kind === 'on' ? '$(sparkle)' : this.mode.kind === 'snoozed' ? '$(clock)' : '$(circle-slash)';
      this.item.text = `${icon} DeepSeek`;
      lines.push(modeLine(this.mode));
    }
    lines.push(vscode.l10n.t('Completions today: {0}', this.cost ?? vscode.l10n.t('no cost yet')));
    this.item.tooltip = lines.join('\n');
  }

  dispose(): void {
    this.item.dispose();
  }
}

function modeLine(mode: Mode): string {
  if (mode.kind === 'on') return vscode.l10n.t('DeepSeek completions are on. Click for options.');
  if (mode.kind === 'off') return vscode.l10n.t('DeepSeek completions are off. Click to turn them on.');
  const minutes = Math.max(1, Math.ceil((mode.until - Date.now()) / 60_000));
  return vscode.l10n.t('DeepSeek completions are snoozed for {0} more minutes.', minutes);
}

function actionFor(reason: Problem['reason']): string {
  if (reason === 'auth') return Commands.setApiKey;
  if (reason === 'balance') return Commands.showBalance;
  if (reason === 'rate_limit') return Commands.snoozeCompletions;
  // Settings and other problems: the menu, which has Open Settings and Show Log.
  return Commands.completionsMenu;
}

function actionLabel(reason: Problem['reason']): string {
  if (reason === 'auth') return vscode.l10n.t('Click to set the API key.');
  if (reason === 'balance') return vscode.l10n.t('Click to see the balance.');
  if (reason === 'rate_limit') return vscode.l10n.t('Click to snooze completions for 30 minutes.');
  return vscode.l10n.t('Click for options.');
}
