// The bench-only extension loaded next to ours in the same code-server (bench/vscode/section.ts packages
// it): two comparison panels fed by the very same host path as ours — streamChat() from src/deepseek
// and the DeltaCoalescer from src/host, posting the panel protocol's turnStart / delta / turnEnd — so
// only what the webview does with the deltas differs:
//   reference  plain text appended to a text node; a new block element once the current one holds
//              about 4 KB and a newline arrives; no markdown (the floor of what a panel can cost)
//   naive      el.innerHTML = marked.parse(whole text) on every delta message
// The server is $DEEPSEEK_BENCH_BASE_URL (the project's test server on loopback).
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { streamChat } from '../../../src/deepseek';
import { DeltaCoalescer } from '../../../src/host/panel/common/deltaCoalescer';

type Mode = 'reference' | 'naive';

function nonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64');
}

function open(ctx: vscode.ExtensionContext, mode: Mode): void {
  const dist = vscode.Uri.joinPath(ctx.extensionUri, 'dist');
  const panel = vscode.window.createWebviewPanel(
    `deepseekBench.${mode}`,
    `Bench: ${mode}`,
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
    { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [dist] },
  );
  const w = panel.webview;
  const n = nonce();
  const csp = `default-src 'none'; script-src 'nonce-${n}'; style-src ${w.cspSource}; img-src ${w.cspSource} data:; font-src ${w.cspSource};`;
  w.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${w.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css'))}">
<link rel="stylesheet" href="${w.asWebviewUri(vscode.Uri.joinPath(dist, 'bench.css'))}">
<title>Bench</title></head>
<body data-mode="${mode}"><div class="app bench-app"><main class="transcript" id="log" role="log" tabindex="0"><div class="messages"><div class="markdown answer-body" id="answer"></div></div></main>
<footer class="composer"><textarea class="input" id="input" rows="1" aria-label="Ask"></textarea></footer></div>
<script nonce="${n}" src="${w.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'))}"></script></body></html>`;
  let abort: AbortController | undefined;
  let turnNo = 0;
  const coalescer = new DeltaCoalescer((m) => void w.postMessage(m));
  w.onDidReceiveMessage(async (m: { type?: string; text?: string }) => {
    if (m?.type !== 'ask' || typeof m.text !== 'string') return;
    abort?.abort();
    const controller = (abort = new AbortController());
    const turn = `bench-${++turnNo}`;
    void w.postMessage({ type: 'turnStart', turn: { id: turn } });
    let status = 'done';
    try {
      const config = { baseUrl: process.env.DEEPSEEK_BENCH_BASE_URL ?? 'http://127.0.0.1:1', apiKey: 'sk-bench', maxRetries: 0, retryBaseDelayMs: 100, idleTimeoutMs: 60_000 };
      for await (const ev of streamChat(config, { model: 'deepseek-flash', messages: [{ role: 'user', content: m.text }] }, { signal: controller.signal })) {
        if (ev.type === 'content') coalescer.push(turn, 'content', ev.text);
      }
    } catch (err) {
      status = 'error';
      console.error('bench panel stream failed', err);
    }
    coalescer.flush();
    void w.postMessage({ type: 'turnEnd', turn, seq: coalescer.seq(turn), status });
  });
  panel.onDidDispose(() => {
    abort?.abort();
    coalescer.dispose();
  });
}

// With $DEEPSEEK_BENCH_HOST_DIR set, the extension host's side of every panel's stream is recorded
// (ours included: one host process runs both extensions): the moment each message is handed to
// webview.postMessage, on CLOCK_MONOTONIC (µs; the bench process's hrtime reads the same clock).
// With $DEEPSEEK_BENCH_HOST_PROFILE=1 also a V8 CPU profile of the host (sampling costs host CPU).
// "DeepSeek Bench: Write Host Log" writes them to that folder and starts afresh.
const HOST_DIR = process.env.DEEPSEEK_BENCH_HOST_DIR;
const PROFILE = process.env.DEEPSEEK_BENCH_HOST_PROFILE === '1';
const posts: { at: number; type: string; seq?: number; chars?: number }[] = [];
let profiler: Session | undefined;

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** Wraps postMessage of every webview in this host (the method lives on their shared prototype). */
function recordPosts(webview: vscode.Webview): void {
  const proto = Object.getPrototypeOf(webview) as { postMessage: (m: unknown) => Thenable<boolean>; __benchRecorded?: boolean };
  if (proto.__benchRecorded) return;
  const post = proto.postMessage;
  proto.postMessage = function (this: unknown, m: unknown) {
    const msg = m as { type?: string; seq?: number; content?: string };
    posts.push({ at: monotonicUs(), type: String(msg?.type), seq: msg?.seq, chars: msg?.content?.length });
    return post.call(this, m);
  };
  proto.__benchRecorded = true;
}

function startProfile(): void {
  if (!PROFILE) return;
  profiler = new Session();
  profiler.connect();
  profiler.post('Profiler.enable');
  profiler.post('Profiler.setSamplingInterval', { interval: 250 });
  profiler.post('Profiler.start');
}

function writeHostLog(): Promise<void> {
  return new Promise((resolve) => {
    const done = (profile: unknown) => {
      // Written under another name, then renamed: the bench waits for the file to exist and must
      // never read it half written (a long run's log is large).
      const file = path.join(HOST_DIR!, 'host-latest.json');
      fs.writeFileSync(`${file}.tmp`, JSON.stringify({ posts: posts.splice(0), profile }));
      fs.renameSync(`${file}.tmp`, file);
      startProfile();
      resolve();
    };
    const s = profiler;
    if (!s) return done(undefined);
    s.post('Profiler.stop', (err, res) => {
      s.disconnect();
      done(err ? undefined : res.profile);
    });
  });
}

export function activate(ctx: vscode.ExtensionContext): void {
  if (HOST_DIR) {
    // Any webview will do to reach the prototype: a panel opened and closed at once.
    const probe = vscode.window.createWebviewPanel('deepseekBench.probe', 'Bench probe', { viewColumn: vscode.ViewColumn.Active, preserveFocus: true });
    recordPosts(probe.webview);
    probe.dispose();
    startProfile();
    ctx.subscriptions.push(vscode.commands.registerCommand('deepseekBench.writeHostLog', writeHostLog));
  }
  for (const mode of ['reference', 'naive'] as const) {
    ctx.subscriptions.push(vscode.commands.registerCommand(`deepseekBench.open.${mode}`, () => open(ctx, mode)));
  }
}

export function deactivate(): void {}
