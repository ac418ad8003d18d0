// The chat panel's HTML with a strict Content-Security-Policy. A pure function (no `vscode` import):
// the host passes `webview.cspSource` and `asWebviewUri` URIs; the browser tests call it the same way.

import { randomBytes } from 'crypto';

export interface PanelHtmlOptions {
  /** `webview.cspSource`: the origin(s) the webview's own resources come from. */
  cspSource: string;
  /** From `makeNonce()`: the only script allowed to run carries it. */
  nonce: string;
  /** URI of `dist/webview.js`. */
  scriptUri: string;
  /** URI of `media/webview.css`. */
  styleUri: string;
  /** URI of the codicons stylesheet, if the host ships one. */
  codiconsUri?: string;
  /** The panel's texts in the display language (PANEL_STRINGS keys), put into the page as JSON. */
  strings?: Record<string, string>;
  /** `<html lang>`: VS Code's display language, e.g. `zh-cn`. */
  lang?: string;
  /** Not supported: state reaches the webview through `vscode.getState()` and the `sync` message. */
  initialState?: never;
}

/** A CSP nonce from a cryptographic source: 144 random bits, base64. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

const NONCE_RE = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The policy: nothing by default; only the nonce'd script; styles, images and fonts from the webview's own resources. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ') + ';';
}

export function renderPanelHtml(opts: PanelHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUri, codiconsUri } = opts;
  const lang = opts.lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(opts.lang) ? opts.lang : 'en';
  // An attribute, not a script: data never runs, and escapeAttr keeps it inside the quotes.
  const strings = opts.strings ? ` data-strings="${escapeAttr(JSON.stringify(opts.strings))}"` : '';
  if (!NONCE_RE.test(nonce)) throw new Error('renderPanelHtml: the nonce must be base64 text of at least 16 characters');
  // A `;` or quote in the source would let it add directives to the policy.
  if (!cspSource.trim() || /[;,"<>\r\n]/.test(cspSource)) throw new Error('renderPanelHtml: unexpected characters in cspSource');
  const csp = panelCsp(cspSource, nonce);
  const codicons = codiconsUri ? `\n  <link rel="stylesheet" href="${escapeAttr(codiconsUri)}">` : '';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeAttr(styleUri)}">${codicons}
  <title>DeepSeek</title>
</head>
<body>
  <div id="app" class="app"${strings}></div>
  <noscript>The DeepSeek panel needs JavaScript.</noscript>
  <script nonce="${escapeAttr(nonce)}" src="${escapeAttr(scriptUri)}"></script>
</body>
</html>
`;
}
