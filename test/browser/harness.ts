// Reusable harness for the webview in a real Chromium: builds dist/webview.js, serves the panel HTML
// from renderPanelHtml (same CSP as in VS Code) on loopback, stubs acquireVsCodeApi (recording posted
// messages and get/setState), and collects console errors, CSP violations and network requests.
// The benchmarks can reuse it: `const panel = await openPanel(browser); await panel.post(msg);`.

import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeNonce, renderPanelHtml } from '../../src/host/panel/common/panelHtml';
import { PANEL_STRINGS } from '../../src/shared/panelStrings';
import type { HostMessage, PanelState, TurnView, WebviewMessage, WebviewPersistedState } from '../../src/shared/protocol';
import { CHROMIUM_ARGS } from '../runners/browser';
import { THEMES, type ThemeName } from './themes';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// One list of Chromium flags for every browser the project starts (closed network: see test/runners).
export { CHROMIUM_ARGS };

let buildOnce: Promise<void> | undefined;

/** Builds the webview bundle (as esbuild.js does for it) into dist/webview.js, once per process. */
export function buildWebview(): Promise<void> {
  buildOnce ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    await esbuild.build({
      entryPoints: [path.join(REPO_ROOT, 'src/webview/main.ts')],
      outfile: path.join(REPO_ROOT, 'dist/webview.js'),
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      sourcemap: 'linked',
      sourcesContent: false,
      legalComments: 'none',
      logLevel: 'warning',
    });
  })();
  return buildOnce;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface PanelServer {
  origin: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.png': 'image/png',
};

/** Serves /panel.html (renderPanelHtml with a fresh nonce), /dist/* and /media/* on 127.0.0.1. */
export async function startPanelServer(): Promise<PanelServer> {
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (url.pathname === '/panel.html') {
      const lang = url.searchParams.get('lang') ?? undefined;
      const html = renderPanelHtml({
        cspSource: origin,
        nonce: makeNonce(),
        scriptUri: `${origin}/dist/webview.js`,
        styleUri: `${origin}/media/webview.css`,
        ...(lang ? { lang, strings: panelStringsFor(lang) } : {}),
      });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    const rel = url.pathname.replace(/^\/+/, '');
    if (/^(dist|media)\/[\w.-]+$/.test(rel)) {
      const file = path.join(REPO_ROOT, rel);
      if (fs.existsSync(file)) {
        res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(fs.readFileSync(file));
        return;
      }
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The panel's texts as the host hands them over in that display language (from l10n/bundle.l10n.<lang>.json). */
export function panelStringsFor(lang: string): Record<string, string> {
  const file = path.join(REPO_ROOT, 'l10n', `bundle.l10n.${lang}.json`);
  const bundle = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) : {};
  return Object.fromEntries(Object.entries(PANEL_STRINGS).map(([key, english]) => [key, bundle[english] ?? english]));
}

export interface OpenOptions {
  /** VS Code's display language, e.g. `zh-cn`: the page gets that language's texts as the host would hand them over. */
  lang?: string;
  theme?: ThemeName;
  /** What vscode.getState() returns on load (a restored panel). */
  savedState?: WebviewPersistedState;
  viewport?: { width: number; height: number };
}

export interface CspViolation {
  directive: string;
  blocked: string;
  sample: string;
}

export interface PanelPage {
  page: Page;
  origin: string;
  /** Dispatches a host → webview message, as VS Code's postMessage does. */
  post(message: HostMessage): Promise<void>;
  /** Posts several messages, waiting one animation frame after each (as the host's coalescer does). */
  stream(messages: HostMessage[]): Promise<void>;
  /** Messages the webview posted to the host so far; the input's `draft` reports only when asked for. */
  messages(options?: { drafts?: boolean }): Promise<WebviewMessage[]>;
  clearMessages(): Promise<void>;
  /** The last vscode.setState value. */
  savedState(): Promise<WebviewPersistedState | undefined>;
  /** Waits until the next animation frame has run (the webview renders in rAF). */
  nextFrame(): Promise<void>;
  /** Waits (frame by frame) until the turn's answer is no longer busy: its end render is on screen. */
  turnEnded(turnId: string): Promise<void>;
  /** Console errors, page errors and CSP violations collected so far. */
  problems(): Promise<string[]>;
  /** URLs of every request the page made. */
  requests: string[];
  close(): Promise<void>;
}

/** Opens the panel in a new page of `browser`, served by `server`. */
export async function openPanel(browser: Browser, server: PanelServer, opts: OpenOptions = {}): Promise<PanelPage> {
  const theme = THEMES[opts.theme ?? 'dark'];
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 760, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('request', (req) => requests.push(req.url()));

  // tsx compiles the functions below with esbuild's keepNames, which calls a `__name` helper that
  // only exists in Node; give the page a no-op one so serialized functions run there too.
  await page.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((fn) => fn);' });
  await page.addInitScript(
    ({ saved, bodyClass, kind, vars }) => {
      const w = window as unknown as Record<string, unknown>;
      const posted: unknown[] = [];
      const csp: unknown[] = [];
      w.__posted = posted;
      w.__csp = csp;
      w.__state = saved;
      document.addEventListener('securitypolicyviolation', (e) => {
        csp.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
      });
      let acquired = false;
      w.acquireVsCodeApi = () => {
        if (acquired) throw new Error('acquireVsCodeApi may be called only once');
        acquired = true;
        return {
          postMessage: (m: unknown) => posted.push(JSON.parse(JSON.stringify(m))),
          getState: () => w.__state,
          setState: (s: unknown) => {
            w.__state = JSON.parse(JSON.stringify(s));
          },
        };
      };
      // What VS Code does for a webview: theme variables on <html>, theme kind classes on <body>.
      const applyBody = () => {
        for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
        document.body.classList.add(bodyClass);
        document.body.dataset.vscodeThemeKind = kind;
      };
      if (document.body) applyBody();
      else document.addEventListener('DOMContentLoaded', applyBody, { once: true });
    },
    { saved: opts.savedState, bodyClass: theme.bodyClass, kind: theme.kind, vars: theme.vars },
  );

  await page.goto(`${server.origin}/panel.html${opts.lang ? `?lang=${encodeURIComponent(opts.lang)}` : ''}`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));

  const nextFrame = () =>
    page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  const post = (message: HostMessage) =>
    page.evaluate((m) => {
      window.dispatchEvent(new MessageEvent('message', { data: m }));
    }, message);

  return {
    page,
    origin: server.origin,
    post,
    async stream(messages) {
      await page.evaluate(async (list) => {
        for (const m of list) {
          window.dispatchEvent(new MessageEvent('message', { data: m }));
          await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        }
      }, messages);
    },
    messages: (options) =>
      page.evaluate((drafts) => (window as unknown as { __posted: WebviewMessage[] }).__posted.filter((m) => drafts || m.type !== 'draft'), options?.drafts ?? false),
    clearMessages: () =>
      page.evaluate(() => {
        (window as unknown as { __posted: unknown[] }).__posted.length = 0;
      }),
    savedState: () => page.evaluate(() => (window as unknown as { __state?: WebviewPersistedState }).__state),
    nextFrame,
    async turnEnded(turnId) {
      const busy = `article.turn[data-turn-id="${turnId}"] .response[aria-busy]`;
      for (let frames = 0; await page.locator(busy).count(); frames++) {
        if (frames >= 600) throw new Error(`turn ${turnId} still busy after 600 frames`);
        await nextFrame();
      }
    },
    async problems() {
      const csp = await page.evaluate(() => (window as unknown as { __csp: CspViolation[] }).__csp.slice());
      return [...errors, ...csp.map((v) => `CSP violation: ${v.directive} blocked ${v.blocked} ${v.sample}`)];
    },
    requests,
    close: () => context.close(),
  };
}

// ---- message builders ----

let turnCounter = 0;

export function turnView(overrides: Partial<TurnView> = {}): TurnView {
  return {
    id: overrides.id ?? `t${++turnCounter}`,
    question: 'What does this do?',
    answer: '',
    reasoning: '',
    status: 'streaming',
    startedAt: Date.now(),
    model: 'deepseek-flash',
    seq: 0,
    ...overrides,
  };
}

export function panelState(turns: TurnView[], overrides: Partial<PanelState> = {}): PanelState {
  return { title: 'Test chat', turns, hasApiKey: true, keyNeeded: false, model: 'deepseek-flash', ...overrides };
}

/** Delta messages for `pieces` of content (or reasoning), seq from `firstSeq`. */
export function deltas(turn: string, pieces: string[], kind: 'content' | 'reasoning' = 'content', firstSeq = 1): HostMessage[] {
  return pieces.map((text, i) => ({ type: 'delta', turn, seq: firstSeq + i, [kind]: text }) as HostMessage);
}

export { blockStartSplit, randomSplit, rng } from './splits';

/** Selector of a turn's answer element. */
export function answerSelector(turnId: string): string {
  return `article.turn[data-turn-id="${turnId}"] .answer-body`;
}
