// The panel's texts: the record the host put into the page (translated to VS Code's display
// language), looked up by key. Keys the host did not send fall back to the shared English.

import { fill, PANEL_STRINGS, type PanelStringKey, type PanelStrings } from '../shared/panelStrings.js';

let strings: Partial<PanelStrings> = {};

/** Reads the record from `#app[data-strings]` (set by renderPanelHtml). */
export function loadStrings(root: HTMLElement | null): void {
  const raw = root?.dataset.strings;
  if (!raw) return;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object') setStrings(parsed as Partial<PanelStrings>);
  } catch {
    // a broken record leaves the English texts
  }
}

export function setStrings(next: Partial<PanelStrings>): void {
  const clean: Partial<PanelStrings> = {};
  for (const key of Object.keys(PANEL_STRINGS) as PanelStringKey[]) {
    const v = next[key];
    if (typeof v === 'string' && v) clean[key] = v;
  }
  strings = clean;
}

export function t(key: PanelStringKey, ...args: (string | number)[]): string {
  return fill(strings[key] ?? PANEL_STRINGS[key], args);
}
