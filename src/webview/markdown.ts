// Markdown → HTML string with a safe renderer: raw HTML is shown as text, links only for
// http/https/mailto, images become text placeholders (never fetched), code blocks get a toolbar.
// The output is NOT trusted by itself: everything still goes through sanitize.ts.

import { Lexer, Marked, type Links, type RendererObject, type Token, type Tokens } from 'marked';
import { escapeHtml } from './escape.js';
import { highlightCode } from './highlight.js';
import { safeLinkUrl } from './urls.js';
import { t } from './i18n.js';

/** The language tag of a fence, reduced to characters a class name can hold. */
export function fenceLanguage(info: string | undefined): string {
  const match = /^[A-Za-z0-9_#+.-]+/.exec((info ?? '').trim());
  return match ? match[0].toLowerCase() : '';
}

function codeBlockHtml(code: string, lang: string, highlight: boolean): string {
  const highlighted = highlight ? highlightCode(code, lang) : undefined;
  const body = highlighted ?? escapeHtml(code);
  const classes = [highlighted !== undefined ? 'hljs' : '', lang ? `language-${lang}` : ''].filter(Boolean).join(' ');
  const label = lang ? `<span class="code-lang">${escapeHtml(lang)}</span>` : '<span class="code-lang"></span>';
  return (
    '<div class="code-block">' +
    `<div class="code-toolbar">${label}` +
    `<button type="button" class="code-copy" aria-label="${escapeHtml(t('code.copyLabel'))}">${escapeHtml(t('code.copy'))}</button>` +
    `<button type="button" class="code-insert" aria-label="${escapeHtml(t('code.insertLabel'))}">${escapeHtml(t('code.insert'))}</button>` +
    // Shown only in turns whose question had a selection or one file (`.turn.can-apply`).
    `<button type="button" class="code-apply" aria-label="${escapeHtml(t('code.applyLabel'))}">${escapeHtml(t('code.apply'))}</button>` +
    '</div>' +
    `<pre><code${classes ? ` class="${classes}"` : ''}>${body}</code></pre>` +
    '</div>\n'
  );
}

function rendererFor(highlight: boolean): RendererObject<string, string> {
  return {
    // Raw HTML from the model (or a hostile prompt) is shown as text, never parsed.
    html({ text, block }: Tokens.HTML | Tokens.Tag): string {
      if (!block && /^<br\s*\/?>$/i.test(text)) return '<br>';
      if (block) return `<p class="raw-html">${escapeHtml(text.replace(/\n+$/, ''))}</p>\n`;
      return escapeHtml(text);
    },
    link(this: { parser: { parseInline(tokens: Token[]): string } }, { href, title, tokens }: Tokens.Link): string {
      const inner = this.parser.parseInline(tokens);
      const url = safeLinkUrl(href);
      if (!url) return inner;
      const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(url)}"${titleAttr}>${inner}</a>`;
    },
    // No remote images: show the alt text; an http(s) source becomes an ordinary link the host opens.
    image({ href, text }: Tokens.Image): string {
      const label = escapeHtml(t('image.label', text || t('image.untitled')));
      const url = safeLinkUrl(href);
      if (url && !url.toLowerCase().startsWith('mailto:')) {
        return `<a class="md-image" href="${escapeHtml(url)}" title="${escapeHtml(url)}">${label}</a>`;
      }
      return `<span class="md-image">${label}</span>`;
    },
    code({ text, lang }: Tokens.Code): string {
      return codeBlockHtml(text, fenceLanguage(lang), highlight);
    },
    checkbox({ checked }: Tokens.Checkbox): string {
      return `<span class="task-box">${checked ? '☑' : '☐'}</span> `;
    },
  };
}

function createMarked(highlight: boolean): Marked {
  return new Marked({ gfm: true, breaks: false, async: false, renderer: rendererFor(highlight) });
}

const highlighted = createMarked(true);
const plain = createMarked(false);

/** Turns block tokens into (unsanitized) HTML; highlighting only when asked (sealed blocks, final render). */
export function renderTokens(tokens: Token[], highlight: boolean): string {
  return (highlight ? highlighted : plain).parser(tokens);
}

/** Block-lexes `src`, resolving reference links against `links` (definitions already seen) as well. */
export function lexBlocks(src: string, links?: Links): Token[] & { links: Links } {
  const lexer = new Lexer(highlighted.defaults);
  if (links) Object.assign(lexer.tokens.links, links);
  return lexer.lex(src);
}

/** Reference-link definitions inside these tokens (at any depth), first one wins as in marked. */
export function collectDefinitions(tokens: Token[], into: Links): void {
  // The callback is synchronous: walkTokens returns no promise to wait for here.
  void highlighted.walkTokens(tokens, (token) => {
    if (token.type === 'def') {
      const def = token as Tokens.Def;
      if (!(def.tag in into)) into[def.tag] = { href: def.href, title: def.title };
    }
  });
}

/** CR and CRLF become LF, as marked's lexer does, so offsets into the text match token `.raw`s. */
export function normalizeNewlines(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
}

/** One-shot render of a whole markdown text (unsanitized HTML). */
export function renderMarkdown(text: string): string {
  return renderTokens(lexBlocks(normalizeNewlines(text)), true);
}
