// The runner's verdict (test/runners/verdict.ts and the mocha configurations): each way a run could
// hide a regression (a crashed layer, a layer that ran nothing, failing tests, skipped tests, a `.only`,
// a grep) turns the run red or shows in the closing line CI reads.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import Mocha from 'mocha';
import { refusedEnvironment } from '../runners/ci';
import { suiteCounts } from '../runners/report';
import { closingLine, countsFrom, layerVerdict, runVerdict, type LayerVerdict } from '../runners/verdict';
import { hostMochaOptions, suiteFiles } from '../suite/mochaOptions';
import type { SuiteResults } from '../suite/index';

const ROOT = path.resolve(__dirname, '..', '..');
const green = (passed: number): LayerVerdict => layerVerdict('tests', 0, `\n  ${passed} passing (1s)\n`);
const verdictOf = (...layers: LayerVerdict[]) => runVerdict([layerVerdict('gate', 0, ''), ...layers]);

describe('npm test verdict', () => {
  it('green layers: exit 0 and the closing line sums them', () => {
    const v = verdictOf(green(3), layerVerdict('tests', 0, '5 passed, 0 failed, 0 skipped\n'));
    assert.equal(v.exitCode, 0);
    assert.equal(v.line, '8 passed, 0 failed, 0 skipped');
  });

  it('a layer that crashed before printing counts is red', () => {
    const crashed = layerVerdict('tests', 1, 'Error: Cannot find module ./x\n');
    assert.deepEqual(crashed.counts, { passed: 0, failed: 1, skipped: 0 });
    assert.match(crashed.problem ?? '', /exit 1/);
    assert.equal(verdictOf(green(10), crashed).exitCode, 1);
  });

  it('a layer that crashed after its tests passed (exit non-zero, 0 failing) is red', () => {
    const v = layerVerdict('tests', 7, '  12 passing (3s)\n');
    assert.deepEqual(v.counts, { passed: 12, failed: 1, skipped: 0 });
    assert.equal(verdictOf(v).exitCode, 1);
  });

  it('a layer that ran nothing is red, whatever its exit code', () => {
    for (const out of ['', '  0 passing (1ms)\n', '0 passed, 0 failed, 0 skipped\n', '  0 passing\n  4 pending\n']) {
      const v = layerVerdict('tests', 0, out);
      assert.equal(v.counts.failed, 1, `output ${JSON.stringify(out)}`);
      assert.equal(verdictOf(green(10), v).exitCode, 1, `output ${JSON.stringify(out)}`);
    }
  });

  it('a failing layer is red and its failures are counted, even if it exited 0', () => {
    const failing = layerVerdict('tests', 2, '  40 passing\n  2 failing\n');
    assert.deepEqual(failing.counts, { passed: 40, failed: 2, skipped: 0 });
    assert.equal(verdictOf(green(10), failing).line, '50 passed, 2 failed, 0 skipped');
    assert.equal(verdictOf(green(10), failing).exitCode, 1);
    assert.equal(verdictOf(layerVerdict('tests', 0, '3 passed, 1 failed, 0 skipped\n')).exitCode, 1);
  });

  it('skipped tests show in the closing line (not as passed)', () => {
    const v = verdictOf(layerVerdict('tests', 0, '  9 passing\n  2 pending\n'), layerVerdict('tests', 0, '4 passed, 0 failed, 1 skipped\n'));
    assert.equal(v.line, '13 passed, 0 failed, 3 skipped');
  });

  it('a failed gate stops the run red; a failed lint is one failure', () => {
    const gate = layerVerdict('gate', 2, 'error TS2322');
    assert.equal(gate.stop, true);
    assert.equal(runVerdict([gate]).exitCode, 1);
    const lint = layerVerdict('check', 1, '1 problem');
    assert.equal(lint.stop, false);
    assert.equal(verdictOf(lint, green(10)).line, '10 passed, 1 failed, 0 skipped');
    assert.equal(verdictOf(lint, green(10)).exitCode, 1);
  });

  it('no layer at all is red', () => {
    assert.equal(runVerdict([]).exitCode, 1);
  });
});

describe('npm test summary: the counts read from each layer', () => {
  it("reads mocha's passing / failing / pending (colours included)", () => {
    const out = '  ✔ one\n\n\x1b[32m  212 passing\x1b[0m (24s)\n\x1b[36m  2 pending\x1b[0m\n\x1b[31m  3 failing\x1b[0m\n\n  1) a test:\n';
    assert.deepEqual(countsFrom(out), { passed: 212, failed: 3, skipped: 2 });
  });

  it("reads our runners' closing line, with or without skipped", () => {
    assert.deepEqual(countsFrom('  ✔ step (12 ms)\n  wall 40.1 s\n10 passed, 1 failed, 4 skipped\n'), { passed: 10, failed: 1, skipped: 4 });
    assert.deepEqual(countsFrom('10 passed, 0 failed\n'), { passed: 10, failed: 0, skipped: 0 });
  });

  it('finds nothing in the output of a layer that crashed before any test', () => {
    assert.equal(countsFrom('Error: Cannot find module\n'), undefined);
  });

  it("the in-host runner's pending tests reach the closing line as skipped", () => {
    const rec = (title: string) => ({ title, fullTitle: `s ${title}` });
    const results = { passes: [rec('a'), rec('b')], failures: [], pending: [rec('c')] } as unknown as SuiteResults;
    const line = closingLine(suiteCounts(results, []));
    assert.equal(line, '2 passed, 0 failed, 1 skipped');
    assert.deepEqual(countsFrom(`\nwall 3.0 s\n${line}\n`), { passed: 2, failed: 0, skipped: 1 });
  });

  it('an in-host suite that did not finish, or could not load, is a failure', () => {
    assert.deepEqual(suiteCounts(undefined, [{ type: 'pass' }, { type: 'pending' }]), { passed: 1, failed: 1, skipped: 1 });
    const broken = { passes: [], failures: [], pending: [], error: 'no in-host suite files' } as unknown as SuiteResults;
    assert.equal(suiteCounts(broken, []).failed, 1);
  });
});

describe('nothing narrows a run', () => {
  const fixture = (name: string) => path.join(ROOT, 'test', 'unit', 'fixtures', 'runner', name);

  it('under CI the unit configuration refuses a committed .only, and the layer is red', function () {
    this.timeout(120_000);
    const r = spawnSync(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--config', '.mocharc.cjs', fixture('only.fixture.ts')], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true' },
      encoding: 'utf8',
    });
    const output = `${r.stdout}${r.stderr}`;
    assert.match(output, /\.only` forbidden/);
    assert.notEqual(r.status, 0);
    assert.equal(verdictOf(green(10), layerVerdict('tests', r.status ?? 1, output)).exitCode, 1);
  });

  it('the browser configuration forbids .only under CI too', () => {
    const configFile = path.join(ROOT, 'test', 'browser', '.mocharc.cjs');
    const load = (ci: string | undefined): { forbidOnly?: boolean } => {
      const saved = process.env.CI;
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
      try {
        delete require.cache[configFile];
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(configFile) as { forbidOnly?: boolean };
      } finally {
        if (saved === undefined) delete process.env.CI;
        else process.env.CI = saved;
      }
    };
    assert.equal(load('true').forbidOnly, true);
    assert.equal(load(undefined).forbidOnly, false);
  });

  it('the in-host mocha refuses a .only, CI or not', async () => {
    const mocha = new Mocha({ ...hostMochaOptions({}), reporter: class {} as unknown as Mocha.ReporterConstructor });
    mocha.addFile(fixture('only.tdd.fixture.ts'));
    await assert.rejects(mocha.loadFilesAsync(), /\.only` forbidden/);
  });

  it('a test grep is refused under CI (in-host options and runner), allowed locally', () => {
    assert.throws(() => hostMochaOptions({ CI: 'true', DEEPSEEK_TEST_GREP: 'Edit' }), /DEEPSEEK_TEST_GREP=Edit is set under CI/);
    assert.match(refusedEnvironment({ CI: '1', DEEPSEEK_TEST_GREP: 'x' }) ?? '', /subset/);
    assert.equal(refusedEnvironment({ CI: 'true' }), undefined);
    assert.equal(hostMochaOptions({ DEEPSEEK_TEST_GREP: 'Edit' }).grep, 'Edit');
    assert.equal(hostMochaOptions({ CI: 'false', DEEPSEEK_TEST_GREP: 'Edit' }).grep, 'Edit');
  });

  it('in-host suite files are found by name, smoke and activation first; none is an error', () => {
    assert.deepEqual(suiteFiles(['zeta.test.ts', 'helpers.ts', 'extension.test.ts', 'index.ts', 'alpha.test.ts', 'smoke.test.ts'], 'dir'), [
      'smoke.test.ts',
      'extension.test.ts',
      'alpha.test.ts',
      'zeta.test.ts',
    ]);
    assert.throws(() => suiteFiles(['helpers.ts', 'index.ts'], 'test/suite'), /no in-host suite files/);
  });
});
