// The chat panel's page as the host renders it (test/browser/panelHtml.test.ts checks the same
// function where the browser layer runs): the exact markup, the display language, the texts, escaping,
// and the inputs it refuses because they could widen the Content-Security-Policy.

import * as assert from 'node:assert/strict';
import { makeNonce, panelCsp, renderPanelHtml } from '../../../../../src/host/panel/common/panelHtml';

const NONCE = 'abcdefghijklmnopqrstuvwx';
const OPTS = {
  cspSource: 'https://*.vscode-cdn.net',
  nonce: NONCE,
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/webview.css',
};
const POLICY =
  "default-src 'none'; script-src 'nonce-abcdefghijklmnopqrstuvwx'; style-src https://*.vscode-cdn.net; " +
  'img-src https://*.vscode-cdn.net data:; font-src https://*.vscode-cdn.net;';

/** What a browser reads back from an attribute value. */
const unescapeAttr = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('host: panel page', () => {
  it('renders the whole page: the strict policy, the display language, the texts, both stylesheets and one nonce-tagged script', () => {
    const strings = { send: 'Send', stop: 'Stop "now" & <then>' };
    const html = renderPanelHtml({ ...OPTS, lang: 'zh-cn', codiconsUri: 'https://x/codicon.css', strings });
    const attr = '{&quot;send&quot;:&quot;Send&quot;,&quot;stop&quot;:&quot;Stop \\&quot;now\\&quot; &amp; &lt;then&gt;&quot;}';
    assert.equal(
      html,
      `<!DOCTYPE html>
<html lang="zh-cn">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${POLICY}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${OPTS.styleUri}">
  <link rel="stylesheet" href="https://x/codicon.css">
  <title>DeepSeek</title>
</head>
<body>
  <div id="app" class="app" data-strings="${attr}"></div>
  <noscript>The DeepSeek panel needs JavaScript.</noscript>
  <script nonce="${NONCE}" src="${OPTS.scriptUri}"></script>
</body>
</html>
`,
    );
    assert.equal(panelCsp(OPTS.cspSource, NONCE), POLICY);
    // The webview reads the texts back intact.
    assert.deepEqual(JSON.parse(unescapeAttr(/data-strings="([^"]*)"/.exec(html)![1])), strings);
  });

  it('a page without codicons, texts or a language has none of them, and is in English', () => {
    assert.equal(
      renderPanelHtml(OPTS),
      `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${POLICY}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${OPTS.styleUri}">
  <title>DeepSeek</title>
</head>
<body>
  <div id="app" class="app"></div>
  <noscript>The DeepSeek panel needs JavaScript.</noscript>
  <script nonce="${NONCE}" src="${OPTS.scriptUri}"></script>
</body>
</html>
`,
    );
  });

  it('keeps a display language that is a language tag; anything else becomes English and never reaches the markup', () => {
    const langOf = (lang: string) => /<html lang="([^"]*)">/.exec(renderPanelHtml({ ...OPTS, lang }))?.[1];
    for (const lang of ['de', 'fil', 'zh-cn', 'zh-Hant-TW', 'pt-BR', 'de-1996']) assert.equal(langOf(lang), lang);
    for (const lang of [
      '',
      'e',
      'english',
      'en_US',
      'en-',
      'en-x',
      'en-abcdefghi',
      'en-c_n',
      '9en',
      '"><script>alert(1)</script><i lang="en',
      'en"><script>alert(1)</script>',
    ]) {
      const html = renderPanelHtml({ ...OPTS, lang });
      assert.equal(langOf(lang), 'en', lang);
      assert.equal((html.match(/<script\b/g) ?? []).length, 1, lang);
    }
  });

  it('escapes every URI, so no address can close its attribute or open a tag', () => {
    const html = renderPanelHtml({
      ...OPTS,
      styleUri: 'https://x/s.css?a=1&b="2"><script>',
      codiconsUri: 'https://x/c.css?<i>&"',
      scriptUri: 'https://x/w.js?q="&<>',
    });
    assert.ok(html.includes('<link rel="stylesheet" href="https://x/s.css?a=1&amp;b=&quot;2&quot;&gt;&lt;script&gt;">'));
    assert.ok(html.includes('<link rel="stylesheet" href="https://x/c.css?&lt;i&gt;&amp;&quot;">'));
    assert.ok(html.includes(`<script nonce="${NONCE}" src="https://x/w.js?q=&quot;&amp;&lt;&gt;"></script>`));
  });

  it('refuses, naming the nonce, a nonce that is short or could add to the script policy; takes base64 with or without padding', () => {
    for (const nonce of [
      '',
      'short',
      'abcdefghijklmno',
      "abcdefghijklmnop' 'unsafe-inline",
      "'unsafe-inline' abcdefghijklmnopqr",
      'abcdefghijklmnop===',
      'abcdefghijklmnop=x',
    ]) {
      assert.throws(() => renderPanelHtml({ ...OPTS, nonce }), /nonce/, nonce);
    }
    for (const nonce of ['abcdefghijklmnop', 'ABCDEFGHIJKLMNOPQRSTUVWX', 'abc+def/ghi_jkl-mno0123', 'abcdefghijklmnopqrstuv==', 'abcdefghijklmnopqrstuvw=', makeNonce()]) {
      assert.ok(renderPanelHtml({ ...OPTS, nonce }).includes(`<script nonce="${nonce}"`), nonce);
    }
  });

  it('refuses, naming cspSource, a blank source or one that could add directives; takes one or several origins', () => {
    for (const cspSource of ['', '   ', "https://a; script-src 'unsafe-inline'", 'https://a, https://b', 'https://a"', 'https://a\nscript-src *', 'https://a\r', '<https://a>']) {
      assert.throws(() => renderPanelHtml({ ...OPTS, cspSource }), /cspSource/, JSON.stringify(cspSource));
    }
    for (const cspSource of ['https://*.vscode-cdn.net', 'vscode-webview://abc https://x']) {
      assert.ok(renderPanelHtml({ ...OPTS, cspSource }).includes(`style-src ${cspSource};`), cspSource);
    }
  });
});
