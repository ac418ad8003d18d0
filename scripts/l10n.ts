// Collects every host text that is translated at run time: the first (literal) argument of
// `vscode.l10n.t(…)` and of a pure module's `tr(…)`, plus the panel's texts (PANEL_STRINGS), and
// writes l10n/bundle.l10n.json (English → English, the keys translators start from).
// `npx tsx scripts/l10n.ts` rewrites it; `--check` only reports differences (the unit test does too).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { PANEL_STRINGS } from '../src/shared/panelStrings';

export const ROOT = path.resolve(__dirname, '..');
export const BUNDLE = path.join(ROOT, 'l10n', 'bundle.l10n.json');
export const BUNDLE_ZH = path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json');

export function sourceFiles(dir = path.join(ROOT, 'src')): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (entry.name.endsWith('.ts')) out.push(p);
  }
  return out.sort();
}

/** A JS string literal's value ('…', "…", or `…` without ${}). */
function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1).replace(/\\`/g, '`').replace(/\\\\/g, '\\');
  return JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"` : literal) as string;
}

const LITERAL = String.raw`('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|` + '`(?:[^`\\\\$]|\\\\.)*`)';
const CALL = new RegExp(String.raw`(?:\bl10n\.t|(?<![\w.])tr|\bthis\.tr)\(\s*` + LITERAL, 'g');

/** Every literal text passed to l10n.t / tr in these files, with where it is. */
export function translatedLiterals(files = sourceFiles()): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(CALL)) {
      const line = text.slice(0, m.index).split('\n').length;
      found.set(unquote(m[1]), `${path.relative(ROOT, file)}:${line}`);
    }
  }
  return found;
}

/** The English bundle as it should be. */
export function expectedBundle(): Record<string, string> {
  const keys = new Set<string>([...translatedLiterals().keys(), ...Object.values(PANEL_STRINGS)]);
  const out: Record<string, string> = {};
  for (const k of [...keys].sort()) out[k] = k;
  return out;
}

if (require.main === module) {
  const want = `${JSON.stringify(expectedBundle(), null, 2)}\n`;
  const have = fs.existsSync(BUNDLE) ? fs.readFileSync(BUNDLE, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (want !== have) {
      console.error('l10n/bundle.l10n.json is out of date: run npx tsx scripts/l10n.ts');
      process.exit(1);
    }
    console.log('l10n/bundle.l10n.json is up to date');
  } else {
    fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
    fs.writeFileSync(BUNDLE, want);
    const zh = fs.existsSync(BUNDLE_ZH) ? (JSON.parse(fs.readFileSync(BUNDLE_ZH, 'utf8')) as Record<string, string>) : {};
    const missing = Object.keys(JSON.parse(want) as object).filter((k) => !(k in zh));
    console.log(`wrote ${Object.keys(JSON.parse(want) as object).length} keys; ${missing.length} missing in zh-cn:`);
    for (const k of missing) console.log(`  ${JSON.stringify(k)}`);
  }
}
