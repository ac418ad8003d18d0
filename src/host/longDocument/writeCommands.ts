// Write to New Document / Write to File…: ask what to write, open the target (an untitled editor in
// the request's language, or the file), and hand the job to the writer.

import * as vscode from 'vscode';
import { showError } from '../core/notify';
import type { Translate } from '../core/common/translate';
import { languageFromRequest } from './common/fence';
import type { DocumentWriter } from './documentWriter';
import type { BatchInfo } from './editorSink';
import { Job, Stopper } from './job';
import type { WriteResult } from './outcome';
import { askForFile, prepare, type RecentEditor, type SourceChoice } from './prompting';
import { editorTarget, fileTarget } from './targets';
import { confirmFileAccess } from '../core/workspacePaths';

/** Arguments the commands accept instead of asking (tests, other extensions). */
export interface WriteArgs {
  prompt?: string;
  /** Use the active editor's selection or whole file as source, or none (skips the question). */
  source?: SourceChoice;
  /** Write to File: the target path (skips the save dialog). */
  file?: string;
}

/** What both commands work with. */
export interface WriteContext {
  tr: Translate;
  writer: DocumentWriter;
  editors: RecentEditor;
  /** Bench and tests: every edit batch applied to an editor. */
  batchObserver?: (info: BatchInfo) => void;
}

const cancelled = (): WriteResult => ({ outcome: 'cancelled', chars: 0, parts: 0 });

/** Command arguments are whatever the caller passed: anything but an object means none. */
function writeArgs(arg: unknown): WriteArgs {
  return (arg && typeof arg === 'object' ? arg : {}) as WriteArgs;
}

export async function writeToNewDocument(ctx: WriteContext, argsArg?: unknown): Promise<WriteResult> {
  const { tr } = ctx;
  const prepared = await prepare(tr('DeepSeek: Write to New Document'), writeArgs(argsArg), ctx.editors, tr);
  if (!prepared) return cancelled();
  const language = languageFromRequest(prepared.description);
  const doc = await vscode.workspace.openTextDocument({ content: '', ...(language ? { language } : {}) });
  await vscode.window.showTextDocument(doc, { preview: false });
  const stopper = new Stopper();
  const job = new Job(editorTarget(doc, stopper.lost, language, ctx.batchObserver), prepared.messages, stopper);
  return ctx.writer.start(job);
}

export async function writeToFile(ctx: WriteContext, argsArg?: unknown): Promise<WriteResult> {
  const { tr } = ctx;
  const args = writeArgs(argsArg);
  const prepared = await prepare(tr('DeepSeek: Write to File…'), args, ctx.editors, tr);
  if (!prepared) return cancelled();
  // A path passed in by a caller (a link, another extension) is asked about unless inside the workspace.
  const file = args.file ? ((await confirmFileAccess(args.file, 'write', tr)) ? args.file : undefined) : await askForFile(tr);
  if (file === undefined) return cancelled();
  const stopper = new Stopper();
  let job: Job;
  try {
    job = new Job(await fileTarget(file, false, stopper.lost, tr), prepared.messages, stopper, () => fileTarget(file, true, stopper.lost, tr));
  } catch (err) {
    const message = tr('Could not create {0}: {1}', file, err instanceof Error ? err.message : String(err));
    void showError(message);
    return { outcome: 'error', chars: 0, parts: 0, message };
  }
  const result = await ctx.writer.start(job);
  // The file is opened when the writing ends (an editor open on a file being rewritten would reload it again and again).
  if (!job.stopper.gone) void Promise.resolve(vscode.window.showTextDocument(job.target.uri, { preview: false })).catch(() => undefined);
  return result;
}
