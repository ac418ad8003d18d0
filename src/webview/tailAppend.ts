// While an answer streams, its open tail usually grows only at its very end: more words in the last
// paragraph, list item or code block. Parsing and sanitizing the whole tail again for that (DOMPurify
// builds a Document per call), then swapping its nodes, is most of a streaming frame's script, style
// work and garbage, and it drops any selection the user made in the tail. `findTextAppend` recognizes
// that case from the previous and the new tail HTML and says which element on screen gets the new
// text. The caller appends it as text (a Text node's data never becomes markup), so the sanitizer is
// not needed for it; the end of the answer renders and sanitizes the whole tail again anyway.

/** Plain text to add at the end of `parent` (an element of the tail on screen). */
export interface TextAppend {
  parent: Element;
  text: string;
}

/** The only entities the markdown renderer writes into text (escapeHtml and marked's escape). */
const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };

/** One closing tag and the whitespace after it. */
const CLOSING_TAG = /<\/([a-z][a-z0-9]*)>([ \t\n]*)/y;

/**
 * `prev` was rendered into `nodes` (the tail's top-level nodes on screen). If `next` is `prev` with
 * plain text inserted just before its final run of closing tags, returns where that text goes on
 * screen; otherwise (new blocks, inline markup, anything else) undefined: render the tail again.
 */
export function findTextAppend(prev: string, next: string, nodes: readonly Node[]): TextAppend | undefined {
  if (!prev || next.length <= prev.length) return undefined;
  let p = 0;
  while (p < prev.length && prev.charCodeAt(p) === next.charCodeAt(p)) p++;
  const rest = prev.slice(p);
  if (!rest || !next.endsWith(rest)) return undefined;
  const closes = closingTags(rest);
  const text = closes && decodeText(next.slice(p, next.length - rest.length));
  if (!closes || text === undefined) return undefined;
  // The closing tags name the chain of last elements, outermost last; whitespace between them is a
  // text node of exactly that whitespace after the element it follows.
  let siblings: ArrayLike<Node> = nodes;
  let parent: Element | undefined;
  for (let i = closes.length - 1; i >= 0; i--) {
    const { tag, after } = closes[i];
    let j = siblings.length - 1;
    if (after) {
      const ws = siblings[j];
      if (ws?.nodeType !== Node.TEXT_NODE || (ws as Text).data !== after) return undefined;
      j--;
    }
    const el = siblings[j];
    if (el?.nodeType !== Node.ELEMENT_NODE || (el as Element).localName !== tag) return undefined;
    parent = el as Element;
    siblings = parent.childNodes;
  }
  // The parser drops a newline right after <pre>: text for an empty pre is not plain text.
  if (!parent || (parent.localName === 'pre' && !parent.hasChildNodes())) return undefined;
  return { parent, text };
}

/** Appends the text where findTextAppend said: to the last text node there, or as a new one. */
export function applyTextAppend({ parent, text }: TextAppend): void {
  const last = parent.lastChild;
  if (last?.nodeType === Node.TEXT_NODE) (last as Text).appendData(text);
  else parent.append(text);
}

function closingTags(rest: string): { tag: string; after: string }[] | undefined {
  const out: { tag: string; after: string }[] = [];
  CLOSING_TAG.lastIndex = 0;
  while (CLOSING_TAG.lastIndex < rest.length) {
    const m = CLOSING_TAG.exec(rest);
    if (!m) return undefined;
    out.push({ tag: m[1], after: m[2] });
  }
  return out;
}

/** The characters an HTML parser would make of `html` if it is plain text; undefined if it is not. */
function decodeText(html: string): string | undefined {
  if (/[<\0\r]/.test(html)) return undefined;
  if (html.indexOf('&') === -1) return html;
  let unknown = false;
  const text = html.replace(/&[^;&]*;?/g, (entity) => {
    const c = ENTITIES[entity];
    if (c === undefined) unknown = true;
    return c ?? '';
  });
  return unknown ? undefined : text;
}
