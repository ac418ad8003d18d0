// Amounts of money as the panel and the status bar show them. Shared by host and webview.

export type Currency = 'CNY' | 'USD';

export interface Money {
  amount: number;
  currency: string;
}

const SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$' };

/**
 * "¥0.0123", "$1.50", "12.00 EUR". Small amounts keep four decimals (an answer often costs a
 * fraction of a cent), larger ones two.
 */
export function formatMoney(money: Money): string {
  const { amount, currency } = money;
  const digits = Math.abs(amount) < 1 ? 4 : 2;
  const text = amount.toFixed(digits);
  const symbol = SYMBOLS[currency];
  return symbol ? `${amount < 0 ? '-' : ''}${symbol}${text.replace(/^-/, '')}` : `${text} ${currency}`;
}

/** Adds amounts per currency (answers priced in different currencies are never mixed). */
export function addMoney(totals: Money[], add: Money | undefined): Money[] {
  if (!add) return totals;
  const out = totals.map((m) => ({ ...m }));
  const same = out.find((m) => m.currency === add.currency);
  if (same) same.amount += add.amount;
  else out.push({ ...add });
  return out;
}
