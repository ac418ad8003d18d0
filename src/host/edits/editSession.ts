// Edit Selection: streams the model's replacement for a range live into a diff editor (the file on the
// left, the file with the proposal on the right), then applies it as one undoable WorkspaceEdit on
// Accept, or drops it on Discard / Stop / closing the diff. The user's file is never touched before
// Accept, and Accept refuses (saying why) when the target code changed meanwhile.

import * as path from 'path';
import * as vscode from 'vscode';
import { DeepSeekError, streamChat } from '../../deepseek';
import type { FinishReason, LogEntry } from '../../deepseek/types';
import { chatRequestFor, clientConfigFor } from '../core/common/clientConfig';
import { buildEditMessages, extractCode, fitToSelection, type IndentTarget } from './common/editText';
import { EDIT_SCHEME, ProposalDocs } from './proposalDocs';
import { RangeTracker } from './common/rangeTracker';
import type { SettingsResult } from '../core/common/settings';
import { toTurnError } from '../core/common/turnError';

export type EditStatus = 'streaming' | 'ready' | 'failed';

/** What the test API and the title-bar `when` clauses see. */
export interface EditSnapshot {
  status: EditStatus;
  /** The proposed replacement (fitted to the selection) as it stands. */
  proposal: string;
  /** The right side of the diff. */
  proposalUri: string;
  targetUri: string;
  /** Why Accept is refused, when it is. */
  problem?: string;
}

export interface EditTarget {
  document: vscode.TextDocument;
  range: vscode.Range;
  instruction: string;
  /** Apply on a code block of an answer: the proposal is this code, no request is made. */
  proposal?: string;
}

export interface EditDeps {
  settings(): SettingsResult;
  apiKey(): Promise<string | undefined>;
  log?(entry: LogEntry): void;
  /** Offer "Set API Key" (no key stored, not a local server). */
  onMissingKey(): void;
}

const CONTEXT_LINES = 20;
let sessionCounter = 0;

interface Session {
  id: number;
  document: vscode.TextDocument;
  original: string;
  tracker: RangeTracker;
  indent: IndentTarget;
  proposalUri: vscode.Uri;
  answer: string;
  proposal: string;
  status: EditStatus;
  problem?: string;
  abort: AbortController;
  /** Resolves when the stream has ended (any outcome). */
  done: Promise<void>;
  subscriptions: vscode.Disposable[];
}

export class EditSessions implements vscode.Disposable {
  private readonly docs = new ProposalDocs();
  private session: Session | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: EditDeps) {
    this.disposables.push(
      this.docs,
      // Closing the diff is a Discard.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        const s = this.session;
        if (!s) return;
        if (e.closed.some((tab) => isDiffOf(tab, s.proposalUri))) void this.discard({ closeTab: false });
      }),
    );
    this.setContext();
  }

  snapshot(): EditSnapshot | undefined {
    const s = this.session;
    if (!s) return undefined;
    return {
      status: s.status,
      proposal: s.proposal,
      proposalUri: s.proposalUri.toString(),
      targetUri: s.document.uri.toString(),
      problem: s.problem ?? (s.tracker.current.ok ? undefined : s.tracker.current.reason),
    };
  }

  onDidChange(listener: () => void): vscode.Disposable {
    this.listeners.add(listener);
    return new vscode.Disposable(() => this.listeners.delete(listener));
  }

  get isStreaming(): boolean {
    return this.session?.status === 'streaming';
  }

  /** Resolves when the current edit's stream has ended. */
  async whenStreamEnded(): Promise<void> {
    await this.session?.done;
  }

  /**
   * Starts an edit of `target.range` (a previous pending edit is discarded first). Resolves once the
   * diff is open and the stream has started; the stream goes on in the background.
   */
  async start(target: EditTarget): Promise<void> {
    await this.discard({ closeTab: true });
    const settingsResult = this.deps.settings();
    if (!settingsResult.ok) {
      void vscode.window.showErrorMessage(settingsResult.message);
      return;
    }
    const settings = settingsResult.settings;
    const key = (await this.deps.apiKey()) ?? '';
    if (target.proposal === undefined && !key && !settings.isLoopback) {
      this.deps.onMissingKey();
      return;
    }
    const { document } = target;
    const { range, indent } = editRange(document, target.range);
    const startOffset = document.offsetAt(range.start);
    const endOffset = document.offsetAt(range.end);
    const original = document.getText(range);
    const id = ++sessionCounter;
    const baseName = document.isUntitled ? `${document.fileName}` : path.basename(document.uri.path);
    const proposalUri = vscode.Uri.from({ scheme: EDIT_SCHEME, path: `/${id}/${baseName}` });
    let finish: () => void = () => undefined;
    const session: Session = {
      id,
      document,
      original,
      tracker: new RangeTracker(startOffset, endOffset),
      indent,
      proposalUri,
      answer: '',
      proposal: '',
      status: 'streaming',
      abort: new AbortController(),
      done: new Promise<void>((resolve) => (finish = resolve)),
      subscriptions: [],
    };
    this.session = session;
    session.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== document || e.contentChanges.length === 0) return;
        const before = session.tracker.current.ok;
        session.tracker.apply(e.contentChanges);
        this.docs.changed(proposalUri);
        if (before && !session.tracker.current.ok) this.changed();
      }),
    );
    // The right side: the document as it is now, with the tracked range replaced by the proposal.
    this.docs.serve(proposalUri, () => {
      const r = session.tracker.current;
      const text = document.getText();
      if (!r.ok) return text;
      return text.slice(0, r.start) + session.proposal + text.slice(r.end);
    });
    this.changed();

    const fileName = document.isUntitled ? document.fileName : vscode.workspace.asRelativePath(document.uri, false);
    const firstContext = Math.max(0, range.start.line - CONTEXT_LINES);
    const lastContext = Math.min(document.lineCount - 1, range.end.line + CONTEXT_LINES);
    const messages = buildEditMessages({
      instruction: target.instruction,
      selected: original,
      languageId: document.languageId,
      fileName,
      before: document.getText(new vscode.Range(firstContext, 0, range.start.line, 0)).replace(/\n$/, ''),
      after: document.getText(new vscode.Range(range.end, document.lineAt(lastContext).range.end)).replace(/^\r?\n/, ''),
    });

    await vscode.commands.executeCommand(
      'vscode.diff',
      document.uri,
      proposalUri,
      vscode.l10n.t('DeepSeek Edit: {0} ↔ proposal', baseName),
      { preview: false, viewColumn: vscode.ViewColumn.Active } satisfies vscode.TextDocumentShowOptions,
    );

    if (target.proposal !== undefined) {
      session.proposal = fitToSelection(extractCode(target.proposal, true), indent);
      session.status = 'ready';
      finish();
      this.docs.changed(proposalUri);
      this.docs.flush();
      this.changed();
      return;
    }

    void (async () => {
      let finishReason: FinishReason | undefined;
      try {
        const events = streamChat(
          clientConfigFor(settings, key, this.deps.log),
          chatRequestFor(settings, messages),
          { signal: session.abort.signal },
        );
        for await (const event of events) {
          if (event.type === 'content') {
            session.answer += event.text;
            // With the selection's trailing line break kept while streaming, the lines after the
            // selection stay in place in the diff instead of joining the line being written.
            const code = extractCode(session.answer, false);
            const next = code === '' ? '' : fitToSelection(code, indent);
            if (next !== session.proposal) {
              session.proposal = next;
              this.docs.changed(proposalUri);
            }
          } else if (event.type === 'finish') finishReason = event.reason;
        }
        if (this.session !== session) return;
        session.proposal = fitToSelection(extractCode(session.answer, true), indent);
        session.status = 'ready';
        if (finishReason !== 'stop') {
          session.status = 'failed';
          session.problem =
            finishReason === 'length'
              ? vscode.l10n.t('The answer was cut off (token limit), so the proposal is incomplete.')
              : vscode.l10n.t('The answer ended early ({0}), so the proposal may be incomplete.', finishReason ?? 'no finish reason');
        } else if (extractCode(session.answer, true).trim() === '') {
          session.status = 'failed';
          session.problem = vscode.l10n.t('The answer contained no code.');
        }
      } catch (err) {
        if (this.session !== session) return;
        if (session.abort.signal.aborted || (err instanceof DeepSeekError && err.kind === 'aborted')) return;
        session.status = 'failed';
        session.problem = toTurnError(err).message;
      } finally {
        finish();
        if (this.session === session) {
          this.docs.changed(proposalUri);
          this.docs.flush();
          this.changed();
          if (session.status === 'failed') {
            void vscode.window.showErrorMessage(
              vscode.l10n.t('DeepSeek could not finish the edit: {0} Your file was not changed.', session.problem ?? ''),
            );
          }
        }
      }
    })();
  }

  /**
   * Applies the proposal as one undoable edit on the tracked range. Returns false (with a message) if
   * it cannot: still streaming, failed, or the target code changed meanwhile.
   */
  async accept(): Promise<boolean> {
    const s = this.session;
    if (!s) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no DeepSeek edit to accept.'));
      return false;
    }
    if (s.status === 'streaming') {
      void vscode.window.showInformationMessage(vscode.l10n.t('The edit is still arriving: wait for it to finish, or Discard it.'));
      return false;
    }
    if (s.status === 'failed') {
      void vscode.window.showErrorMessage(vscode.l10n.t('This edit cannot be applied: {0} Your file was not changed.', s.problem ?? ''));
      return false;
    }
    const r = s.tracker.current;
    const document = s.document.isClosed ? await vscode.workspace.openTextDocument(s.document.uri) : s.document;
    const range = r.ok ? new vscode.Range(document.positionAt(r.start), document.positionAt(r.end)) : undefined;
    // Belt and braces: the text there must still be exactly what was selected.
    if (!r.ok || !range || document.getText(range) !== s.original) {
      const reason = r.ok ? vscode.l10n.t('the selected code is no longer where it was') : r.reason;
      void vscode.window.showErrorMessage(
        vscode.l10n.t('The edit was not applied: {0}. Your file was not changed; run Edit Selection again.', reason),
      );
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, s.proposal);
    const applied = await vscode.workspace.applyEdit(edit);
    if (!applied) {
      void vscode.window.showErrorMessage(vscode.l10n.t('VS Code refused the edit (is the file read-only?). Your file was not changed.'));
      return false;
    }
    await this.end(s, { closeTab: true });
    // Show the result in the file, the new code selected.
    const editor = await vscode.window.showTextDocument(document, { preserveFocus: false, preview: false });
    const end = document.positionAt(document.offsetAt(range.start) + s.proposal.length);
    editor.selection = new vscode.Selection(range.start, end);
    editor.revealRange(new vscode.Range(range.start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  }

  /** Drops the edit (stopping its stream): the file stays exactly as it was. */
  async discard(opts: { closeTab: boolean } = { closeTab: true }): Promise<void> {
    const s = this.session;
    if (!s) return;
    await this.end(s, opts);
  }

  private async end(s: Session, opts: { closeTab: boolean }): Promise<void> {
    if (this.session !== s) return;
    this.session = undefined;
    s.abort.abort();
    for (const d of s.subscriptions) d.dispose();
    this.changed();
    if (opts.closeTab) {
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => isDiffOf(t, s.proposalUri));
      if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
    }
    this.docs.forget(s.proposalUri);
    await s.done;
  }

  private changed(): void {
    this.setContext();
    for (const l of this.listeners) l();
  }

  private setContext(): void {
    void vscode.commands.executeCommand('setContext', 'deepseek.editState', this.session?.status ?? '');
  }

  dispose(): void {
    const s = this.session;
    this.session = undefined;
    if (s) {
      s.abort.abort();
      for (const d of s.subscriptions) d.dispose();
    }
    for (const d of this.disposables) d.dispose();
  }
}

function isDiffOf(tab: vscode.Tab, proposalUri: vscode.Uri): boolean {
  return tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === proposalUri.toString();
}

/**
 * The range an edit replaces, and how its code is indented. An empty selection edits the cursor's
 * line; a selection ending at column 0 of a later line (Shift+Down) keeps that line break as part of
 * the selection; a selection that starts inside the indentation is widened to column 0 so the whole
 * lines are rewritten with their indentation.
 */
export function editRange(document: vscode.TextDocument, selection: vscode.Range): { range: vscode.Range; indent: IndentTarget } {
  let range = selection.isEmpty ? document.lineAt(selection.start.line).range : selection;
  const firstLine = document.lineAt(range.start.line);
  const beforeStart = firstLine.text.slice(0, range.start.character);
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  let baseIndent = '';
  if (/^[ \t]*$/.test(beforeStart)) {
    range = new vscode.Range(range.start.with({ character: 0 }), range.end);
    baseIndent = firstLine.text.slice(0, firstLine.firstNonWhitespaceCharacterIndex);
  }
  const text = document.getText(range);
  return { range, indent: { baseIndent, eol, endsWithNewline: /\r?\n$/.test(text) } };
}
