// When the open tail changes by more than text at its end (a new table cell or row, a new list item,
// inline markup closing in the last item), rendering and sanitizing the whole tail again makes each
// such frame cost as much as the tail is long: a table re-sanitized per cell, a list per item. This
// module finds the smallest element on screen whose content changed, and from which of its children:
// only those children are rendered again (sanitized inside their own element's context, see
// `wrapHtml`) and swapped in. The rest of the tail keeps its nodes (and a reader's selection in them).

/** Children of `parent` (the tail's top level when undefined) from index `from` on are replaced by `html`. */
export interface TailPatch {
  parent: Element | undefined;
  from: number;
  html: string;
  /** Tag names from the tail's top level down to `parent`: `html` parses as it would inside them. */
  context: string[];
}

/** One tag of the renderer's HTML, or a run of text between tags. */
const TOKEN = /<(\/?)([a-z][a-z0-9]*)(?:\s[^<>]*)?>|[^<]+/y;
const VOID = new Set(['br', 'hr']);
/**
 * The parser drops a newline right after <pre>; content put into a <pre> context would not parse as
 * it did in place. Its only child is a <code> anyway.
 */
const NOT_A_CONTEXT = new Set(['pre']);

interface Open {
  tag: string;
  /** Start offsets (in prev) of its children so far, and whether each is text. */
  starts: number[];
  text: boolean[];
  /** Where its closing tag starts in prev (set when it closes). */
  close: number;
}

/**
 * `prev` was rendered into `nodes` (the tail's top-level nodes on screen); `next` is the new tail
 * HTML. Returns the smallest replacement that turns the screen into `next`, or undefined when the
 * screen does not match `prev` as expected (then render the whole tail again).
 */
export function findTailPatch(prev: string, next: string, nodes: readonly Node[]): TailPatch | undefined {
  if (!prev || prev === next) return undefined;
  const max = Math.min(prev.length, next.length);
  let p = 0;
  while (p < max && prev.charCodeAt(p) === next.charCodeAt(p)) p++;

  // Walk prev's tags; remember the chain of open elements at the first difference.
  const root: Open = { tag: '', starts: [], text: [], close: prev.length };
  const stack: Open[] = [root];
  let chain: { open: Open; index: number }[] | undefined;
  let at = 0;
  TOKEN.lastIndex = 0;
  while (at < prev.length) {
    const m = TOKEN.exec(prev);
    if (!m || m.index !== at) return undefined; // not the renderer's HTML as this walker knows it
    const end = TOKEN.lastIndex;
    const top = stack[stack.length - 1]!;
    const closing = m[1] === '/';
    const tag = m[2];
    if (!chain && end > p) {
      // This token holds the first difference: it is the first child to replace (a closing tag: none, append).
      chain = stack.map((open, i) => ({ open, index: i + 1 < stack.length ? open.starts.length - 1 : open.starts.length }));
      p = at;
    }
    if (tag === undefined) {
      top.starts.push(at);
      top.text.push(true);
    } else if (closing) {
      if (top.tag !== tag || stack.length === 1) return undefined;
      top.close = at;
      stack.pop();
    } else {
      top.starts.push(at);
      top.text.push(false);
      if (!VOID.has(tag)) stack.push({ tag, starts: [], text: [], close: -1 });
    }
    at = end;
  }
  if (stack.length !== 1) return undefined;
  chain ??= [{ open: root, index: root.starts.length }];

  // Everything after the difference that both texts share.
  let s = 0;
  const maxSuffix = max - p;
  while (s < maxSuffix && prev.charCodeAt(prev.length - 1 - s) === next.charCodeAt(next.length - 1 - s)) s++;
  const shift = next.length - prev.length;

  // The innermost element whose closing tag (and all after it) is unchanged, and whose new content is
  // whole elements (the shared suffix may start in a later sibling's closing tag), holds the change.
  let depth = chain.length;
  let from = 0;
  let html: string | undefined;
  while (html === undefined && --depth >= 0) {
    const { open, index } = chain[depth]!;
    if (depth > 0 && (open.close < prev.length - s || NOT_A_CONTEXT.has(open.tag))) continue;
    from = index;
    // A text node just before would merge with text at the start of the new children: take it along.
    if (from > 0 && open.text[from - 1]) from--;
    const start = from < open.starts.length ? open.starts[from]! : open.close;
    const end = open.close + shift;
    if (end >= start && balanced(next, start, end)) html = next.slice(start, end);
  }
  if (html === undefined) return undefined;
  const { open } = chain[depth]!;

  // The screen must hold what prev describes along the chain, or the indexes mean nothing.
  let siblings: ArrayLike<Node> = nodes;
  let parent: Element | undefined;
  for (let i = 1; i <= depth; i++) {
    const el = siblings[chain[i - 1]!.index];
    if (el?.nodeType !== Node.ELEMENT_NODE || (el as Element).localName !== chain[i]!.open.tag) return undefined;
    parent = el as Element;
    siblings = parent.childNodes;
  }
  if (siblings.length !== open.starts.length) return undefined;
  return { parent, from, html, context: chain.slice(1, depth + 1).map((c) => c.open.tag) };
}

/** Is html[start, end) whole elements and text: every tag closed inside it, none closed that it did not open? */
function balanced(html: string, start: number, end: number): boolean {
  const open: string[] = [];
  TOKEN.lastIndex = start;
  while (TOKEN.lastIndex < end) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(html);
    if (!m || m.index !== at || TOKEN.lastIndex > end) return false;
    const tag = m[2];
    if (tag === undefined || VOID.has(tag)) continue;
    if (m[1] !== '/') open.push(tag);
    else if (open.pop() !== tag) return false;
  }
  return open.length === 0;
}

/** `html` inside its context's tags, so that it parses as in place (a <td> only parses inside a row). */
export function wrapHtml(html: string, context: readonly string[]): string {
  let open = '';
  let close = '';
  for (const tag of context) {
    open += `<${tag}>`;
    close = `</${tag}>` + close;
  }
  return open + html + close;
}

/** The nodes `html` became, unwrapped from the context's elements; undefined if they are not there. */
export function unwrapNodes(fragment: DocumentFragment, context: readonly string[]): Node[] | undefined {
  let parent: ParentNode = fragment;
  for (const tag of context) {
    const el: Element | undefined = Array.from(parent.children).find((c) => c.localName === tag);
    if (!el) return undefined;
    parent = el;
  }
  return Array.from(parent.childNodes);
}
