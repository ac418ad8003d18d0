// A tiny element builder: text goes in as text nodes, never as HTML.

type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
  hidden?: boolean;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.attrs) for (const [name, value] of Object.entries(props.attrs)) el.setAttribute(name, value);
  if (props.hidden) el.hidden = true;
  if (props.text !== undefined) el.textContent = props.text;
  for (const child of children) if (child) el.append(child);
  return el;
}

export function button(label: string, className: string, onClick: (ev: MouseEvent) => void, ariaLabel?: string): HTMLButtonElement {
  const el = h('button', { class: className, text: label, attrs: { type: 'button', ...(ariaLabel ? { 'aria-label': ariaLabel } : {}) } });
  el.addEventListener('click', onClick);
  return el;
}

/** Replaces the text of an element only when it changed (avoids needless mutations). */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
