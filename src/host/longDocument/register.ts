// DeepSeek: Write to New Document / Write to File…: asks what to write (and offers the selection or
// the active file as source), then streams the answer into a new untitled editor or a file, with a
// cancellable progress notification, automatic continuations past the output limit, and Resume
// after a cut. Same settings, key, client config and request log as the panel. This file only
// registers; the work is in writeCommands (the two flows), documentWriter (runs and Resume),
// prompting, targets, job and outcome.

import * as vscode from 'vscode';
import { Commands } from '../core/common/commandIds';
import type { HostServices } from '../core/services';
import { DocumentWriter } from './documentWriter';
import type { BatchInfo } from './editorSink';
import { RecentEditor } from './prompting';
import { writeToFile, writeToNewDocument, type WriteContext } from './writeCommands';

export type { WriteResult } from './outcome';
export type { WriteArgs } from './writeCommands';

export function register(services: HostServices, batchObserver?: (info: BatchInfo) => void): vscode.Disposable {
  const writer = new DocumentWriter(services);
  const editors = new RecentEditor();
  const write: WriteContext = { tr: services.tr, writer, editors, batchObserver };
  return vscode.Disposable.from(
    editors,
    vscode.workspace.onDidCloseTextDocument((doc) => writer.documentClosed(doc)),
    vscode.commands.registerCommand(Commands.writeToNewDocument, (args?: unknown) => writeToNewDocument(write, args)),
    vscode.commands.registerCommand(Commands.writeToFile, (args?: unknown) => writeToFile(write, args)),
    vscode.commands.registerCommand(Commands.stopWriting, () => writer.stopAll()),
    // Not in the palette: what the Resume / Continue buttons run (and tests), with the document's URI.
    vscode.commands.registerCommand(Commands.resumeWriting, (uri: unknown) => writer.resume(uri)),
    // Deactivation stops every run (the text received stays).
    writer,
  );
}
