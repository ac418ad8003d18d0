// In-page helpers (serialized into the page with page.evaluate).

import type { Page } from 'playwright-core';
import type { HostMessage, TurnView } from '../../src/shared/protocol';
import { answerSelector, panelState, turnView } from './harness';

/** HTML of an element with syntax highlighting removed (hljs spans unwrapped), for prefix comparisons. */
export async function unhighlightedHtml(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) throw new Error(`no element ${sel}`);
    const clone = el.cloneNode(true) as Element;
    // Every span inside code comes from the highlighter (hljs-* and nested language-* spans).
    for (const span of Array.from(clone.querySelectorAll('pre code span'))) span.replaceWith(...Array.from(span.childNodes));
    for (const code of Array.from(clone.querySelectorAll('code.hljs'))) code.classList.remove('hljs');
    clone.normalize();
    return clone.innerHTML;
  }, selector);
}

let refCounter = 0;

/**
 * One-shot renders of whole texts, through the same pipeline: a `sync` with finished turns.
 * Returns each answer's innerHTML, raw and with highlighting removed.
 */
export async function oneShot(page: Page, texts: string[]): Promise<{ raw: string; plain: string }[]> {
  const turns: TurnView[] = texts.map((answer) => turnView({ id: `ref-${++refCounter}`, answer, status: 'done', question: 'q' }));
  const message: HostMessage = { type: 'sync', state: panelState(turns) };
  await page.evaluate((m) => window.dispatchEvent(new MessageEvent('message', { data: m })), message);
  const out: { raw: string; plain: string }[] = [];
  for (const t of turns) {
    const sel = answerSelector(t.id);
    out.push({ raw: await page.locator(sel).evaluate((el) => el.innerHTML), plain: await unhighlightedHtml(page, sel) });
  }
  return out;
}

/** The rendered answer of a turn (innerHTML). */
export function answerHtml(page: Page, turnId: string): Promise<string> {
  return page.locator(answerSelector(turnId)).evaluate((el) => el.innerHTML);
}

/**
 * The text of a turn's answer, trimmed. textContent, not innerText: innerText depends on layout, and
 * answer chunks off screen or not laid out yet (content-visibility: auto) are left out of it.
 */
export async function answerText(page: Page, turnId: string): Promise<string> {
  return ((await page.locator(answerSelector(turnId)).textContent()) ?? '').trim();
}
