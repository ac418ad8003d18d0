// The models feature: the model catalog, Select Model, the status bar items, the balance and the
// pricing of answers. It gives the chat its Billing port and VS Code's Chat the catalog.

import * as vscode from 'vscode';
import { Commands } from '../core/common/commandIds';
import type { Billing } from '../core/ports';
import type { HostServices } from '../core/services';
import { fetchBalance, type BalanceResult } from './balance';
import { createCostOf } from './costs';
import { ModelCatalog } from './modelCatalog';
import { pickModel } from './modelPicker';
import { RetiredModelMigration } from './retiredModelMigration';
import { BalanceStatusItem, ModelStatusItem } from './statusBar';

export interface ModelsFeature extends Billing, vscode.Disposable {
  catalog: ModelCatalog;
  /** What the status bar items show (for the test API). */
  statusTexts(): { model: string; balance?: string };
}

/** A burst of answers must not become a burst of balance requests. */
const BALANCE_AFTER_ANSWER_MS = 30_000;

export function register(services: HostServices): ModelsFeature {
  const warn = (message: string) => {
    services.log.warn(message);
    void vscode.window.showWarningMessage(message);
  };
  const catalog = new ModelCatalog(services, warn);
  const modelItem = new ModelStatusItem(() => services.settings());
  const balance = new BalanceStatus(services);
  const costOf = createCostOf(warn, () => balance.currency);
  void balance.refresh();
  const migration = new RetiredModelMigration(services);
  void migration.run();

  const registrations = vscode.Disposable.from(
    catalog,
    migration,
    modelItem,
    balance,
    vscode.commands.registerCommand(Commands.selectModel, () => pickModel(catalog, () => services.settings())),
    vscode.commands.registerCommand(Commands.showBalance, () => balance.show()),
    services.keys.onDidChange(() => void balance.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('deepseek')) return;
      modelItem.update();
      if (e.affectsConfiguration('deepseek.showBalanceInStatusBar') || e.affectsConfiguration('deepseek.baseUrl')) void balance.refresh();
    }),
  );
  return {
    catalog,
    costOf,
    answerEnded: () => balance.answerEnded(),
    statusTexts: () => ({ model: modelItem.text, ...(balance.text ? { balance: balance.text } : {}) }),
    dispose: () => registrations.dispose(),
  };
}

/** The balance: Show Balance, and the status bar item when `deepseek.showBalanceInStatusBar` is on. */
class BalanceStatus implements vscode.Disposable {
  private readonly item = new BalanceStatusItem();
  /** The account's currency once a balance was read (`deepseek.currency`: auto). */
  currency: string | undefined;
  private reads = 0;
  private lastAfterAnswer = 0;

  constructor(private readonly services: HostServices) {}

  get text(): string | undefined {
    return this.item.text;
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration('deepseek').get<boolean>('showBalanceInStatusBar') === true;
  }

  private async fetch(): Promise<BalanceResult> {
    const result = await fetchBalance(await this.services.readyToAsk());
    if (result.ok) this.currency = result.balance.balances[0]?.currency;
    return result;
  }

  async refresh(): Promise<void> {
    if (!this.enabled()) {
      this.item.hide();
      return;
    }
    const read = ++this.reads;
    const result = await this.fetch();
    if (read !== this.reads || !this.enabled()) return;
    const { tr } = this.services;
    if (result.ok) {
      const tooltip = [tr('DeepSeek balance: {0}', result.detail), result.balance.available ? '' : tr('The balance does not cover API calls.')].filter(Boolean).join('\n');
      this.item.show(result.text, tooltip, !result.balance.available);
    } else {
      this.item.show(tr('balance unknown'), result.message, true);
    }
  }

  async show(): Promise<string | undefined> {
    const result = await this.fetch();
    if (!result.ok) {
      if (result.needsKey) this.services.offerToSetKey();
      else void vscode.window.showWarningMessage(result.message);
      return undefined;
    }
    const { tr } = this.services;
    const text = tr('DeepSeek balance: {0}', result.detail);
    if (result.balance.available) void vscode.window.showInformationMessage(text);
    else void vscode.window.showWarningMessage(`${text} ${tr('The balance does not cover API calls.')}`);
    void this.refresh();
    return text;
  }

  answerEnded(): void {
    if (!this.enabled() || Date.now() - this.lastAfterAnswer < BALANCE_AFTER_ANSWER_MS) return;
    this.lastAfterAnswer = Date.now();
    void this.refresh();
  }

  dispose(): void {
    this.item.dispose();
  }
}
