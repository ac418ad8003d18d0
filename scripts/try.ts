// `npm run try`: see the extension working without a DeepSeek account.
// Packages the extension (if the .vsix is missing or older than the sources), starts the demo
// server (test/server/cli.ts, canned streamed answers on loopback; no key needed for loopback
// servers), installs the .vsix into a code-server of its own (state in .vscode-test/try/) and
// prints the URL to open. Runs until Ctrl+C, then stops everything it started.
//
// With DEEPSEEK_API_KEY set, it uses the real API (https://api.deepseek.com) instead: the first
// question offers "Import DEEPSEEK_API_KEY" (the key goes to SecretStorage, never to settings).
//
// Options: --port N (default 8080, or a free port if taken), --demo (use the demo server even with
// DEEPSEEK_API_KEY set), --no-package (use the existing .vsix as is).

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { CACHE_DIR, freePort, REPO_ROOT, startCodeServer } from '../test/runners/codeServer';

const TRY_DIR = path.join(CACHE_DIR, 'try');
const VSIX = path.join(REPO_ROOT, 'deepseek-assistant.vsix');
const DEMO_TAGS: Array<[string, string]> = [
  ['#markdown', 'headings, a table, code blocks with Copy / Insert at Cursor'],
  ['#reasoning', 'a thinking model: live reasoning, then the answer'],
  ['#slow', 'a minute-long answer: press Stop'],
  ['#cutoff', 'the connection drops mid-answer (partial text kept, Retry)'],
  ['#reset', 'the socket is reset mid-answer'],
  ['#ratelimit', '429 with Retry-After: retried'],
  ['#unauthorized', '401: the "Set API Key" action'],
  ['#html500', 'a proxy error page, shown as a readable error'],
  ['#long', 'a 5 MB answer (size cap)'],
];

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

function packageIfNeeded(): void {
  if (process.argv.includes('--no-package') && fs.existsSync(VSIX)) return;
  const sources = ['src', 'media', 'package.json', 'README.md'].map((p) => newestMtime(path.join(REPO_ROOT, p)));
  if (fs.existsSync(VSIX) && fs.statSync(VSIX).mtimeMs >= Math.max(...sources)) return;
  console.log('packaging the extension (npm run package)…');
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(VSIX)) throw new Error('npm run package failed');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** Starts test/server/cli.ts in its own process group; resolves with its URL. */
function startDemoServer(): Promise<{ url: string; pid: number }> {
  return new Promise((resolve, reject) => {
    const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, [path.join(REPO_ROOT, 'test', 'server', 'cli.ts')], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pid = child.pid;
    if (!pid) return reject(new Error('could not start the demo server'));
    process.on('exit', () => {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    });
    const timer = setTimeout(() => reject(new Error('the demo server did not start in 20 s')), 20_000);
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      const m = /^DEEPSEEK_TEST_SERVER (\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, pid });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo server exited (${code})`));
    });
  });
}

function readSettings(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

async function main(): Promise<void> {
  const realKey = process.env.DEEPSEEK_API_KEY?.trim();
  const useReal = !!realKey && !process.argv.includes('--demo');
  packageIfNeeded();

  const userDataDir = path.join(TRY_DIR, 'user-data');
  const extensionsDir = path.join(TRY_DIR, 'extensions');
  const workspace = path.join(TRY_DIR, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const sample = path.join(workspace, 'hello.ts');
  if (!fs.existsSync(sample)) {
    fs.writeFileSync(
      sample,
      [
        '// Select these lines and run "DeepSeek: Explain Selection" (F1, or right-click).',
        'export function debounce<T extends unknown[]>(fn: (...args: T) => void, ms: number) {',
        '  let timer: ReturnType<typeof setTimeout> | undefined;',
        '  return (...args: T) => {',
        '    clearTimeout(timer);',
        '    timer = setTimeout(() => fn(...args), ms);',
        '  };',
        '}',
        '',
      ].join('\n'),
    );
  }

  let baseUrl = 'https://api.deepseek.com';
  if (!useReal) {
    const demo = await startDemoServer();
    baseUrl = demo.url;
  }

  const wanted = Number(arg('port') ?? process.env.PORT ?? 8080);
  const port = (await portIsFree(wanted)) ? wanted : await freePort();
  const previous = readSettings(path.join(userDataDir, 'User', 'settings.json'));
  const server = await startCodeServer({
    folder: workspace,
    userDataDir,
    extensionsDir,
    keepDirs: true,
    port,
    installExtensions: [VSIX],
    logFile: path.join(TRY_DIR, 'code-server.log'),
    settings: { ...previous, 'deepseek.baseUrl': baseUrl },
    env: useReal ? { DEEPSEEK_API_KEY: realKey! } : {},
  });

  const url = server.workbenchUrl(workspace);
  console.log(`
  DeepSeek Assistant is running in VS Code (code-server) at:

      ${url}

  ${
    useReal
      ? `Using the real DeepSeek API (${baseUrl}). On your first question choose "Import DEEPSEEK_API_KEY"\n  (or run "DeepSeek: Set API Key"); the key is kept in SecretStorage, never in settings.`
      : `Using the demo server ${baseUrl}: canned answers streamed like the real API, no key needed.\n  (Set DEEPSEEK_API_KEY=sk-… before npm run try to use the real API.)`
  }

  Try: F1 → "DeepSeek: Ask DeepSeek", or open hello.ts, select lines → "DeepSeek: Explain Selection".${
    useReal
      ? ''
      : `\n  Put a tag in a question to pick a demo scenario:\n${DEMO_TAGS.map(([t, d]) => `      ${t.padEnd(14)} ${d}`).join('\n')}`
  }

  Log: ${path.relative(REPO_ROOT, server.logFile)}   Stop: Ctrl+C
`);
  let stopping = false;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (!stopping) console.log('\n  stopping…');
      stopping = true; // codeServer.ts ends the code-server process group and exits
    });
  }
  const code = await server.exited;
  if (stopping) return;
  console.error(`code-server exited (${code}); see ${server.logFile}`);
  process.exit(1);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
