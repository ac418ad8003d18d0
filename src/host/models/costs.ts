// Prices answers with the `deepseek.prices` table in the `deepseek.currency` currency. A table with
// mistakes is used without the broken entries, and the user is told once which ones.

import * as vscode from 'vscode';
import type { Usage } from '../../deepseek/types';
import type { Currency, Money } from '../../shared/money';
import { answerCost, parsePriceTable } from './common/pricing';

export function currencySetting(balanceCurrency: () => string | undefined): Currency {
  const raw = vscode.workspace.getConfiguration('deepseek').get<string>('currency');
  if (raw === 'CNY' || raw === 'USD') return raw;
  // auto: the account's own currency when the balance was read, else by display language.
  const fromBalance = balanceCurrency();
  if (fromBalance === 'CNY' || fromBalance === 'USD') return fromBalance;
  return vscode.env.language.toLowerCase().startsWith('zh') ? 'CNY' : 'USD';
}

export function createCostOf(warn: (message: string) => void, balanceCurrency: () => string | undefined): (usage: Usage, model: string, at: Date) => Money | undefined {
  let warnedFor = '';
  return (usage, model, at) => {
    const raw = vscode.workspace.getConfiguration('deepseek').get('prices');
    const { table, problems } = parsePriceTable(raw);
    const key = problems.join(',');
    if (problems.length > 0 && key !== warnedFor) {
      warnedFor = key;
      warn(vscode.l10n.t('Some entries of the "deepseek.prices" setting are not {1} and were left out: {0}.', problems.join(', '), '{"CNY"|"USD": {cacheHit, cacheMiss, output}}'));
    }
    return answerCost(usage, model, table, currencySetting(balanceCurrency), at);
  };
}
