// "DeepSeek: Show Balance" and the optional balance in the status bar, from `GET {base}/user/balance`.

import * as vscode from 'vscode';
import { getBalance, type Balance } from '../../deepseek';
import { formatMoney } from '../../shared/money';
import type { Readiness } from '../core/common/preflight';

export type BalanceResult = { ok: true; balance: Balance; text: string; detail: string } | { ok: false; message: string; needsKey?: boolean };

/** "¥110.00" (several currencies joined with " · "). */
export function balanceText(balance: Balance): string {
  if (balance.balances.length === 0) return vscode.l10n.t('no balance');
  return balance.balances.map((b) => formatMoney({ amount: b.total, currency: b.currency })).join(' · ');
}

/** "¥110.00 (granted ¥10.00, topped up ¥100.00)" per currency. */
export function balanceDetail(balance: Balance): string {
  const parts = balance.balances.map((b) => {
    const extra: string[] = [];
    if (b.granted !== undefined) extra.push(vscode.l10n.t('granted {0}', formatMoney({ amount: b.granted, currency: b.currency })));
    if (b.toppedUp !== undefined) extra.push(vscode.l10n.t('topped up {0}', formatMoney({ amount: b.toppedUp, currency: b.currency })));
    const total = formatMoney({ amount: b.total, currency: b.currency });
    return extra.length ? `${total} (${extra.join(', ')})` : total;
  });
  return parts.join('; ') || vscode.l10n.t('no balance');
}

export async function fetchBalance(ready: Readiness): Promise<BalanceResult> {
  if (!ready.ok) return { ok: false, message: ready.message, ...(ready.problem === 'key' ? { needsKey: true } : {}) };
  try {
    const balance = await getBalance(ready.config);
    return { ok: true, balance, text: balanceText(balance), detail: balanceDetail(balance) };
  } catch (err) {
    return { ok: false, message: vscode.l10n.t('Could not read the balance: {0}', err instanceof Error ? err.message : String(err)) };
  }
}
