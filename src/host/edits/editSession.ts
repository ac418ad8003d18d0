// Edit Selection: streams the model's replacement for a range live into a diff editor (the file on the
// left, the file with the proposal on the right), then applies it as one undoable WorkspaceEdit on
// Accept, or drops it on Discard / Stop / closing the diff. The user's file is never touched before
// Accept, and Accept refuses (saying why) when the target code changed meanwhile.

import * as path from 'path';
import * as vscode from 'vscode';
import { showError, showInfo } from '../core/notify';
import { DeepSeekError, streamChat } from '../../deepseek';
import type { ChatMessage, ChatRequest, ClientConfig, FinishReason } from '../../deepseek/types';
import { BuiltinCommands, ContextKeys } from '../core/common/commandIds';
import { chatRequestFor } from '../core/common/clientConfig';
import type { Readiness } from '../core/common/preflight';
import { toTurnError } from '../core/common/turnError';
import type { HostServices } from '../core/services';
import { acceptTarget } from './common/acceptTarget';
import { buildEditMessages, extractCode, fitToSelection, type IndentTarget } from './common/editText';
import { RangeTracker } from './common/rangeTracker';
import { EDIT_SCHEME, ProposalDocs } from './proposalDocs';

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

/** What the edits take of the host services. */
export type EditServices = Pick<HostServices, 'readyToAsk' | 'offerToSetKey' | 'setContext'>;

/** Where a proposal comes from: code given (no request), or the model (settings and key ready). */
type ProposalSource = { code: string; ready?: undefined } | { ready: Extract<Readiness, { ok: true }>; code?: undefined };

const CONTEXT_LINES = 20;
let sessionCounter = 0;

interface Session {
  id: number;
  document: vscode.TextDocument;
  /** The range replaced, as it was when the edit started (the tracker follows it afterwards). */
  range: vscode.Range;
  /** The file's name in the diff's title and the proposal's URI. */
  baseName: string;
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
  /** Resolves `done`. */
  ended(): void;
  subscriptions: vscode.Disposable[];
}

export class EditSessions implements vscode.Disposable {
  private readonly docs = new ProposalDocs();
  private session: Session | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: EditServices) {
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
    const source = await this.proposalSource(target);
    if (!source) return;
    const session = this.open(target);
    if (source.ready) {
      const request = chatRequestFor(source.ready.settings, editMessages(session, target.instruction));
      await showDiff(session);
      void this.stream(session, source.ready.config, request);
    } else {
      await showDiff(session);
      this.showGiven(session, source.code);
    }
  }

  /**
   * The preflight: settings must be valid (else their problem is shown). Code given needs no key (no
   * request is made); asking the model does (else "Set API Key" is offered).
   */
  private async proposalSource(target: EditTarget): Promise<ProposalSource | undefined> {
    const readiness = await this.services.readyToAsk();
    if (!readiness.ok && readiness.problem === 'settings') {
      void showError(readiness.message);
      return undefined;
    }
    if (target.proposal !== undefined) return { code: target.proposal };
    if (!readiness.ok) {
      this.services.offerToSetKey();
      return undefined;
    }
    return { ready: readiness };
  }

  /** The new current session: its range followed through the file's changes, and its proposal document. */
  private open(target: EditTarget): Session {
    const { document } = target;
    const { range, indent } = editRange(document, target.range);
    const id = ++sessionCounter;
    const baseName = document.isUntitled ? `${document.fileName}` : path.basename(document.uri.path);
    let ended: () => void = () => undefined;
    const session: Session = {
      id,
      document,
      range,
      baseName,
      original: document.getText(range),
      tracker: new RangeTracker(document.offsetAt(range.start), document.offsetAt(range.end)),
      indent,
      proposalUri: vscode.Uri.from({ scheme: EDIT_SCHEME, path: `/${id}/${baseName}` }),
      answer: '',
      proposal: '',
      status: 'streaming',
      abort: new AbortController(),
      done: new Promise<void>((resolve) => (ended = resolve)),
      ended: () => ended(),
      subscriptions: [],
    };
    this.session = session;
    session.subscriptions.push(this.trackChanges(session));
    this.docs.serve(session.proposalUri, () => proposalText(session));
    this.changed();
    return session;
  }

  /** Follows the target range through the file's changes (the diff's right side is rebuilt from it). */
  private trackChanges(session: Session): vscode.Disposable {
    return vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== session.document || e.contentChanges.length === 0) return;
      const before = session.tracker.current.ok;
      session.tracker.apply(e.contentChanges);
      this.docs.changed(session.proposalUri);
      if (before && !session.tracker.current.ok) this.changed();
    });
  }

  /** Apply on a code block: the proposal is the given code, ready at once. */
  private showGiven(session: Session, code: string): void {
    session.proposal = fitToSelection(extractCode(code, true), session.indent);
    session.status = 'ready';
    session.ended();
    this.docs.changed(session.proposalUri);
    this.docs.flush();
    this.changed();
  }

  /** Streams the model's answer into the proposal, then settles the session (ready or failed). */
  private async stream(session: Session, config: ClientConfig, request: ChatRequest): Promise<void> {
    try {
      const finishReason = await this.receive(session, config, request);
      if (this.session !== session) return;
      complete(session, finishReason);
    } catch (err) {
      if (this.session !== session) return;
      if (session.abort.signal.aborted || (err instanceof DeepSeekError && err.kind === 'aborted')) return;
      session.status = 'failed';
      session.problem = toTurnError(err).message;
    } finally {
      this.settle(session);
    }
  }

  /** The answer as it streams: the proposal follows it (code only); returns how the answer finished. */
  private async receive(session: Session, config: ClientConfig, request: ChatRequest): Promise<FinishReason | undefined> {
    let finishReason: FinishReason | undefined;
    for await (const event of streamChat(config, request, { signal: session.abort.signal })) {
      if (event.type === 'content') {
        session.answer += event.text;
        // With the selection's trailing line break kept while streaming, the lines after the
        // selection stay in place in the diff instead of joining the line being written.
        const code = extractCode(session.answer, false);
        const next = code === '' ? '' : fitToSelection(code, session.indent);
        if (next !== session.proposal) {
          session.proposal = next;
          this.docs.changed(session.proposalUri);
        }
      } else if (event.type === 'finish') finishReason = event.reason;
    }
    return finishReason;
  }

  /** The stream has ended: the diff shows the final proposal, and a failure is said. */
  private settle(session: Session): void {
    session.ended();
    if (this.session !== session) return;
    this.docs.changed(session.proposalUri);
    this.docs.flush();
    this.changed();
    if (session.status === 'failed') {
      void showError(vscode.l10n.t('DeepSeek could not finish the edit: {0} Your file was not changed.', session.problem ?? ''));
    }
  }

  /**
   * Applies the proposal as one undoable edit on the tracked range. Returns false (with a message) if
   * it cannot: still streaming, failed, or the target code changed meanwhile.
   */
  async accept(): Promise<boolean> {
    const s = this.session;
    if (!s) {
      void showInfo(vscode.l10n.t('There is no DeepSeek edit to accept.'));
      return false;
    }
    if (s.status === 'streaming') {
      void showInfo(vscode.l10n.t('The edit is still arriving: wait for it to finish, or Discard it.'));
      return false;
    }
    if (s.status === 'failed') {
      void showError(vscode.l10n.t('This edit cannot be applied: {0} Your file was not changed.', s.problem ?? ''));
      return false;
    }
    const document = s.document.isClosed ? await vscode.workspace.openTextDocument(s.document.uri) : s.document;
    const rangeOf = (start: number, end: number) => new vscode.Range(document.positionAt(start), document.positionAt(end));
    // Belt and braces: the range followed, and the text there still exactly what was selected.
    const target = acceptTarget(s.tracker.current, (start, end) => document.getText(rangeOf(start, end)), s.original);
    if (!target.ok) {
      const reason = target.problem === 'changed' ? target.reason : vscode.l10n.t('the selected code is no longer where it was');
      void showError(
        vscode.l10n.t('The edit was not applied: {0}. Your file was not changed; run Edit Selection again.', reason),
      );
      return false;
    }
    const range = rangeOf(target.start, target.end);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, s.proposal);
    const applied = await vscode.workspace.applyEdit(edit);
    if (!applied) {
      void showError(vscode.l10n.t('VS Code refused the edit (is the file read-only?). Your file was not changed.'));
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
    this.services.setContext(ContextKeys.editState, this.session?.status ?? '');
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

/** The right side of the diff: the document as it is now, with the tracked range replaced by the proposal. */
function proposalText(session: Session): string {
  const r = session.tracker.current;
  const text = session.document.getText();
  if (!r.ok) return text;
  return text.slice(0, r.start) + session.proposal + text.slice(r.end);
}

/** The request's messages: the instruction, the selected code and a few lines around it. */
function editMessages(session: Session, instruction: string): ChatMessage[] {
  const { document, range } = session;
  const fileName = document.isUntitled ? document.fileName : vscode.workspace.asRelativePath(document.uri, false);
  const firstContext = Math.max(0, range.start.line - CONTEXT_LINES);
  const lastContext = Math.min(document.lineCount - 1, range.end.line + CONTEXT_LINES);
  return buildEditMessages({
    instruction,
    selected: session.original,
    languageId: document.languageId,
    fileName,
    before: document.getText(new vscode.Range(firstContext, 0, range.start.line, 0)).replace(/\n$/, ''),
    after: document.getText(new vscode.Range(range.end, document.lineAt(lastContext).range.end)).replace(/^\r?\n/, ''),
  });
}

/** Opens the diff: the file on the left, the file with the proposal on the right. */
async function showDiff(session: Session): Promise<void> {
  await vscode.commands.executeCommand(
    BuiltinCommands.diff,
    session.document.uri,
    session.proposalUri,
    vscode.l10n.t('DeepSeek Edit: {0} ↔ proposal', session.baseName),
    { preview: false, viewColumn: vscode.ViewColumn.Active } satisfies vscode.TextDocumentShowOptions,
  );
}

/** The answer has ended: the final proposal (fences and chatter stripped), or why it is not usable. */
function complete(session: Session, finishReason: FinishReason | undefined): void {
  session.proposal = fitToSelection(extractCode(session.answer, true), session.indent);
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
