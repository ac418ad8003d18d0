import * as assert from 'node:assert/strict';
import { declarations, formatContext, importLines, lineComment, selectContext, type CurrentFile, type OpenFile } from '../../../../../src/host/completions/common/contextSnippets';
import { estimateTokens } from '../../../../../src/host/conversation/common/conversation';

const open = (path: string, languageId: string, text = 'def f():\n'): OpenFile => ({ path, languageId, text });
const current = (path: string, languageId: string, window: string, head = ''): CurrentFile => ({ path, languageId, head, window });
/** The paths of the files whose outlines are sent, in order. */
const chosen = (cur: CurrentFile, files: OpenFile[], budget = 300) => selectContext(cur, files, budget).map((s) => s.path);

describe('completions: context snippets, as the model receives them', () => {
  it('import lines keep their indentation, and lines lose trailing spaces and carriage returns', () => {
    assert.deepEqual(importLines('def main():\n    import os  \n    return os\n'), ['    import os']);
    assert.deepEqual(importLines('import os\r\nimport sys\r\n'), ['import os', 'import sys']);
    assert.deepEqual(declarations('export const A = 1;  \r\nexport function b() {}\r\n'), ['export const A = 1;', 'export function b() {}']);
  });

  it('an outline has at most 30 declarations', () => {
    const text = Array.from({ length: 40 }, (_, i) => `def f${i}():\n    pass`).join('\n');
    const outline = declarations(text);
    assert.equal(outline.length, 30);
    assert.equal(outline[29], 'def f29():');
  });

  it('an included header is sent before the other files of the language', () => {
    const files = [open('src/main_loop.c', 'c', 'struct loop { int n; };\n'), open('src/util.h', 'c', 'struct buf { int n; };\n')];
    assert.deepEqual(chosen(current('src/main.c', 'c', '#include "util.h"\n\nint main() {\n  '), files), ['src/util.h', 'src/main_loop.c']);
  });

  it('Python imports name their modules: at the start of a line, indented, or with extra spaces', () => {
    const files = [open('tools/other.py', 'python'), open('pkg/strings.py', 'python'), open('pkg/helpers.py', 'python'), open('pkg/fmt.py', 'python')];
    const first = (window: string) => chosen(current('app.py', 'python', window), files)[0];
    assert.equal(first('from pkg.Strings import slug\n\nslug('), 'pkg/strings.py');
    assert.equal(first('def run():\n    import helpers\n    helpers.'), 'pkg/helpers.py');
    assert.equal(first('import  pkg.fmt\n\nfmt.'), 'pkg/fmt.py');
  });

  it('a word after "import" in a comment names no module', () => {
    const files = [open('src/other.rs', 'rust', 'fn other() {}\n'), open('src/helpers.rs', 'rust', 'fn help() {}\n')];
    assert.deepEqual(chosen(current('src/main.rs', 'rust', 'use crate::config; // import helpers later\n\nfn main() {\n    '), files), ['src/other.rs', 'src/helpers.rs']);
  });

  it('a module imported with its dots finds its open file, with or without the extension', () => {
    const files = [open('src/app/other.ts', 'typescript', 'export class Other {}\n'), open('src/app/user.service.ts', 'typescript', 'export class UserService {}\n')];
    for (const spec of ['./user.service', './user.service.js']) {
      assert.deepEqual(chosen(current('src/app/app.ts', 'typescript', `import { UserService } from '${spec}';\n\nnew `), files), ['src/app/user.service.ts', 'src/app/other.ts'], spec);
    }
  });

  it('the lines the window shows are not repeated, in a Windows (CRLF) file too, and indented ones too', () => {
    const util = open('src/strings.ts', 'typescript', 'export const MAX = 3;\nexport function slug(s: string) {}\n');
    const lines = selectContext(current('src/main.ts', 'typescript', 'export const MAX = 3;\r\nslug('), [util], 300).flatMap((s) => s.lines);
    assert.deepEqual(lines, ['export function slug(s: string) {}']);

    const head = 'import sys\n\ndef a():\n    import os\n    return os\n';
    const own = selectContext(current('app.py', 'python', 'def b():\n    import os\n    os.', head), [], 300);
    assert.deepEqual(own, [{ path: 'app.py', lines: ['import sys'] }]);
  });

  it('a line that costs exactly the budget left is still sent', () => {
    const line = 'export function exactlyFits(): void {}';
    const file = open('src/fit.ts', 'typescript', `${line}\nexport const next = 1;\n`);
    const budget = estimateTokens(line) + 1;
    assert.deepEqual(selectContext(current('src/main.ts', 'typescript', ''), [file], budget), [{ path: 'src/fit.ts', lines: [line] }]);
  });

  it('the file being edited is not its own context, even when listed among the open files', () => {
    const self = open('src/main.ts', 'typescript', 'export function far() {}\n');
    const other = open('src/other.ts', 'typescript', 'export class Other {}\n');
    assert.deepEqual(chosen(current('src/main.ts', 'typescript', 'far('), [self, other]), ['src/other.ts']);
  });

  it('outlines come from four files at most', () => {
    const files = Array.from({ length: 6 }, (_, i) => open(`src/f${i}.ts`, 'typescript', `export const v${i} = ${i};\n`));
    assert.deepEqual(chosen(current('src/main.ts', 'typescript', ''), files), ['src/f0.ts', 'src/f1.ts', 'src/f2.ts', 'src/f3.ts']);
  });

  it("uses each language's line comment, and sends nothing for languages without one", () => {
    const snippet = [{ path: 'q.sql', lines: ['CREATE TABLE t (id int);'] }];
    assert.equal(lineComment('sql'), '--');
    assert.equal(formatContext(snippet, 'sql'), '-- q.sql\n-- CREATE TABLE t (id int);\n');
    assert.equal(formatContext(snippet, 'lua'), '-- q.sql\n-- CREATE TABLE t (id int);\n');
    for (const lang of ['html', 'xml', 'markdown', 'css', 'json']) {
      assert.equal(lineComment(lang), undefined, lang);
      assert.equal(formatContext(snippet, lang), '', lang);
    }
    assert.equal(lineComment('typescript'), '//');
  });
});
