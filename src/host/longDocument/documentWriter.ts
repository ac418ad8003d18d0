// Runs the writing jobs: each document's job is kept (for Resume) until its untitled document is
// closed; a run streams the continuation loop into the target under a cancellable progress
// notification, and the `deepseek.writing` context key shows Stop Writing while any run is going.

import * as vscode from 'vscode';
import { ContextKeys } from '../core/common/commandIds';
import type { Readiness } from '../core/common/preflight';
import type { HostServices } from '../core/services';
import { runContinuationLoop, type LoopOptions, type LoopProgress, type LoopResult } from './common/continuationLoop';
import { formatProgress } from './common/progressText';
import type { Job } from './job';
import { reportNotReady, reportOutcome, type OutcomeServices, type WriteResult } from './outcome';

export type WriterServices = OutcomeServices & Pick<HostServices, 'readyToAsk' | 'setContext'>;

type Ready = Extract<Readiness, { ok: true }>;

export class DocumentWriter implements vscode.Disposable {
  /** Every job that can still be resumed, by its document's URI. */
  private readonly jobs = new Map<string, Job>();
  private readonly running = new Set<Job>();

  constructor(private readonly services: WriterServices) {}

  /** Writes a new job's document (already open, or its file already created). */
  start(job: Job): Promise<WriteResult> {
    this.jobs.set(job.target.uri.toString(), job);
    return this.run(job, false);
  }

  /** Resume / Continue: the job of the document at `uriArg` (a string or a Uri) goes on from its text. */
  async resume(uriArg: unknown): Promise<WriteResult> {
    const uri = typeof uriArg === 'string' ? uriArg : uriArg instanceof vscode.Uri ? uriArg.toString() : '';
    const job = this.jobs.get(uri);
    if (!job) return { outcome: 'cancelled', chars: 0, parts: 0, message: 'Nothing to resume for this document.' };
    if (this.running.has(job)) return { outcome: 'cancelled', uri, chars: 0, parts: 0, message: 'Already writing.' };
    if (job.reopen) job.target = await job.reopen();
    return this.run(job, true);
  }

  stopAll(): void {
    for (const job of this.running) job.stopper.stop();
  }

  /** A closed untitled document cannot come back: its job is dropped (a file's stays, for Resume). */
  documentClosed(doc: vscode.TextDocument): void {
    const job = this.jobs.get(doc.uri.toString());
    if (job && !this.running.has(job) && doc.isUntitled) this.jobs.delete(doc.uri.toString());
  }

  dispose(): void {
    this.stopAll();
  }

  /** Streams (or resumes) a job; then says how it ended and offers Resume / Continue. */
  private async run(job: Job, resume: boolean): Promise<WriteResult> {
    const uri = job.target.uri.toString();
    const ready = await this.services.readyToAsk();
    if (!ready.ok) return reportNotReady(ready, uri, this.services);
    const result = await this.stream(job, ready, resume);
    await job.endRun(result.outcome.kind === 'done');
    await openRescued(job);
    const end = { uri, label: job.target.label, gone: job.stopper.gone, maxContinuations: ready.settings.maxContinuations };
    return reportOutcome(result, end, this.services, () => void this.resume(uri));
  }

  /** The continuation loop under the progress notification, whose Cancel stops it. */
  private async stream(job: Job, ready: Ready, resume: boolean): Promise<LoopResult> {
    const { tr } = this.services;
    const signal = job.stopper.begin();
    this.running.add(job);
    this.updateContext();
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: tr('DeepSeek: writing {0}', job.target.label), cancellable: true },
        async (progress, token) => {
          const onCancel = token.onCancellationRequested(() => job.stopper.stop());
          try {
            return await runContinuationLoop(loopOptions(job, ready, { resume, signal, onProgress: (p) => progress.report({ message: formatProgress(p, tr) }) }));
          } finally {
            onCancel.dispose();
          }
        },
      );
    } finally {
      this.running.delete(job);
      this.updateContext();
    }
  }

  private updateContext(): void {
    this.services.setContext(ContextKeys.writing, this.running.size > 0);
  }
}

/** The loop's options for a job: the settings of this run, the job's question, its target as the document. */
function loopOptions(job: Job, ready: Ready, run: { resume: boolean; signal: AbortSignal; onProgress: (p: LoopProgress) => void }): LoopOptions {
  const { settings } = ready;
  return {
    config: ready.config,
    model: settings.model,
    messages: job.messages,
    ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
    ...(settings.maxTokens !== undefined ? { maxTokens: settings.maxTokens } : {}),
    maxContinuations: settings.maxContinuations,
    resume: run.resume,
    signal: run.signal,
    append: (text) => job.receive(text),
    textSoFar: () => job.textSoFar(),
    onProgress: run.onProgress,
  };
}

/** A file that could not be written: nothing received is lost, it opens in an untitled editor. */
async function openRescued(job: Job): Promise<void> {
  const rescued = await job.target.rescue?.();
  if (rescued === undefined) return;
  const doc = await vscode.workspace.openTextDocument({ content: rescued });
  await vscode.window.showTextDocument(doc, { preview: false });
}
