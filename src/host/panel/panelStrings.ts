// The panel's texts in VS Code's display language: each English text looked up in the loaded
// l10n bundle (the English text is the key). Handed to the webview in its HTML.

import * as vscode from 'vscode';
import { PANEL_STRINGS, type PanelStrings } from '../../shared/panelStrings';

export function localPanelStrings(): PanelStrings {
  // The raw bundle entry, not l10n.t: the `{0}` placeholders are filled in by the webview.
  const bundle = vscode.l10n.bundle ?? {};
  const out = {} as PanelStrings;
  for (const [key, english] of Object.entries(PANEL_STRINGS) as [keyof PanelStrings, string][]) {
    const local = bundle[english];
    out[key] = typeof local === 'string' && local ? local : english;
  }
  return out;
}
