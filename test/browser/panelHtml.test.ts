// The panel HTML: strict CSP, a cryptographic nonce on the one script, escaped URIs, no inline code.

import * as assert from 'assert';
import { makeNonce, panelCsp, renderPanelHtml } from '../../src/host/panel/common/panelHtml';

const OPTS = {
  cspSource: 'https://*.vscode-cdn.net',
  nonce: 'abcdefghijklmnopqrstuvwx',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/webview.css',
};

describe('renderPanelHtml', () => {
  it('sets exactly the strict CSP', () => {
    const html = renderPanelHtml(OPTS);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.strictEqual(
      csp,
      "default-src 'none'; script-src 'nonce-abcdefghijklmnopqrstuvwx'; style-src https://*.vscode-cdn.net; img-src https://*.vscode-cdn.net data:; font-src https://*.vscode-cdn.net;",
    );
    assert.strictEqual(panelCsp(OPTS.cspSource, OPTS.nonce), csp);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('has one script, external and nonce-tagged; no inline scripts, styles or handlers', () => {
    const html = renderPanelHtml(OPTS);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepStrictEqual(scripts, [`<script nonce="${OPTS.nonce}" src="${OPTS.scriptUri}">`]);
    assert.match(html, /<script [^>]*><\/script>/);
    assert.doesNotMatch(html, /<style\b|\sstyle=|\son[a-z]+=/i);
    assert.ok(html.includes(`<link rel="stylesheet" href="${OPTS.styleUri}">`));
    assert.ok(html.includes('<div id="app"'));
  });

  it('adds the codicons stylesheet when given, and escapes URIs', () => {
    const html = renderPanelHtml({ ...OPTS, codiconsUri: 'https://x/codicon.css?a=1&b="2"', styleUri: 'https://x/s.css?"><script>' });
    assert.ok(html.includes('<link rel="stylesheet" href="https://x/codicon.css?a=1&amp;b=&quot;2&quot;">'));
    assert.ok(html.includes('href="https://x/s.css?&quot;&gt;&lt;script&gt;"'));
    assert.strictEqual((html.match(/<script\b/g) ?? []).length, 1);
  });

  it('rejects a nonce or cspSource that could widen the policy', () => {
    assert.throws(() => renderPanelHtml({ ...OPTS, nonce: "x' 'unsafe-inline" }));
    assert.throws(() => renderPanelHtml({ ...OPTS, nonce: 'short' }));
    assert.throws(() => renderPanelHtml({ ...OPTS, cspSource: "https://a; script-src 'unsafe-inline'" }));
    assert.throws(() => renderPanelHtml({ ...OPTS, cspSource: '' }));
  });
});

describe('makeNonce', () => {
  it('is base64 with at least 128 random bits and never repeats', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const n = makeNonce();
      assert.match(n, /^[A-Za-z0-9+/]+={0,2}$/);
      assert.ok(Buffer.from(n, 'base64').length >= 16, 'fewer than 128 bits');
      seen.add(n);
    }
    assert.strictEqual(seen.size, 1000);
    assert.doesNotThrow(() => renderPanelHtml({ ...OPTS, nonce: makeNonce() }));
  });
});
