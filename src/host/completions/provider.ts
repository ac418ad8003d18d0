// The inline completion provider: turns VS Code's request (document, position, token) into the
// engine's cursor text, its cancellation into an AbortSignal, and the engine's answer into ghost text.

import * as vscode from 'vscode';
import type { OpenFile } from './common/contextSnippets';
import { maxCharsFor } from './common/budget';
import type { CompletionEngine, Outcome } from './common/engine';
import { exclusionOf, type Exclusion } from './common/exclusion';
import type { CompletionSettings } from './common/completionSettings';
import { WINDOW_TOKENS, type CursorText } from './common/request';

/** Lines of the file's start scanned for its imports. */
const HEAD_LINES = 150;
const SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs']);

export interface ProviderHost {
  engine: CompletionEngine;
  /** The settings, or undefined while completions are off or snoozed. */
  active(): CompletionSettings | undefined;
  /** Runs one request with the status bar's spinner and outcome handling (cost, problems). */
  run(cursor: CursorText, signal: AbortSignal, settings: CompletionSettings): Promise<Outcome | undefined>;
  openFiles(doc: vscode.TextDocument, settings: CompletionSettings): OpenFile[];
}

/** Why a document is never sent (undefined: it may be). */
export function documentExclusion(doc: vscode.TextDocument, settings: CompletionSettings): Exclusion {
  if (!SCHEMES.has(doc.uri.scheme)) return 'pattern';
  return exclusionOf(
    {
      path: doc.isUntitled ? '' : vscode.workspace.asRelativePath(doc.uri, false),
      untitled: doc.isUntitled,
      languageId: doc.languageId,
      length: doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end),
      text: () => doc.getText(),
    },
    settings,
  );
}

export class CompletionProvider implements vscode.InlineCompletionItemProvider {
  constructor(private readonly host: ProviderHost) {}

  async provideInlineCompletionItems(
    doc: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    const settings = this.host.active();
    if (!settings || token.isCancellationRequested || documentExclusion(doc, settings) !== undefined) return undefined;
    const selected = context.selectedCompletionInfo;
    const cursor = this.cursorText(doc, position, selected, settings);
    const ctl = new AbortController();
    const cancel = token.onCancellationRequested(() => ctl.abort());
    try {
      const explicit = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
      const outcome = await this.host.run(cursor, ctl.signal, explicit ? { ...settings, debounceMs: 0 } : settings);
      if (!outcome || (outcome.kind !== 'cached' && outcome.kind !== 'completed') || outcome.text === '' || token.isCancellationRequested) return undefined;
      const start = selected ? selected.range.start : position;
      const insert = (selected ? selected.text : '') + outcome.text;
      return [new vscode.InlineCompletionItem(insert, new vscode.Range(start, position))];
    } finally {
      cancel.dispose();
    }
  }

  private cursorText(doc: vscode.TextDocument, position: vscode.Position, selected: vscode.SelectedCompletionInfo | undefined, settings: CompletionSettings): CursorText {
    const offset = doc.offsetAt(position);
    const max = maxCharsFor(WINDOW_TOKENS);
    const from = doc.positionAt(Math.max(0, offset - max));
    let before = doc.getText(new vscode.Range(from, position));
    // With the suggest widget open, complete as if its selected item were inserted.
    if (selected) before = before.slice(0, before.length - (offset - doc.offsetAt(selected.range.start))) + selected.text;
    const after = doc.getText(new vscode.Range(position, doc.positionAt(offset + max)));
    return {
      doc: doc.uri.toString(),
      path: doc.isUntitled ? doc.uri.path : vscode.workspace.asRelativePath(doc.uri, false),
      languageId: doc.languageId,
      before,
      after,
      head: () => (from.line === 0 ? '' : doc.getText(new vscode.Range(0, 0, Math.min(from.line, HEAD_LINES), 0))),
      openFiles: () => this.host.openFiles(doc, settings),
    };
  }
}
