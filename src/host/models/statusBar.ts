// Status bar: the model in use (click: Select Model) and, when `deepseek.showBalanceInStatusBar` is on,
// the account balance (click: Show Balance).

import * as vscode from 'vscode';
import { Commands } from '../core/common/commandIds';
import { modelEntry } from '../../shared/modelTable';
import type { SettingsResult } from '../core/common/settings';

export class ModelStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('deepseek.model', vscode.StatusBarAlignment.Right, 100);

  constructor(private readonly settings: () => SettingsResult) {
    this.item.name = vscode.l10n.t('DeepSeek Model');
    this.item.command = Commands.selectModel;
    this.update();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  update(): void {
    const result = this.settings();
    const model = result.ok ? result.settings.model : '';
    const entry = model ? modelEntry(model) : undefined;
    const thinking = result.ok && entry?.thinkingSwitch ? result.settings.thinking : undefined;
    const suffix = thinking === 'enabled' ? ' $(lightbulb)' : thinking === 'disabled' ? ' $(lightbulb-empty)' : '';
    this.item.text = `$(hubot) ${model || vscode.l10n.t('no model')}${suffix}`;
    const lines = [vscode.l10n.t('DeepSeek model: {0}', model || vscode.l10n.t('none'))];
    if (entry?.known) lines.push(vscode.l10n.t('{0}: {1}K tokens context, answers up to {2}K tokens', entry.name, Math.round(entry.contextTokens / 1024), Math.round(entry.maxOutputTokens / 1024)));
    if (result.ok && thinking) {
      lines.push(
        vscode.l10n.t('Thinking: {0}', { auto: vscode.l10n.t('server default'), enabled: vscode.l10n.t('on'), disabled: vscode.l10n.t('off') }[thinking]),
      );
      if (thinking !== 'disabled' && result.settings.reasoningEffort !== 'auto') lines.push(vscode.l10n.t('Reasoning effort: {0}', result.settings.reasoningEffort));
    }
    lines.push(vscode.l10n.t('Click to switch'));
    this.item.tooltip = lines.join('\n');
  }

  dispose(): void {
    this.item.dispose();
  }
}

export class BalanceStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('deepseek.balance', vscode.StatusBarAlignment.Right, 99);

  constructor() {
    this.item.name = vscode.l10n.t('DeepSeek Balance');
    this.item.command = Commands.showBalance;
  }

  get text(): string | undefined {
    return this.item.text || undefined;
  }

  show(text: string, tooltip: string, warning: boolean): void {
    this.item.text = `$(credit-card) ${text}`;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  hide(): void {
    this.item.text = '';
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
