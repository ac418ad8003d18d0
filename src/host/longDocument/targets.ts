// Where a long document's text goes: an open editor (Write to New Document) or a file on disk
// (Write to File…), behind one interface so the writer does not care which.

import * as path from 'path';
import * as vscode from 'vscode';
import { showError } from '../core/notify';
import type { Translate } from '../core/common/translate';
import { FileSink } from './common/fileSink';
import { StreamLanguage } from './common/streamLanguage';
import { documentLanguage } from './documentLanguage';
import { EditorSink, type BatchInfo } from './editorSink';

export interface Target {
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

/**
 * The open document `doc`; `onLost` runs if it is closed while text is still coming. Its language
 * mode follows StreamLanguage (the request's `language` first, Plain Text while a large one streams).
 */
export function editorTarget(doc: vscode.TextDocument, onLost: () => void, language: string | undefined, batchObserver?: (info: BatchInfo) => void): Target {
  const lang = new StreamLanguage(documentLanguage(doc.uri), language);
  let chars = 0;
  const sink = new EditorSink(doc.uri, onLost, batchObserver);
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

/**
 * The file `file`, emptied (or appended to, on Resume). A write that fails is shown once and runs
 * `onLost`: the writing stops and the text received is rescued into an editor.
 */
export async function fileTarget(file: string, append: boolean, onLost: () => void, tr: Translate): Promise<Target> {
  const onError = (err: Error) => {
    void showError(tr('Could not write {0}: {1}. The text received opens in a new editor.', file, err.message));
    onLost();
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
