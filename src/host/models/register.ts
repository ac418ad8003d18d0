// Wires the model catalog, the model picker, the status bar items, balance and cost pricing into the
// extension: one call from activate().

import * as vscode from 'vscode';
import type { LogEntry, Usage } from '../../deepseek/types';
import type { Money } from '../../shared/money';
import { fetchBalance } from './balance';
import { sharedRateLimiter } from '../core/common/clientConfig';
import { createCostOf } from './costs';
import { ModelCatalog } from './modelCatalog';
import { pickModel } from './modelPicker';
import type { SettingsResult } from '../core/common/settings';
import { BalanceStatusItem, ModelStatusItem } from './statusBar';

export interface ModelFeatureDeps {
  context: vscode.ExtensionContext;
  settings(): SettingsResult;
  apiKey(): Promise<string | undefined>;
  onDidChangeKey(listener: () => void): vscode.Disposable;
  log?: (entry: LogEntry) => void;
  /** Writes a line to the DeepSeek output channel. */
  logLine(message: string): void;
  /** Offers "Set API Key" (no key stored). */
  offerToSetKey(): void;
}

export interface ModelFeatures {
  catalog: ModelCatalog;
  costOf(usage: Usage, model: string, at: Date): Money | undefined;
  /** After an answer: the balance in the status bar may have changed. */
  answerEnded(): void;
  statusTexts(): { model: string; balance?: string };
}

export function registerModelFeatures(deps: ModelFeatureDeps): ModelFeatures {
  const warn = (message: string) => {
    deps.logLine(message);
    void vscode.window.showWarningMessage(message);
  };
  const catalog = new ModelCatalog({ settings: deps.settings, apiKey: deps.apiKey, onDidChangeKey: deps.onDidChangeKey, warn, log: deps.log });
  const modelItem = new ModelStatusItem(deps.settings);
  const balanceItem = new BalanceStatusItem();
  let balanceCurrency: string | undefined;
  const costOf = createCostOf(warn, () => balanceCurrency);

  const balanceEnabled = () => vscode.workspace.getConfiguration('deepseek').get<boolean>('showBalanceInStatusBar') === true;
  let balanceRead = 0;
  const refreshBalance = async (): Promise<void> => {
    if (!balanceEnabled()) {
      balanceItem.hide();
      return;
    }
    const read = ++balanceRead;
    const result = await fetchBalance(deps.settings(), await deps.apiKey(), deps.log);
    if (read !== balanceRead || !balanceEnabled()) return;
    if (result.ok) {
      balanceCurrency = result.balance.balances[0]?.currency;
      const tooltip = [vscode.l10n.t('DeepSeek balance: {0}', result.detail), result.balance.available ? '' : vscode.l10n.t('The balance does not cover API calls.')].filter(Boolean).join('\n');
      balanceItem.show(result.text, tooltip, !result.balance.available);
    } else {
      balanceItem.show(vscode.l10n.t('balance unknown'), result.message, true);
    }
  };

  const showBalance = async (): Promise<string | undefined> => {
    const result = await fetchBalance(deps.settings(), await deps.apiKey(), deps.log);
    if (!result.ok) {
      if (result.needsKey) deps.offerToSetKey();
      else void vscode.window.showWarningMessage(result.message);
      return undefined;
    }
    balanceCurrency = result.balance.balances[0]?.currency;
    const text = vscode.l10n.t('DeepSeek balance: {0}', result.detail);
    if (result.balance.available) void vscode.window.showInformationMessage(text);
    else void vscode.window.showWarningMessage(`${text} ${vscode.l10n.t('The balance does not cover API calls.')}`);
    void refreshBalance();
    return text;
  };

  const applySettings = () => {
    const result = deps.settings();
    if (result.ok) sharedRateLimiter().setRate(result.settings.maxRequestsPerSecond);
    modelItem.update();
  };
  applySettings();
  void refreshBalance();

  deps.context.subscriptions.push(
    catalog,
    modelItem,
    balanceItem,
    vscode.commands.registerCommand('deepseek.selectModel', () => pickModel(catalog, deps.settings)),
    vscode.commands.registerCommand('deepseek.showBalance', showBalance),
    deps.onDidChangeKey(() => void refreshBalance()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('deepseek')) return;
      applySettings();
      if (e.affectsConfiguration('deepseek.showBalanceInStatusBar') || e.affectsConfiguration('deepseek.baseUrl')) void refreshBalance();
    }),
  );

  let lastBalanceAt = 0;
  return {
    catalog,
    costOf,
    answerEnded: () => {
      // At most every 30 s: a burst of answers must not become a burst of balance requests.
      if (!balanceEnabled() || Date.now() - lastBalanceAt < 30_000) return;
      lastBalanceAt = Date.now();
      void refreshBalance();
    },
    statusTexts: () => ({ model: modelItem.text, ...(balanceItem.text ? { balance: balanceItem.text } : {}) }),
  };
}
