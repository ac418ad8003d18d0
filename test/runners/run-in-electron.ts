// `npm run test:host:electron`: the same in-host suite (out/test/suite/index.js) run by
// @vscode/test-electron in a downloaded VS Code desktop. Needs internet to download VS Code
// (it cannot run on the offline CI machines; there `npm run test:host` runs it in code-server).
// Set VSCODE_VERSION (default 'stable') or VSCODE_EXECUTABLE to use a local VS Code.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { QUIET_SETTINGS, REPO_ROOT } from './codeServer';
import { plantConversations } from './plant';
import { printEvent, printSummary, readEvents, type SuiteResultsFile } from './report';

const OUT_DIR = path.join(REPO_ROOT, 'test-output', 'host-electron');
const RESULTS = path.join(OUT_DIR, 'results.json');
const SUITE_BUNDLE = path.join(REPO_ROOT, 'out', 'test', 'suite', 'index.js');

async function main(): Promise<number> {
  const started = Date.now();
  if (!process.argv.includes('--no-build')) {
    const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (b.status !== 0) return 1;
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.rmSync(RESULTS, { force: true });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-electron-ws-'));
  fs.writeFileSync(path.join(workspace, 'README.md'), '# in-host test workspace\n');
  // A fresh profile each run (no saved conversations or keys from an earlier run), quiet settings.
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-electron-user-'));
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2));
  // Saved conversations the first activation must cope with (a corrupt one, a valid one).
  plantConversations(userDataDir);

  let exitError: unknown;
  try {
    await runTests({
      version: process.env.VSCODE_VERSION || 'stable',
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: SUITE_BUNDLE,
      launchArgs: [
        workspace,
        '--disable-extensions', // other installed extensions; the one under development still loads
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${userDataDir}`,
      ],
      extensionTestsEnv: {
        DEEPSEEK_TEST_RESULTS: RESULTS,
        DEEPSEEK_TEST_WORKSPACE: workspace,
        DEEPSEEK_TEST_USER_DATA_DIR: userDataDir,
        DEEPSEEK_TEST_PLANTED: '1',
        ...(process.env.DEEPSEEK_TEST_GREP ? { DEEPSEEK_TEST_GREP: process.env.DEEPSEEK_TEST_GREP } : {}),
      },
    });
  } catch (err) {
    exitError = err; // VS Code exits non-zero when run() rejects; the results file says why
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }

  for (const e of readEvents(`${RESULTS}.events.jsonl`)) printEvent(e);
  const results = fs.existsSync(RESULTS)
    ? (JSON.parse(fs.readFileSync(RESULTS, 'utf8')) as SuiteResultsFile)
    : undefined;
  if (!results && exitError) {
    console.error(exitError instanceof Error ? exitError.message : exitError);
    console.error('(VS Code could not be downloaded or started; offline, run the same suite with npm run test:host)');
  }
  if (results) console.log(`\nVS Code ${results.vscodeVersion}, extension host Node ${results.nodeVersion}`);
  printSummary(results, (Date.now() - started) / 1000);
  return results && results.failures.length === 0 && results.passes.length > 0 && !results.error ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
