// The score `npm run test:mutation` prints per folder (scripts/mutation.ts), from Stryker's JSON reports.
import * as assert from 'node:assert/strict';
import { folderOf, groups, score, summaryTable, survivors, tally } from '../../scripts/mutation';

describe('mutation testing: the score per folder', () => {
  it('counts each file under its folder; a host feature under its common folder', () => {
    assert.equal(folderOf('src/deepseek/stream.ts'), 'src/deepseek');
    assert.equal(folderOf('src/host/panel/common/chatController.ts'), 'src/host/panel/common');
    assert.equal(folderOf('src/host/completions/common/sub/x.ts'), 'src/host/completions/common');
  });

  it("is Stryker's score: killed and timed out over all but the mutants that did not compile", () => {
    const report = {
      files: {
        'src/deepseek/a.ts': { mutants: [{ status: 'Killed' }, { status: 'Killed' }, { status: 'Timeout' }, { status: 'Survived' }, { status: 'CompileError' }] },
        'src/deepseek/b.ts': { mutants: [{ status: 'NoCoverage' }, { status: 'Killed' }] },
        '/abs/path/src/shared/c.ts': { mutants: [{ status: 'Survived' }, { status: 'Killed' }] },
      },
    } as const;
    const byFolder = tally([report as never]);
    assert.deepEqual(byFolder.get('src/deepseek'), { killed: 3, timeout: 1, survived: 1, noCoverage: 1, invalid: 1 });
    assert.equal(score(byFolder.get('src/deepseek')!), (4 / 6) * 100);
    assert.equal(score(byFolder.get('src/shared')!), 50);
    const table = summaryTable(byFolder);
    assert.match(table, /\| src\/deepseek \| 66\.67 % \| 3 \| 1 \| 1 \| 1 \| 1 \|/);
    assert.match(table, /\| \*\*all of it\*\* \| 62\.50 % \| 4 \| 1 \| 2 \| 1 \| 1 \|/);
  });

  it('runs every file of the client alone, src/shared together and each feature folder together', () => {
    const names = groups().map((g) => g.mutate.join(' '));
    assert.ok(names.includes('src/deepseek/stream.ts'));
    assert.ok(names.includes('src/shared/**/*.ts'));
    assert.ok(names.includes('src/host/panel/common/**/*.ts'));
    assert.ok(!names.some((n) => n.includes('src/host/panel/chat')), 'a vscode module is mutated');
  });

  it('lists only the mutants no test detected, with the line and what it became (--survivors)', () => {
    const source = 'const a = 1;\nif (x >= 0) go();\n';
    const at = (line: number, column: number) => ({ start: { line, column } });
    const report = {
      files: {
        'src/deepseek/a.ts': {
          source,
          mutants: [
            { status: 'Killed', mutatorName: 'EqualityOperator', replacement: 'x > 0', location: at(2, 5) },
            { status: 'Survived', mutatorName: 'EqualityOperator', replacement: 'x > 0', location: at(2, 5) },
            { status: 'NoCoverage', mutatorName: 'BlockStatement', replacement: '{\n}', location: at(1, 1) },
          ],
        },
      },
    };
    assert.deepEqual(survivors(report as never), [
      'src/deepseek/a.ts:2:5 [Survived] EqualityOperator: if (x >= 0) go();\n    => x > 0',
      'src/deepseek/a.ts:1:1 [NoCoverage] BlockStatement: const a = 1;\n    => { }',
    ]);
  });
});
