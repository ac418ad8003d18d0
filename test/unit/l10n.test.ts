// Localisation completeness: every text a user reads exists in English and Simplified Chinese, and no
// user-visible literal slips past vscode.l10n.t (host) or the panel's string record (webview).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUNDLE, BUNDLE_ZH, expectedBundle, ROOT, sourceFiles, translatedLiterals } from '../../scripts/l10n';
import { PANEL_STRINGS } from '../../src/shared/panelStrings';

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
const placeholders = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort().join(',');

/** Literals that read as words (not ids, codicons, CSS classes or punctuation). */
const WORDS = /[A-Za-z]{2,}/;
// The product's name, its models' names (src/shared/modelTable.ts) and a key's prefix read the same in every language.
const ALLOWED = new Set(['DeepSeek', 'DeepSeek V4.1 Flash', 'DeepSeek V4 Pro', 'sk-…']);

function unlocalised(files: string[], patterns: RegExp[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
      for (const re of patterns) {
        for (const m of line.matchAll(re)) {
          const text = (m[2] ?? m[1]).replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '').replace(/\$\([\w-]+\)\s*/g, '').trim();
          if (WORDS.test(text) && !ALLOWED.has(text)) hits.push(`${path.relative(ROOT, file)}:${i + 1}: ${m[0].trim()}`);
        }
      }
    });
  }
  return hits;
}

/** A string literal; group 2 is its text (group 1 the quote). */
const LIT = String.raw`(['"\`])((?:(?!\1)[^\\\n]|\\.)*)\1`;

describe('localisation: English and Simplified Chinese are complete', () => {
  const en = readJson(BUNDLE);
  const zh = readJson(BUNDLE_ZH);

  it('l10n/bundle.l10n.json lists every l10n.t / tr text and every panel text (npx tsx scripts/l10n.ts rewrites it)', () => {
    assert.deepEqual(en, expectedBundle());
  });

  it('every text has a Chinese translation with the same placeholders, and nothing extra', () => {
    const missing = Object.keys(en).filter((k) => typeof zh[k] !== 'string' || !(zh[k] as string).trim());
    assert.deepEqual(missing, [], `missing in bundle.l10n.zh-cn.json: ${missing.join(' | ')}`);
    const extra = Object.keys(zh).filter((k) => !(k in en));
    assert.deepEqual(extra, [], `stale keys in bundle.l10n.zh-cn.json: ${extra.join(' | ')}`);
    for (const k of Object.keys(en)) assert.equal(placeholders(zh[k] as string), placeholders(k), `placeholders of ${JSON.stringify(k)}`);
    const untranslated = Object.keys(en).filter((k) => zh[k] === k && WORDS.test(k.replace(/\{\d+\}|HTTP|tokens/g, '')));
    assert.deepEqual(untranslated, [], 'left in English');
  });

  it('every panel text is in both bundles', () => {
    for (const english of Object.values(PANEL_STRINGS)) {
      assert.ok(english in en, `${english} not in bundle.l10n.json`);
      assert.ok(english in zh, `${english} not in bundle.l10n.zh-cn.json`);
    }
  });

  it('package.json: every %key% is in package.nls.json and package.nls.zh-cn.json; titles and descriptions are keys', () => {
    const pkgText = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
    const pkg = JSON.parse(pkgText) as { l10n?: string; contributes: { commands: Array<Record<string, string>>; configuration: { title: string; properties: Record<string, Record<string, unknown>> } } };
    const nls = readJson(path.join(ROOT, 'package.nls.json'));
    const nlsZh = readJson(path.join(ROOT, 'package.nls.zh-cn.json'));
    const keys = [...pkgText.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 20, `only ${keys.length} %keys%`);
    for (const k of keys) {
      assert.ok(typeof nls[k] === 'string', `%${k}% missing in package.nls.json`);
      assert.ok(typeof nlsZh[k] === 'string' && (nlsZh[k] as string).trim(), `%${k}% missing in package.nls.zh-cn.json`);
    }
    assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort(), 'the two nls files have the same keys');
    const isKey = (v: unknown) => typeof v === 'string' && /^%[^%]+%$/.test(v);
    for (const c of pkg.contributes.commands) assert.ok(isKey(c.title) && isKey(c.category), `command ${c.command} has a plain title or category`);
    assert.ok(isKey(pkg.contributes.configuration.title));
    for (const [name, prop] of Object.entries(pkg.contributes.configuration.properties)) {
      assert.ok(isKey(prop.markdownDescription ?? prop.description), `${name} has a plain description`);
      for (const d of (prop.enumDescriptions as unknown[] | undefined) ?? []) assert.ok(isKey(d), `${name} has a plain enum description`);
    }
    assert.equal(pkg.l10n, './l10n');
  });

  it('host: no user-visible literal outside vscode.l10n.t (messages, status bar, quick picks, input boxes)', () => {
    const files = sourceFiles(path.join(ROOT, 'src', 'host')).concat(path.join(ROOT, 'src', 'extension.ts'));
    const hits = unlocalised(files, [
      new RegExp(String.raw`show(?:Information|Warning|Error)Message\(\s*` + LIT, 'g'),
      new RegExp(String.raw`setStatusBarMessage\(\s*` + LIT, 'g'),
      new RegExp(String.raw`\b(?:title|prompt|placeHolder|placeholder|tooltip|label|description|detail|name|text)(?::|\s=)\s*` + LIT, 'g'),
      new RegExp(String.raw`createWebviewPanel\([^)]*?,\s*` + LIT, 'g'),
    ]);
    assert.deepEqual(hits, []);
  });

  it('webview: no user-visible literal; every text comes from the record the host hands over', () => {
    const files = sourceFiles(path.join(ROOT, 'src', 'webview'));
    const hits = unlocalised(files, [
      new RegExp(String.raw`\btext:\s*` + LIT, 'g'),
      new RegExp(String.raw`\bbutton\(\s*` + LIT, 'g'),
      new RegExp(String.raw`'aria-label':\s*` + LIT, 'g'),
      new RegExp(String.raw`\b(?:placeholder|title)(?::|\s=)\s*` + LIT, 'g'),
      new RegExp(String.raw`\bh\(\s*'[a-z0-9]+',\s*\{[^}]*\},\s*` + LIT, 'g'),
      new RegExp(String.raw`>([A-Z][a-z][^<'"\`]*)<`, 'g'),
      new RegExp(String.raw`\bflash\([^,]+,\s*` + LIT, 'g'),
    ]);
    assert.deepEqual(hits, []);
  });

  it('the scan finds what it is looking for (it would catch a new unlocalised message)', () => {
    const tmp = path.join(ROOT, 'test-output', 'l10n-probe');
    fs.mkdirSync(tmp, { recursive: true });
    const host = path.join(tmp, 'probe.ts');
    fs.writeFileSync(host, "void vscode.window.showWarningMessage('Something went wrong');\nh('p', { text: 'Hello there' });\n");
    try {
      assert.equal(unlocalised([host], [new RegExp(String.raw`show(?:Information|Warning|Error)Message\(\s*` + LIT, 'g')]).length, 1);
      assert.equal(unlocalised([host], [new RegExp(String.raw`\btext:\s*` + LIT, 'g')]).length, 1);
      assert.ok(translatedLiterals([host]).size === 0);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('the .vsix ships the bundles and the nls files', () => {
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    assert.ok(ignore.includes('!l10n/**'), '.vscodeignore does not include l10n/');
    assert.ok(ignore.includes('!package.nls*.json'), '.vscodeignore does not include package.nls*.json');
  });
});
