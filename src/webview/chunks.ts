// The top-level nodes of a rendered markdown element live in chunks of CHUNK_ELEMENTS elements, each
// `content-visibility: auto` (webview.css): the browser skips style, layout, paint and hit testing of
// the chunks off screen. A long answer then costs each streamed frame what its visible part costs,
// not what the whole answer does (bare Chromium, a 200 KB answer, a word appended to its last
// paragraph: 7.0–8.5 ms of rendering per frame flat, 1.3–1.4 ms in chunks of 32; chunks without
// content-visibility, or content-visibility on every block, gained nothing).
// The rule is a function of the sequence of top-level elements only, so a streamed answer (nodes
// appended and its open tail removed at the end) is chunked exactly as a one-shot render of the text.

export const CHUNK_ELEMENTS = 32;
export const CHUNK_CLASS = 'md-chunk';

/** Appends top-level nodes after `el`'s last one, starting a new chunk after every CHUNK_ELEMENTS elements. */
export function appendBlocks(el: Element, nodes: Iterable<Node>): void {
  let chunk = el.lastElementChild;
  for (const node of [...nodes]) {
    if (!chunk || (node.nodeType === Node.ELEMENT_NODE && chunk.childElementCount >= CHUNK_ELEMENTS)) {
      chunk = el.appendChild(document.createElement('div'));
      chunk.className = CHUNK_CLASS;
    }
    chunk.appendChild(node);
  }
}

/** Removes top-level nodes (a suffix, such as the open tail), and the chunks they leave empty. */
export function removeBlocks(nodes: Iterable<Node>): void {
  for (const node of nodes) {
    const chunk = node.parentNode;
    if (!chunk) continue;
    chunk.removeChild(node);
    if (!chunk.firstChild && chunk instanceof Element && chunk.classList.contains(CHUNK_CLASS)) chunk.remove();
  }
}

/** The fragment's nodes in chunks (for a one-shot render). */
export function chunked(fragment: DocumentFragment): DocumentFragment {
  const holder = document.createElement('div');
  appendBlocks(holder, fragment.childNodes);
  const out = document.createDocumentFragment();
  out.append(...holder.childNodes);
  return out;
}
