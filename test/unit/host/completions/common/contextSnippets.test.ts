import * as assert from 'node:assert/strict';
import { declarations, formatContext, importLines, selectContext, type OpenFile } from '../../../../../src/host/completions/common/contextSnippets';
import { estimateTokens } from '../../../../../src/host/conversation/common/conversation';

const util: OpenFile = { path: 'src/util/strings.ts', languageId: 'typescript', text: 'import x from "y";\nexport function slug(s: string): string {\n  return s;\n}\nexport const MAX = 3;\n' };
const other: OpenFile = { path: 'src/other.ts', languageId: 'typescript', text: 'export class Other {}\n' };
const python: OpenFile = { path: 'tools/run.py', languageId: 'python', text: 'def run():\n    pass\n' };

describe('completions: context selection', () => {
  it('finds import lines and declarations', () => {
    assert.deepEqual(importLines('import { a } from "./a";\nconst b = require("b");\nfoo();\nfrom x.y import z'), ['import { a } from "./a";', 'const b = require("b");', 'from x.y import z']);
    assert.deepEqual(declarations(util.text), ['export function slug(s: string): string {', 'export const MAX = 3;']);
  });

  it('takes the imported open file first, then same-language recent files, never other languages', () => {
    const snippets = selectContext(
      { path: 'src/main.ts', languageId: 'typescript', head: '', window: "import { slug } from './util/strings';\n\nslug(" },
      [other, python, util],
      300,
    );
    assert.deepEqual(snippets.map((s) => s.path), ['src/util/strings.ts', 'src/other.ts']);
  });

  it("adds the file's own imports only when the window no longer shows them, and repeats no line", () => {
    const head = "import { slug } from './util/strings';\nimport * as fs from 'node:fs';\n";
    const snippets = selectContext(
      { path: 'src/main.ts', languageId: 'typescript', head, window: "import * as fs from 'node:fs';\nexport const MAX = 3;\nslug(" },
      [util, { ...util, path: 'src/copy/strings.ts' }],
      300,
    );
    assert.deepEqual(snippets[0], { path: 'src/main.ts', lines: ["import { slug } from './util/strings';"] });
    const all = snippets.flatMap((s) => s.lines);
    assert.equal(new Set(all).size, all.length, 'no line twice');
    assert.ok(!all.includes('export const MAX = 3;'), 'a line the window shows is not repeated');
  });

  it('stays within the budget', () => {
    const big: OpenFile = { path: 'src/big.ts', languageId: 'typescript', text: Array.from({ length: 100 }, (_, i) => `export function f${i}(a: number, b: number): number {}`).join('\n') };
    const snippets = selectContext({ path: 'src/main.ts', languageId: 'typescript', head: '', window: '' }, [big], 60);
    const text = formatContext(snippets, 'typescript');
    assert.ok(snippets[0]!.lines.length > 0);
    assert.ok(estimateTokens(snippets.flatMap((s) => s.lines).join('\n')) <= 60);
    assert.match(text, /^\/\/ src\/big\.ts\n\/\/ export function f0/);
  });

  it("writes the context as the language's comments, or not at all without line comments", () => {
    assert.equal(formatContext([{ path: 'a.py', lines: ['def a():'] }], 'python'), '# a.py\n# def a():\n');
    assert.equal(formatContext([{ path: 'a.html', lines: ['<div>'] }], 'html'), '');
  });
});
