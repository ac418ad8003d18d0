// `npm run test:host`: runs the in-host suite (test/suite) inside a real VS Code 1.139 extension
// host served by code-server, opened in headless Chromium with the smoke-test driver payload
// (extensionDevelopmentPath = this folder, extensionTestsPath = out/test/suite/index.js).
// The suite writes its results to a JSON file; this script waits for it, prints mocha-like
// lines and a final `N passed, N failed, N skipped`, and exits non-zero on any failure or if no test ran.
//
// Options: --no-build (skip `npm run build`), --keep (keep temp dirs), --headed,
// env DEEPSEEK_TEST_GREP=<regex> (run a subset; refused under CI), DEEPSEEK_HOST_TIMEOUT_S (default 900),
// DEEPSEEK_HOST_LOCALE=zh-cn (VS Code's display language; needs its language pack installed).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser, waitForWorkbench, type BrowserSession } from './browser';
import { REPO_ROOT, safeTail, startCodeServer, type CodeServer } from './codeServer';
import { plantConversations } from './plant';
import { refusedEnvironment } from './ci';
import { printEvent, printSummary, readEvents, type SuiteResultsFile } from './report';
import { closingLine } from './verdict';

const OUT_DIR = path.join(REPO_ROOT, 'test-output', 'host');
const RESULTS = path.join(OUT_DIR, 'results.json');
const EVENTS = `${RESULTS}.events.jsonl`;
const SUITE_BUNDLE = path.join(REPO_ROOT, 'out', 'test', 'suite', 'index.js');

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const started = Date.now();
  const timeoutMs = (Number(process.env.DEEPSEEK_HOST_TIMEOUT_S) || 900) * 1000;
  const refused = refusedEnvironment(process.env);
  if (refused) {
    console.error(refused);
    console.log(closingLine({ passed: 0, failed: 1, skipped: 0 }));
    return 1;
  }

  if (!argv.includes('--no-build')) {
    const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (b.status !== 0) {
      console.error('build failed');
      return 1;
    }
  }
  if (!fs.existsSync(SUITE_BUNDLE)) {
    console.error(`${path.relative(REPO_ROOT, SUITE_BUNDLE)} is missing: run npm run build`);
    return 1;
  }
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) {
    console.warn('warning: dist/extension.js is missing; the extension under test cannot activate');
  }

  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const f of [RESULTS, EVENTS]) fs.rmSync(f, { force: true });
  const logFile = path.join(OUT_DIR, 'code-server.log');
  fs.writeFileSync(logFile, '');

  // A small workspace of its own: the suite writes its sample files there.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-host-ws-'));
  fs.writeFileSync(path.join(workspace, 'README.md'), '# in-host test workspace\n');

  // Our own user-data dir, so the suite can check the user settings file never holds the key.
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-host-user-'));
  // Saved conversations the first activation must cope with (a corrupt one, a valid one).
  plantConversations(userDataDir);

  let server: CodeServer | undefined;
  let session: BrowserSession | undefined;
  try {
    server = await startCodeServer({
      folder: workspace,
      userDataDir,
      smokeTestDriver: true,
      // DEEPSEEK_HOST_LOCALE=zh-cn runs the suite with VS Code's display language set (code-server --locale).
      ...(process.env.DEEPSEEK_HOST_LOCALE ? { extraArgs: ['--locale', process.env.DEEPSEEK_HOST_LOCALE] } : {}),
      logFile,
      keepDirs: argv.includes('--keep'),
      env: {
        DEEPSEEK_TEST_RESULTS: RESULTS,
        DEEPSEEK_TEST_WORKSPACE: workspace,
        DEEPSEEK_TEST_USER_DATA_DIR: userDataDir,
        DEEPSEEK_TEST_PLANTED: '1',
        ...(process.env.DEEPSEEK_TEST_GREP ? { DEEPSEEK_TEST_GREP: process.env.DEEPSEEK_TEST_GREP } : {}),
        ...(process.env.DEEPSEEK_HOST_LOCALE ? { DEEPSEEK_HOST_LOCALE: process.env.DEEPSEEK_HOST_LOCALE } : {}),
      },
    });
    console.log(`code-server ${server.url} (pid ${server.pid}); log: ${path.relative(REPO_ROOT, logFile)}`);

    session = await launchBrowser({ headless: !argv.includes('--headed') });
    const consoleLog = path.join(OUT_DIR, 'browser-console.log');
    fs.writeFileSync(consoleLog, '');
    session.page.on('console', (m) => fs.appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`));
    session.page.on('pageerror', (e) => fs.appendFileSync(consoleLog, `[pageerror] ${e.message}\n`));

    const url = server.workbenchUrl(workspace, [
      ['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)],
      ['extensionTestsPath', server.remoteUri(SUITE_BUNDLE)],
    ]);
    await session.page.goto(url);
    await waitForWorkbench(session.page);
    console.log(`workbench ready after ${((Date.now() - started) / 1000).toFixed(1)} s; running the suite\n`);

    let shown = 0;
    const deadline = Date.now() + timeoutMs;
    let results: SuiteResultsFile | undefined;
    let serverDied = false;
    void server.exited.then(() => (serverDied = true));
    for (;;) {
      const events = readEvents(EVENTS);
      for (; shown < events.length; shown++) printEvent(events[shown]);
      if (fs.existsSync(RESULTS)) {
        // Print events that landed together with the results.
        const rest = readEvents(EVENTS);
        for (; shown < rest.length; shown++) printEvent(rest[shown]);
        results = JSON.parse(fs.readFileSync(RESULTS, 'utf8')) as SuiteResultsFile;
        break;
      }
      if (serverDied) {
        console.error(`code-server exited before the suite finished. Log tail:\n${safeTail(logFile)}`);
        break;
      }
      if (Date.now() > deadline) {
        console.error(`timed out after ${timeoutMs / 1000} s waiting for ${path.relative(REPO_ROOT, RESULTS)}`);
        await session.page.screenshot({ path: path.join(OUT_DIR, 'timeout.png') }).catch(() => undefined);
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }

    const wall = (Date.now() - started) / 1000;
    if (!results) {
      printSummary(undefined, wall);
      return 1;
    }
    if (results.failures.length) {
      await session.page.screenshot({ path: path.join(OUT_DIR, 'after-failures.png') }).catch(() => undefined);
    }
    console.log(`\nVS Code ${results.vscodeVersion} (${results.appHost}), extension host Node ${results.nodeVersion}`);
    printSummary(results, wall);
    return results.failures.length === 0 && results.passes.length > 0 && !results.error ? 0 : 1;
  } finally {
    await session?.close();
    await server?.stop();
    if (!argv.includes('--keep')) {
      fs.rmSync(workspace, { recursive: true, force: true });
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    console.log(closingLine({ passed: 0, failed: 1, skipped: 0 }));
    process.exit(1);
  },
);
