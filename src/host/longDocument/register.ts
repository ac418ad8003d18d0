// DeepSeek: Write to New Document / Write to File…: asks what to write (and offers the selection or
// the active file as source), then streams the answer into a new untitled editor or a file, with a
// cancellable progress notification, automatic continuations past the output limit, and Resume
// after a cut. Same settings, key, client config and request log as the panel.

import * as path from 'path';
import * as vscode from 'vscode';
import type { ChatMessage, LogEntry } from '../../deepseek/types';
import type { ApiKeyStore } from '../core/apiKeyStore';
import { clientConfigFor } from '../core/common/clientConfig';
import type { SettingsResult } from '../core/common/settings';
import { runContinuationLoop, type LoopOutcome, type LoopProgress } from './common/continuationLoop';
import { EditorSink, type BatchInfo } from './editorSink';
import { FenceStripper, languageFromFence, languageFromRequest } from './common/fence';
import { FileSink } from './common/fileSink';
import { documentLanguage } from './documentLanguage';
import { StreamLanguage } from './common/streamLanguage';
import { buildDocumentRequest, type DocumentSource } from './common/request';

export interface LongDocumentDeps {
  context: vscode.ExtensionContext;
  settings(): SettingsResult;
  keys: ApiKeyStore;
  log(entry: LogEntry): void;
  offerToSetKey(): void;
  openSettings(): void;
}

/** What the commands resolve to (for tests and callers): how the writing ended and where. */
export interface WriteResult {
  outcome: LoopOutcome['kind'] | 'cancelled' | 'gone';
  uri?: string;
  chars: number;
  parts: number;
  message?: string;
}

/** Arguments the commands accept instead of asking (tests, other extensions). */
export interface WriteArgs {
  prompt?: string;
  /** Use the active editor's selection or whole file as source, or none (skips the question). */
  source?: 'selection' | 'file' | 'none';
  /** Write to File: the target path (skips the save dialog). */
  file?: string;
}

interface Target {
  uri: vscode.Uri;
  label: string;
  /** A returned promise asks the stream to wait (the editor is behind). */
  append(text: string): void | Promise<void>;
  textSoFar(): Promise<string>;
  flush(): Promise<void>;
  /** Write to File: close the handle (reopened on Resume). */
  finish(): Promise<void>;
  setLanguage?(languageId: string): void;
  /** The writing ended: the document gets its language (a large one streams in Plain Text). */
  endLanguage?(): void;
  /** Write to File after a write failed: the whole text received, to show in an editor instead. */
  rescue?(): Promise<string | undefined>;
}

interface Job {
  target: Target;
  messages: ChatMessage[];
  stripper: FenceStripper;
  abort?: AbortController;
  gone: boolean;
  languageFromFence: boolean;
  /** Write to File: how to reopen the file for a Resume. */
  reopen?: () => Promise<Target>;
}

export function formatProgress(p: LoopProgress): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const s = Math.floor(p.elapsedMs / 1000);
  const elapsed = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  const parts = [
    vscode.l10n.t('{0} chars', n(p.chars)),
    vscode.l10n.t('{0}{1} tokens', p.tokensEstimated ? '~' : '', n(p.tokens)),
    vscode.l10n.t('{0} tokens/s', p.tokensPerSecond.toFixed(1)),
    elapsed,
  ];
  if (p.continuation > 0) parts.push(vscode.l10n.t('continuing ({0} of {1})', p.continuation, p.maxContinuations));
  if (p.thinking) parts.push(vscode.l10n.t('thinking…'));
  if (p.retry) parts.push(vscode.l10n.t('{0} Retrying (attempt {1})…', p.retry.error.message, p.retry.attempt));
  return parts.join(' · ');
}

export function registerLongDocumentCommands(deps: LongDocumentDeps, batchObserver?: (info: BatchInfo) => void): vscode.Disposable {
  const jobs = new Map<string, Job>();
  const running = new Set<Job>();
  let lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  const setWriting = () => void vscode.commands.executeCommand('setContext', 'deepseek.writing', running.size > 0);

  async function askDescription(title: string): Promise<string | undefined> {
    const text = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('What should DeepSeek write? (e.g. "a README for this project", "pytest tests for the selected code")'),
      placeHolder: vscode.l10n.t('Describe the document…'),
      ignoreFocusOut: true,
    });
    return text?.trim() ? text.trim() : undefined;
  }

  function sourceFrom(editor: vscode.TextEditor, which: 'selection' | 'file'): DocumentSource {
    const doc = editor.document;
    const name = doc.isUntitled ? doc.uri.path : vscode.workspace.asRelativePath(doc.uri, false) || path.basename(doc.fileName);
    if (which === 'file') return { text: doc.getText(), name, languageId: doc.languageId };
    const sel = editor.selection;
    return { text: doc.getText(sel), name: vscode.l10n.t('{0}, lines {1}–{2}', name, sel.start.line + 1, sel.end.line + 1), languageId: doc.languageId };
  }

  /** The source: from the args, else asked when an editor is open; null when the user cancelled. */
  async function pickSource(arg: WriteArgs['source']): Promise<DocumentSource | undefined | null> {
    const editor = vscode.window.activeTextEditor ?? (lastEditor && !lastEditor.document.isClosed ? lastEditor : undefined);
    if (arg === 'none') return undefined;
    if (arg) {
      if (!editor) return undefined;
      return sourceFrom(editor, arg === 'selection' && !editor.selection.isEmpty ? 'selection' : 'file');
    }
    if (!editor) return undefined;
    const name = path.basename(editor.document.fileName);
    type Item = vscode.QuickPickItem & { value: 'selection' | 'file' | 'none' };
    const items: Item[] = [];
    if (!editor.selection.isEmpty) {
      const lines = editor.selection.end.line - editor.selection.start.line + 1;
      items.push({ label: vscode.l10n.t('$(selection) Use the selection'), description: vscode.l10n.t('{0} lines of {1}', lines, name), value: 'selection' });
    }
    items.push({ label: vscode.l10n.t('$(file) Use the whole file'), description: name, value: 'file' });
    items.push({ label: vscode.l10n.t('$(circle-slash) No source'), description: vscode.l10n.t('write from the description alone'), value: 'none' });
    const pick = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('DeepSeek: send a source with the request?'),
      placeHolder: vscode.l10n.t('The model sees the source and your description'),
      ignoreFocusOut: true,
    });
    if (!pick) return null;
    return pick.value === 'none' ? undefined : sourceFrom(editor, pick.value);
  }

  function editorTarget(doc: vscode.TextDocument, job: () => Job, language: string | undefined): Target {
    const lang = new StreamLanguage(documentLanguage(doc.uri), language);
    let chars = 0;
    const sink = new EditorSink(
      doc.uri,
      () => {
        job().gone = true;
        job().abort?.abort();
      },
      batchObserver,
    );
    return {
      uri: doc.uri,
      label: path.basename(doc.uri.path),
      append: (t) => {
        const wait = sink.append(t);
        chars += t.length;
        lang.grow(chars);
        return wait;
      },
      textSoFar: () => sink.textSoFar(),
      flush: () => sink.flush(),
      finish: () => sink.flush(),
      setLanguage: (id) => lang.want(id),
      endLanguage: () => lang.finish(),
    };
  }

  async function fileTarget(file: string, append: boolean, job: () => Job): Promise<Target> {
    const onError = (err: Error) => {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not write {0}: {1}. The text received opens in a new editor.', file, err.message));
      job().gone = true;
      job().abort?.abort();
    };
    const sink = append ? await FileSink.reopen(file, onError) : await FileSink.open(file, onError);
    return {
      uri: vscode.Uri.file(file),
      label: path.basename(file),
      append: (t) => sink.append(t),
      textSoFar: () => sink.textSoFar(),
      flush: () => sink.flush(),
      finish: () => sink.close(),
      rescue: () => sink.rescue(),
    };
  }

  /** Streams (or resumes) a job with the progress notification; offers Resume / Continue afterwards. */
  async function run(job: Job, resume: boolean): Promise<WriteResult> {
    const uri = job.target.uri.toString();
    const settingsResult = deps.settings();
    if (!settingsResult.ok) {
      void vscode.window.showErrorMessage(settingsResult.message, vscode.l10n.t('Open Settings')).then((pick) => pick && deps.openSettings());
      return { outcome: 'error', uri, chars: 0, parts: 0, message: settingsResult.message };
    }
    const settings = settingsResult.settings;
    const key = (await deps.keys.get()) ?? '';
    if (!key && !settings.isLoopback) {
      deps.offerToSetKey();
      return { outcome: 'error', uri, chars: 0, parts: 0, message: 'No API key is set.' };
    }
    const abort = new AbortController();
    job.abort = abort;
    job.gone = false;
    running.add(job);
    setWriting();
    let result;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('DeepSeek: writing {0}', job.target.label), cancellable: true },
        async (progress, token) => {
          const onCancel = token.onCancellationRequested(() => abort.abort());
          try {
            return await runContinuationLoop({
              config: clientConfigFor(settings, key, deps.log),
              model: settings.model,
              messages: job.messages,
              ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
              ...(settings.maxTokens !== undefined ? { maxTokens: settings.maxTokens } : {}),
              maxContinuations: settings.maxContinuations,
              resume,
              signal: abort.signal,
              append: (text) => {
                const out = job.stripper.push(text);
                if (!job.languageFromFence && job.stripper.language !== undefined) {
                  job.languageFromFence = true;
                  const id = languageFromFence(job.stripper.language);
                  if (id) job.target.setLanguage?.(id);
                }
                return out ? job.target.append(out) : undefined;
              },
              textSoFar: async () => job.stripper.openingLine + (await job.target.textSoFar()) + job.stripper.held,
              onProgress: (p) => progress.report({ message: formatProgress(p) }),
            });
          } finally {
            onCancel.dispose();
          }
        },
      );
    } finally {
      running.delete(job);
      setWriting();
    }
    // The end of a finished document drops a closing fence; otherwise everything received is written.
    job.target.append(result.outcome.kind === 'done' ? job.stripper.end() : job.stripper.takeHeld());
    await job.target.finish();
    job.target.endLanguage?.();
    const rescued = await job.target.rescue?.();
    if (rescued !== undefined) {
      // The file could not be written: nothing received is lost, it opens in an untitled editor.
      const doc = await vscode.workspace.openTextDocument({ content: rescued });
      await vscode.window.showTextDocument(doc, { preview: false });
    }
    const outcome: WriteResult['outcome'] = job.gone ? 'gone' : result.outcome.kind;
    const written: WriteResult = { outcome, uri, chars: result.chars, parts: result.parts };
    const resumeLabel = vscode.l10n.t('Resume');
    const offerResume = (message: string, kind: 'info' | 'warning' | 'error', label = resumeLabel, extra: string[] = []) => {
      const show = kind === 'info' ? vscode.window.showInformationMessage : kind === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
      void show(message, label, ...extra).then((pick) => {
        if (pick === label) void resumeJob(uri);
        else if (pick === vscode.l10n.t('Set API Key')) deps.offerToSetKey();
      });
    };
    switch (result.outcome.kind) {
      case 'done':
        void vscode.window.setStatusBarMessage(
          vscode.l10n.t('$(check) DeepSeek wrote {0} ({1} chars, {2} parts)', job.target.label, result.chars.toLocaleString('en-US'), result.parts),
          8000,
        );
        if (result.outcome.finishReason === 'content_filter') {
          written.message = vscode.l10n.t('The server stopped the document (content filter). The text received is kept.');
          void vscode.window.showWarningMessage(written.message);
        }
        break;
      case 'limit':
        written.message = vscode.l10n.t(
          'The document reached the limit of {0} continuations (setting "deepseek.maxContinuations"). The text is kept; continue it?',
          settings.maxContinuations,
        );
        offerResume(written.message, 'warning', vscode.l10n.t('Continue'));
        break;
      case 'stopped':
        written.message = job.gone
          ? vscode.l10n.t('{0} was closed or could not be written; writing stopped.', job.target.label)
          : vscode.l10n.t('Stopped writing {0}. The text received is kept.', job.target.label);
        if (!job.gone) offerResume(written.message, 'info');
        break;
      case 'error': {
        const err = result.outcome.error;
        written.message = vscode.l10n.t('{0} The text received is kept in {1}.', err.message, job.target.label);
        if (err.kind === 'auth') offerResume(written.message, 'error', resumeLabel, [vscode.l10n.t('Set API Key')]);
        else offerResume(written.message, 'error');
        break;
      }
    }
    return written;
  }

  async function resumeJob(uriArg: unknown): Promise<WriteResult> {
    const uri = typeof uriArg === 'string' ? uriArg : uriArg instanceof vscode.Uri ? uriArg.toString() : '';
    const job = jobs.get(uri);
    if (!job) return { outcome: 'cancelled', chars: 0, parts: 0, message: 'Nothing to resume for this document.' };
    if (running.has(job)) return { outcome: 'cancelled', uri, chars: 0, parts: 0, message: 'Already writing.' };
    if (job.reopen) job.target = await job.reopen();
    return run(job, true);
  }

  async function prepare(title: string, args: WriteArgs): Promise<{ messages: ChatMessage[]; description: string } | undefined> {
    const description = args.prompt?.trim() || (await askDescription(title));
    if (!description) return undefined;
    const source = await pickSource(args.source);
    if (source === null) return undefined;
    const request = buildDocumentRequest(description, source, (message, ...args) => vscode.l10n.t(message, ...args));
    if (request.note) void vscode.window.showWarningMessage(request.note);
    return { messages: request.messages, description };
  }

  async function writeToNewDocument(argsArg?: unknown): Promise<WriteResult> {
    const args = (argsArg && typeof argsArg === 'object' ? argsArg : {}) as WriteArgs;
    const prepared = await prepare(vscode.l10n.t('DeepSeek: Write to New Document'), args);
    if (!prepared) return { outcome: 'cancelled', chars: 0, parts: 0 };
    const language = languageFromRequest(prepared.description);
    const doc = await vscode.workspace.openTextDocument({ content: '', ...(language ? { language } : {}) });
    await vscode.window.showTextDocument(doc, { preview: false });
    let job!: Job;
    job = { target: editorTarget(doc, () => job, language), messages: prepared.messages, stripper: new FenceStripper(), gone: false, languageFromFence: false };
    jobs.set(doc.uri.toString(), job);
    return run(job, false);
  }

  async function writeToFile(argsArg?: unknown): Promise<WriteResult> {
    const args = (argsArg && typeof argsArg === 'object' ? argsArg : {}) as WriteArgs;
    const prepared = await prepare(vscode.l10n.t('DeepSeek: Write to File…'), args);
    if (!prepared) return { outcome: 'cancelled', chars: 0, parts: 0 };
    let file = args.file;
    if (!file) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const picked = await vscode.window.showSaveDialog({
        title: vscode.l10n.t('DeepSeek: write the document to…'),
        saveLabel: vscode.l10n.t('Write Here'),
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'untitled.md') } : {}),
      });
      if (!picked) return { outcome: 'cancelled', chars: 0, parts: 0 };
      if (picked.scheme !== 'file') {
        void vscode.window.showErrorMessage(vscode.l10n.t('Write to File works with files on this machine; {0} is not one.', picked.toString()));
        return { outcome: 'cancelled', chars: 0, parts: 0 };
      }
      file = picked.fsPath;
    }
    const target = file;
    let job!: Job;
    try {
      job = {
        target: await fileTarget(target, false, () => job),
        messages: prepared.messages,
        stripper: new FenceStripper(),
        gone: false,
        languageFromFence: false,
        reopen: () => fileTarget(target, true, () => job),
      };
    } catch (err) {
      const message = vscode.l10n.t('Could not create {0}: {1}', target, err instanceof Error ? err.message : String(err));
      void vscode.window.showErrorMessage(message);
      return { outcome: 'error', chars: 0, parts: 0, message };
    }
    jobs.set(job.target.uri.toString(), job);
    const result = await run(job, false);
    // The file is opened when the writing ends (an editor open on a file being rewritten would reload it again and again).
    if (!job.gone) void Promise.resolve(vscode.window.showTextDocument(job.target.uri, { preview: false })).catch(() => undefined);
    return result;
  }

  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor) lastEditor = editor;
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      const job = jobs.get(doc.uri.toString());
      if (job && !running.has(job) && doc.isUntitled) jobs.delete(doc.uri.toString());
    }),
    vscode.commands.registerCommand('deepseek.writeToNewDocument', writeToNewDocument),
    vscode.commands.registerCommand('deepseek.writeToFile', writeToFile),
    vscode.commands.registerCommand('deepseek.stopWriting', () => {
      for (const job of running) job.abort?.abort();
    }),
    // Not in the palette: what the Resume / Continue buttons run (and tests), with the document's URI.
    vscode.commands.registerCommand('deepseek.resumeWriting', resumeJob),
    { dispose: () => running.forEach((job) => job.abort?.abort()) },
  );
}
