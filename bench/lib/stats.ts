// Small statistics and formatting helpers shared by the benchmark sections.

export function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/** Linear-interpolated quantile (q in 0..1) of unsorted values; NaN for none. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = sorted(xs);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export const median = (xs: readonly number[]) => quantile(xs, 0.5);
export const p95 = (xs: readonly number[]) => quantile(xs, 0.95);
export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
export const max = (xs: readonly number[]) => xs.reduce((a, b) => Math.max(a, b), -Infinity);
export const mean = (xs: readonly number[]) => (xs.length ? sum(xs) / xs.length : NaN);
export const geomean = (xs: readonly number[]) => Math.exp(mean(xs.map(Math.log)));

/** Fixed decimals, or '–' for NaN/undefined. */
export function f(x: number | undefined, digits = 2): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  return x.toFixed(digits);
}

/** Markdown table from a header and rows of cells. */
export function mdTable(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

export function progress(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
