// Today's completion usage and cost: the shared usage totals, started afresh each local day.

import type { Usage } from '../../../deepseek/types';
import { formatMoney, type Money } from '../../../shared/money';
import { addUsage, emptyTotals, type UsageTotals } from '../../../shared/usageTotals';

export interface DayTotals {
  /** Local date, YYYY-MM-DD. */
  day: string;
  totals: UsageTotals;
}

export function dayOf(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Adds one completion to the day's totals (a new day starts from zero). */
export function addCompletion(stored: DayTotals | undefined, usage: Usage, cost: Money | undefined, at: Date): DayTotals {
  const day = dayOf(at);
  const base = stored && stored.day === day ? stored.totals : emptyTotals();
  return { day, totals: addUsage(base, usage, cost) };
}

/** The totals for `at`'s day (empty if the stored ones are from another day). */
export function totalsFor(stored: DayTotals | undefined, at: Date): UsageTotals {
  return stored && stored.day === dayOf(at) ? stored.totals : emptyTotals();
}

/** "1.2¢"-style text of the cost, or undefined when no completion had a price. */
export function costText(totals: UsageTotals): string | undefined {
  return totals.cost.length > 0 ? totals.cost.map((m) => formatMoney(m)).join(' + ') : undefined;
}
