// The comparison panels' webview (see extension.ts). Both follow the bottom of the transcript the
// cheapest way (scrollTop = scrollHeight once per update) and send on Enter, like ours.
import { marked } from 'marked';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void };
const api = acquireVsCodeApi();
const mode = document.body.dataset.mode === 'naive' ? 'naive' : 'reference';
const log = document.getElementById('log')!;
const answer = document.getElementById('answer')!;
const input = document.getElementById('input') as HTMLTextAreaElement;

/** A new block element starts after a newline once the current block holds this many characters. */
const BLOCK_CHARS = 4096;
let text = '';
let block: HTMLElement | undefined;
let node: Text | undefined;

function newBlock(): void {
  block = document.createElement('div');
  block.className = 'plain-block';
  node = document.createTextNode('');
  block.append(node);
  answer.append(block);
}

function appendReference(delta: string): void {
  if (!node) newBlock();
  const nl = delta.lastIndexOf('\n');
  if (nl >= 0 && nl + 1 < delta.length && node!.length + nl >= BLOCK_CHARS) {
    node!.appendData(delta.slice(0, nl + 1));
    newBlock();
    node!.appendData(delta.slice(nl + 1));
  } else {
    node!.appendData(delta);
    // A full block ending in a newline: the next text starts a new one.
    if (delta.endsWith('\n') && node!.length >= BLOCK_CHARS) node = undefined;
  }
}

function follow(): void {
  log.scrollTop = log.scrollHeight;
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as { type?: string; content?: string };
  if (m?.type === 'turnStart') {
    text = '';
    block = undefined;
    node = undefined;
    answer.replaceChildren();
  } else if (m?.type === 'delta' && m.content) {
    if (mode === 'reference') appendReference(m.content);
    else {
      text += m.content;
      answer.innerHTML = marked.parse(text) as string;
    }
    follow();
  }
});

input.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
    ev.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    input.value = '';
    api.postMessage({ type: 'ask', text: q });
  }
});
