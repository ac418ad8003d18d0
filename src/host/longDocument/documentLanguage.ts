// The vscode side of StreamLanguage: reads and sets the language mode of the open document at `uri`
// (looked up each time: setTextDocumentLanguage hands back a new document object).

import * as vscode from 'vscode';
import type { LanguageAccess } from './common/streamLanguage';

export function documentLanguage(uri: vscode.Uri): LanguageAccess {
  const current = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
  return {
    current: () => current()?.languageId,
    set: async (id) => {
      const d = current();
      if (d && d.languageId !== id) await vscode.languages.setTextDocumentLanguage(d, id);
    },
  };
}
