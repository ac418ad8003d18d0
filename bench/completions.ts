// Section 7 (completions as you type, real VS Code): a typing script (bench/completions/script.ts:
// real TypeScript at ~8 characters a second with natural pauses) typed by Chromium into an empty file
// in code-server, against the test server answering FIM with a set time to first byte and token rate
// (the continuation a perfect model would give). Two runs in fresh code-servers, same keys at the same
// times: ours (the extension as shipped) and naive (DEEPSEEK_COMPLETIONS_POLICY=naive: a request on
// every provider call, no cache, no cancel). Reported: requests per 100 keystrokes, requests per pause
// and while typing, requests the server saw aborted, cache hits, tokens and cost, and pause → ghost
// text painted split into the debounce, the server's time and the rest (our overhead: provider +
// VS Code's own scheduling and paint). Env: BENCH_FIM_TTFB_MS (250), BENCH_FIM_TOKENS_PER_S (60),
// BENCH_COMPLETIONS_RUNS (ours,naive). Prints one JSON object as the last stdout line.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { estimateTokens } from '../src/host/conversation/common/conversation';
import { startTestServer, type TestServer } from '../test/server';
import { launchBrowser, waitForWorkbench } from '../test/runners/browser';
import { assertInstalled, REPO_ROOT, startCodeServer } from '../test/runners/codeServer';
import { openFile, poll } from '../test/e2e/workbench';
import { installGhostProbe } from './completions/probe';
import { continuation, PAUSE_MS, schedule, SCRIPT } from './completions/script';
import { f, max, mean, median, mdTable, p95, progress } from './lib/stats';

const TTFB_MS = Number(process.env.BENCH_FIM_TTFB_MS ?? 250);
const TOKENS_PER_S = Number(process.env.BENCH_FIM_TOKENS_PER_S ?? 60);
const RUNS = (process.env.BENCH_COMPLETIONS_RUNS ?? 'ours,naive').split(',') as Policy[];
/** deepseek-flash, USD per 1M tokens at the peak rate (cache miss input, output). */
const PRICE = { input: 0.3, output: 1.2 };
const FILE = 'orders.ts';

type Policy = 'ours' | 'naive';
type Req = TestServer['requests'][number];
interface TraceLine { calledAt: number; at: number; kind: string; timing?: { debounceMs: number; requestMs: number } }

/** Editor settings that make the typed text exactly the script (no auto-closing, no auto-indent, no suggest widget). */
const EXACT_TYPING = {
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoClosingComments': 'never',
  'editor.autoClosingOvertype': 'never',
  'editor.autoSurround': 'never',
  'editor.autoIndent': 'none',
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.wordBasedSuggestions': 'off',
  'editor.parameterHints.enabled': false,
  'editor.formatOnType': false,
};

interface Raw { keys: number[]; ghosts: number[]; requests: Req[]; trace: TraceLine[]; answers: Map<Req, string> }

async function typeScript(page: Page): Promise<number[]> {
  const plan = schedule();
  const start = Date.now() + 500;
  const keys: number[] = [];
  for (const k of plan) {
    const wait = start + k.at - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    keys.push(Date.now());
    if (k.char === '\n') await page.keyboard.press('Enter');
    else await page.keyboard.type(k.char);
  }
  await new Promise((r) => setTimeout(r, 3000));
  return keys;
}

async function runOne(policy: Policy): Promise<Raw> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-bench-fim-'));
  fs.mkdirSync(path.join(workspace, 'src'));
  fs.writeFileSync(path.join(workspace, 'src', FILE), '');
  const traceFile = path.join(workspace, 'trace.jsonl');
  const server = await startTestServer({ host: '127.0.0.1' });
  const answers = new Map<unknown, string>();
  server.fim.answer = (body: { prompt?: string }) => {
    const text = continuation(String(body?.prompt ?? ''));
    answers.set(body, text);
    return text;
  };
  server.fim.pace = { ttfbMs: TTFB_MS, tokensPerSecond: TOKENS_PER_S };
  const cs = await startCodeServer({
    folder: workspace,
    smokeTestDriver: true,
    env: { DEEPSEEK_COMPLETIONS_TRACE: traceFile, ...(policy === 'naive' ? { DEEPSEEK_COMPLETIONS_POLICY: 'naive' } : {}) },
    settings: { 'deepseek.baseUrl': server.url, 'deepseek.completions.enabled': true, 'deepseek.completions.model': 'bench-fim', ...EXACT_TYPING },
  });
  const session = await launchBrowser({ headless: true, width: 1400, height: 900 });
  try {
    const page = session.page;
    await page.goto(cs.workbenchUrl(workspace, [['extensionDevelopmentPath', cs.remoteUri(REPO_ROOT)]]));
    await waitForWorkbench(page);
    await openFile(page, FILE);
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    // Warm-up: the provider answers once (the extension is active: keys typed before it registered its
    // provider trigger nothing, so a key is typed every 2 s until a request comes), then the file is emptied.
    await page.keyboard.type('// warm-up');
    await poll('the warm-up completion request', async () => {
      if (server.requests.some((r) => r.path.endsWith('/completions'))) return true;
      await page.keyboard.type(' ');
      await new Promise((r) => setTimeout(r, 2000));
      return false;
    }, 240_000, 100).catch(async (err: unknown) => {
      fs.mkdirSync(path.join(__dirname, 'tmp'), { recursive: true });
      await page.screenshot({ path: path.join(__dirname, 'tmp', `completions-${policy}-warmup.png`) });
      throw err;
    });
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await new Promise((r) => setTimeout(r, 1500));
    const from = server.requests.length;
    const traceFrom = fs.existsSync(traceFile) ? fs.readFileSync(traceFile, 'utf8').split('\n').filter(Boolean).length : 0;
    await page.evaluate('globalThis.__name = globalThis.__name || ((fn) => fn)');
    await page.evaluate(installGhostProbe);
    progress(`completions ${policy}: typing ${SCRIPT.length} keys (TTFB ${TTFB_MS} ms, ${TOKENS_PER_S} tokens/s)`);
    const keys = await typeScript(page);
    const ghosts = await page.evaluate(() => (window as unknown as { __ghostPainted: number[] }).__ghostPainted);
    const typed = (await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    if (!typed.includes('return best;')) progress(`completions ${policy}: WARNING the editor does not show the whole script`);
    const trace = fs.readFileSync(traceFile, 'utf8').split('\n').filter(Boolean).slice(traceFrom).map((l) => JSON.parse(l) as TraceLine);
    const requests = server.requests.slice(from).filter((r) => r.path.endsWith('/completions'));
    return { keys, ghosts, requests, trace, answers: new Map(requests.map((r) => [r, answers.get(r.body) ?? ''])) };
  } finally {
    await session.close();
    await cs.stop();
    await server.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

interface PauseSplit { total: number; debounce: number; server: number; overhead: number; provider: number; beforeCall: number; toPaint: number }

export interface CompletionsRun {
  policy: Policy;
  keystrokes: number;
  pauses: number;
  requests: number;
  requestsPer100Keys: number;
  requestsInPauses: { mean: number; max: number };
  requestsWhileTyping: number;
  abortedAtServer: number;
  cacheHits: number;
  pausesWithGhost: number;
  /** pause → ghost painted for pauses answered by a request. */
  split: Record<keyof PauseSplit, { p50: number; p95: number }>;
  /** pause → ghost painted for pauses answered from the cache. */
  cachedPaint: { n: number; p50: number; p95: number };
  tokens: { input: number; output: number };
  costUsd: number;
}

/** The pauses of the typing: [last key, next key) windows of PAUSE_MS or longer (the last one open-ended). */
function pauseWindows(keys: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < keys.length; i++) {
    const next = keys[i + 1] ?? keys[i]! + 3000;
    if (next - keys[i]! >= PAUSE_MS) out.push([keys[i]!, next]);
  }
  return out;
}

/** The split of one pause answered by a request: the trace line of the provider call that produced the ghost, and its request. */
function splitPause(start: number, ghost: number, trace: TraceLine[], reqs: Req[]): PauseSplit | 'cached' | undefined {
  const line = trace.filter((t) => t.at >= start && t.at <= ghost && (t.kind === 'completed' || t.kind === 'cached')).at(-1);
  if (!line) return undefined;
  if (line.kind === 'cached') return 'cached';
  const req = reqs.filter((r) => r.receivedAt >= start && r.receivedAt <= line.at).at(-1);
  if (!req || req.closedAt === undefined) return undefined;
  const debounce = line.timing?.debounceMs ?? 0;
  const server = req.closedAt - req.receivedAt;
  const total = ghost - start;
  const provider = line.at - line.calledAt - debounce - server;
  return { total, debounce, server, overhead: total - debounce - server, provider, beforeCall: line.calledAt - start, toPaint: ghost - line.at };
}

function tokensOf(raw: Raw): { input: number; output: number } {
  let input = 0;
  let output = 0;
  for (const r of raw.requests) {
    input += estimateTokens(String(r.body?.prompt ?? '') + String(r.body?.suffix ?? ''));
    const answer = raw.answers.get(r) ?? '';
    // An aborted stream was billed for what the server had sent: ~3 characters an event of ~230 bytes.
    const sent = r.clientAborted ? Math.min(answer.length, Math.floor(Math.max(0, r.bytesWritten - 250) / 230) * 3) : answer.length;
    output += estimateTokens(answer.slice(0, sent));
  }
  return { input, output };
}

function analyze(policy: Policy, raw: Raw): CompletionsRun {
  const windows = pauseWindows(raw.keys);
  const inWindow = (t: number) => windows.some(([a, b]) => t >= a && t < b);
  const perPause = windows.map(([a, b]) => raw.requests.filter((r) => r.receivedAt >= a && r.receivedAt < b).length);
  const splits: PauseSplit[] = [];
  const cached: number[] = [];
  let withGhost = 0;
  for (const [a, b] of windows) {
    const ghost = raw.ghosts.find((g) => g > a && g < b);
    if (ghost === undefined) continue;
    withGhost++;
    const s = splitPause(a, ghost, raw.trace, raw.requests);
    if (s === 'cached') cached.push(ghost - a);
    else if (s) splits.push(s);
  }
  const q = (k: keyof PauseSplit) => ({ p50: median(splits.map((s) => s[k])), p95: p95(splits.map((s) => s[k])) });
  const tokens = tokensOf(raw);
  return {
    policy,
    keystrokes: raw.keys.length,
    pauses: windows.length,
    requests: raw.requests.length,
    requestsPer100Keys: (raw.requests.length / raw.keys.length) * 100,
    requestsInPauses: { mean: mean(perPause), max: perPause.length ? max(perPause) : 0 },
    requestsWhileTyping: raw.requests.filter((r) => !inWindow(r.receivedAt)).length,
    abortedAtServer: raw.requests.filter((r) => r.clientAborted).length,
    cacheHits: raw.trace.filter((t) => t.kind === 'cached').length,
    pausesWithGhost: withGhost,
    split: { total: q('total'), debounce: q('debounce'), server: q('server'), overhead: q('overhead'), provider: q('provider'), beforeCall: q('beforeCall'), toPaint: q('toPaint') },
    cachedPaint: { n: cached.length, p50: median(cached), p95: p95(cached) },
    tokens,
    costUsd: (tokens.input * PRICE.input + tokens.output * PRICE.output) / 1e6,
  };
}

export function table(runs: CompletionsRun[]): string {
  const col = (fn: (r: CompletionsRun) => string) => runs.map(fn);
  const ms = (x: { p50: number; p95: number }) => `${f(x.p50, 0)} / ${f(x.p95, 0)}`;
  const rows: (string | number)[][] = [
    ['keystrokes / pauses (≥ 600 ms)', ...col((r) => `${r.keystrokes} / ${r.pauses}`)],
    ['requests (per 100 keystrokes)', ...col((r) => `${r.requests} (${f(r.requestsPer100Keys, 1)})`)],
    ['requests per pause: mean / max', ...col((r) => `${f(r.requestsInPauses.mean, 2)} / ${r.requestsInPauses.max}`)],
    ['requests while typing (not in a pause)', ...col((r) => String(r.requestsWhileTyping))],
    ['requests aborted (seen at the server)', ...col((r) => String(r.abortedAtServer))],
    ['cache hits (no request)', ...col((r) => String(r.cacheHits))],
    ['pauses with ghost text painted', ...col((r) => `${r.pausesWithGhost} of ${r.pauses}`)],
    ['pause → ghost painted, ms p50 / p95', ...col((r) => ms(r.split.total))],
    ['… debounce', ...col((r) => ms(r.split.debounce))],
    ['… server (TTFB + tokens, at the server)', ...col((r) => ms(r.split.server))],
    ['… our overhead (the rest)', ...col((r) => ms(r.split.overhead))],
    ['… of which in the provider', ...col((r) => ms(r.split.provider))],
    ['… of which VS Code: last key → provider called', ...col((r) => ms(r.split.beforeCall))],
    ['… of which VS Code: provider returned → painted', ...col((r) => ms(r.split.toPaint))],
    ['pause → ghost from the cache, ms p50 / p95', ...col((r) => (r.cachedPaint.n ? `${ms(r.cachedPaint)} (n=${r.cachedPaint.n})` : '–'))],
    ['tokens in / out (estimated)', ...col((r) => `${r.tokens.input} / ${r.tokens.output}`)],
    ['cost at deepseek-flash peak, USD', ...col((r) => r.costUsd.toFixed(5))],
  ];
  return mdTable(['', ...runs.map((r) => r.policy)], rows);
}

async function main(): Promise<void> {
  assertInstalled();
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const runs: CompletionsRun[] = [];
  for (const policy of RUNS) runs.push(analyze(policy, await runOne(policy)));
  const md = `${table(runs)}\n\nServer: TTFB ${TTFB_MS} ms, ${TOKENS_PER_S} tokens/s (3-character events); the answer is the rest of the script's line. Load average at end: ${os.loadavg().map((x) => x.toFixed(2)).join('/')}.`;
  process.stderr.write(`${md}\n`);
  process.stdout.write(`${JSON.stringify({ runs, ttfbMs: TTFB_MS, tokensPerSecond: TOKENS_PER_S, table: md })}\n`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
