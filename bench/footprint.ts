// Section 4: footprint. Production bundles (minified, as `node esbuild.js --production` builds them,
// same entry points and options, but into bench/tmp/prod so dist/ keeps its source maps), their
// gzip sizes and biggest inputs (esbuild metafile), the packaged .vsix, and the extension's
// activation time inside a real VS Code (code-server 1.139 via test/runners, a fresh window and so a
// fresh extension host per sample, timing vscode.extensions.getExtension(ID).activate() from an
// extensionTestsPath module of our own: bench/activation/suite.ts).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { launchBrowser, waitForWorkbench } from '../test/runners/browser';
import { assertInstalled, startCodeServer } from '../test/runners/codeServer';
import { median, progress } from './lib/stats';

const REPO = path.resolve(__dirname, '..');
const TMP = path.join(__dirname, 'tmp');
const PROD = path.join(TMP, 'prod');

export interface BundleInfo {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Biggest contributors (bytes in the minified output), by package or src/ folder. */
  top: { input: string; bytes: number }[];
}

export interface FootprintResult {
  bundles: BundleInfo[];
  vsix?: { file: string; bytes: number; mtime: string; entries: { name: string; bytes: number }[]; note: string };
  activation?: {
    samples: number[];
    requireMs: number[];
    wasActive: boolean[];
    medianMs: number;
    minMs: number;
    maxMs: number;
    requireMedianMs: number;
    settleMs: number;
    vscode: string;
    node: string;
    extensionPath: string;
    method: string;
  };
  activationError?: string;
}

function groupOf(input: string): string {
  const nm = input.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = input.slice(nm + 13).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const parts = input.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : input;
}

export async function buildProduction(): Promise<BundleInfo[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  fs.rmSync(PROD, { recursive: true, force: true });
  fs.mkdirSync(path.join(PROD, 'dist'), { recursive: true });
  // The options of esbuild.js with --production (kept in step by hand; see esbuild.js).
  const common = { bundle: true, minify: true, sourcemap: false as const, legalComments: 'none' as const, logLevel: 'warning' as const, metafile: true, absWorkingDir: REPO };
  const builds = [
    { entryPoints: ['src/extension.ts'], outfile: path.join(PROD, 'dist/extension.js'), platform: 'node' as const, format: 'cjs' as const, target: 'node20', external: ['vscode'], define: { 'process.env.NODE_ENV': '"production"' } },
    { entryPoints: ['src/webview/main.ts'], outfile: path.join(PROD, 'dist/webview.js'), platform: 'browser' as const, format: 'iife' as const, target: 'es2022' },
  ];
  const out: BundleInfo[] = [];
  for (const b of builds) {
    const res = await esbuild.build({ ...common, ...b });
    const buf = fs.readFileSync(b.outfile);
    const outputs = res.metafile!.outputs;
    const key = Object.keys(outputs).find((k) => k.endsWith(path.basename(b.outfile)))!;
    const groups = new Map<string, number>();
    for (const [input, info] of Object.entries(outputs[key]!.inputs)) groups.set(groupOf(input), (groups.get(groupOf(input)) ?? 0) + info.bytesInOutput);
    out.push({
      file: `dist/${path.basename(b.outfile)}`,
      bytes: buf.length,
      gzipBytes: zlib.gzipSync(buf, { level: 9 }).length,
      top: [...groups.entries()].sort((a, c) => c[1] - a[1]).slice(0, 6).map(([input, bytes]) => ({ input, bytes })),
    });
  }
  return out;
}

function vsixInfo(): FootprintResult['vsix'] {
  const file = path.join(REPO, 'deepseek-assistant.vsix');
  if (!fs.existsSync(file)) return undefined;
  const st = fs.statSync(file);
  const list = spawnSync('unzip', ['-l', file], { encoding: 'utf8' });
  const entries: { name: string; bytes: number }[] = [];
  for (const line of (list.stdout ?? '').split('\n')) {
    const m = /^\s*(\d+)\s+\S+\s+\S+\s+(\S.*)$/.exec(line);
    if (m && !m[2]!.startsWith('Name') && m[2] !== 'files' && !/^\d+ files$/.test(m[2]!)) entries.push({ name: m[2]!.trim(), bytes: Number(m[1]) });
  }
  const head = spawnSync('git', ['log', '-1', '--format=%cI'], { cwd: REPO, encoding: 'utf8' }).stdout.trim();
  return {
    file: 'deepseek-assistant.vsix',
    bytes: st.size,
    mtime: st.mtime.toISOString(),
    entries: entries.filter((e) => !/^\d+$/.test(e.name)),
    note: `built ${st.mtime.toISOString()} (last commit ${head}); made by npm run package, not rebuilt by the bench`,
  };
}

/** A folder that looks like the installed extension: package.json, media/ and the production bundles. */
function stageExtension(): string {
  const dir = path.join(PROD);
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(dir, 'package.json'));
  fs.cpSync(path.join(REPO, 'media'), path.join(dir, 'media'), { recursive: true });
  return dir;
}

/** Extension-host processes of code-server's process group. */
function extensionHosts(pgid: number): number {
  const ps = spawnSync('ps', ['-o', 'args=', '-g', String(pgid)], { encoding: 'utf8' });
  return (ps.stdout ?? '').split('\n').filter((l) => /extensionHost|bootstrap-fork.*extensionHost|type=extensionHost/.test(l)).length;
}

async function waitForQuiet(pgid: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (extensionHosts(pgid) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  progress(`footprint: extension hosts still running: ${extensionHosts(pgid)}`);
}

async function activationInCodeServer(samples: number): Promise<FootprintResult['activation']> {
  assertInstalled();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const suite = path.join(TMP, 'activation', 'index.js');
  await esbuild.build({ entryPoints: [path.join(__dirname, 'activation/suite.ts')], outfile: suite, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning' });
  const extDir = stageExtension();
  const outFile = path.join(TMP, 'activation', 'samples.jsonl');
  fs.writeFileSync(outFile, '');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-bench-ws-'));
  fs.writeFileSync(path.join(workspace, 'README.md'), '# bench workspace\n');
  const server = await startCodeServer({ folder: workspace, smokeTestDriver: true, env: { BENCH_ACTIVATION_OUT: outFile }, logFile: path.join(TMP, 'activation', 'code-server.log') });
  const session = await launchBrowser();
  const recs: Record<string, unknown>[] = [];
  try {
    const url = server.workbenchUrl(workspace, [
      ['extensionDevelopmentPath', server.remoteUri(extDir)],
      ['extensionTestsPath', server.remoteUri(suite)],
    ]);
    for (let i = 0; i < samples; i++) {
      // A new window each time: its own extension host, where the extension has not been activated yet.
      const page = i === 0 ? session.page : await session.context.newPage();
      await page.goto(url);
      await waitForWorkbench(page);
      const deadline = Date.now() + 60_000;
      while (fs.readFileSync(outFile, 'utf8').trim().split('\n').filter(Boolean).length <= i) {
        if (Date.now() > deadline) throw new Error(`no activation sample ${i + 1} after 60 s (see bench/tmp/activation/code-server.log)`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const lines = fs.readFileSync(outFile, 'utf8').trim().split('\n');
      const rec = JSON.parse(lines[i]!) as Record<string, unknown>;
      if (rec.error) throw new Error(`activation sample failed: ${String(rec.error)}`);
      recs.push(rec);
      progress(`footprint: activation sample ${i + 1}/${samples}: activate ${(rec.activateMs as number).toFixed(1)} ms, require ${(rec.requireMs as number).toFixed(1)} ms (was active: ${String(rec.wasActive)})`);
      await page.close();
      // Let the closed window's extension host go before the next sample (2 cores: it would compete).
      await waitForQuiet(server.pid);
    }
  } finally {
    await session.close();
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  const ms = recs.map((r) => r.activateMs as number);
  const sortedMs = [...ms].sort((a, b) => a - b);
  const req = recs.map((r) => r.requireMs as number);
  return {
    samples: ms,
    requireMs: req,
    requireMedianMs: median(req),
    settleMs: Number(recs[0]?.settleMs ?? 0),
    wasActive: recs.map((r) => r.wasActive as boolean),
    medianMs: median(ms),
    minMs: sortedMs[0]!,
    maxMs: sortedMs[sortedMs.length - 1]!,
    vscode: String(recs[0]?.vscode),
    node: String(recs[0]?.node),
    extensionPath: path.relative(REPO, String(recs[0]?.extensionPath)),
    method: 'code-server (VS Code web) with the smoke-test driver; a new browser window per sample; the production bundles staged with package.json and media/ in bench/tmp/prod as extensionDevelopmentPath; after the window has settled for settleMs, activate() of the not-yet-active extension timed with performance.now() in the extension host; then require() of a fresh copy of dist/extension.js (module load alone)',
  };
}

export async function runFootprint(opts: { activationSamples: number }): Promise<FootprintResult> {
  progress('footprint: production bundles into bench/tmp/prod');
  const bundles = await buildProduction();
  const result: FootprintResult = { bundles, vsix: vsixInfo() };
  try {
    progress('footprint: activation time in code-server');
    result.activation = await activationInCodeServer(opts.activationSamples);
  } catch (err) {
    result.activationError = err instanceof Error ? err.message : String(err);
    progress(`footprint: activation in code-server failed: ${result.activationError}`);
  }
  return result;
}
