// How pure host modules (no `vscode` import) get their user-visible texts translated: the extension
// passes `vscode.l10n.t`; tests and other callers get the English text with `{0}`… filled in.
// Texts given to a Translate are l10n keys like l10n.t's: the completeness test collects the literal first arguments of tr.

import { fill } from '../../../shared/panelStrings';

export type Translate = (message: string, ...args: Array<string | number>) => string;

export const english: Translate = (message, ...args) => fill(message, args);
