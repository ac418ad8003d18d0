// How a run of the writer ended, as the commands resolve it (WriteResult) and as the user is told:
// the status bar for a finished document, a notification offering Resume / Continue otherwise.

import * as vscode from 'vscode';
import { showError, showInfo, showWarning } from '../core/notify';
import type { FinishReason } from '../../deepseek/types';
import type { Readiness } from '../core/common/preflight';
import type { Translate } from '../core/common/translate';
import type { HostServices } from '../core/services';
import type { LoopOutcome, LoopResult } from './common/continuationLoop';

/** What the commands resolve to (for tests and callers): how the writing ended and where. */
export interface WriteResult {
  outcome: LoopOutcome['kind'] | 'cancelled' | 'gone';
  uri?: string;
  chars: number;
  parts: number;
  message?: string;
}

export type OutcomeServices = Pick<HostServices, 'tr' | 'offerToSetKey' | 'openSettings'>;

/** The document a run wrote, and what the end of the run needs to know about it. */
export interface RunEnd {
  uri: string;
  label: string;
  /** The document was closed or its file could not be written. */
  gone: boolean;
  /** The setting, named in the message when the loop reached it. */
  maxContinuations: number;
}

/** Nothing was sent: the settings are invalid (offer to open them) or there is no key (offer to set one). */
export function reportNotReady(ready: Extract<Readiness, { ok: false }>, uri: string, services: OutcomeServices): WriteResult {
  const { tr } = services;
  if (ready.problem === 'settings') {
    void showError(ready.message, tr('Open Settings')).then((pick) => pick && services.openSettings());
    return { outcome: 'error', uri, chars: 0, parts: 0, message: ready.message };
  }
  services.offerToSetKey();
  return { outcome: 'error', uri, chars: 0, parts: 0, message: 'No API key is set.' };
}

/** The run's WriteResult, after telling the user how it ended; `resume` is what Resume / Continue runs. */
export function reportOutcome(result: LoopResult, end: RunEnd, services: OutcomeServices, resume: () => void): WriteResult {
  const written: WriteResult = { outcome: end.gone ? 'gone' : result.outcome.kind, uri: end.uri, chars: result.chars, parts: result.parts };
  const message = announce(result, end, services, resume);
  if (message !== undefined) written.message = message;
  return written;
}

/** Shows how the run ended; the message shown, if any (a finished document only gets the status bar). */
function announce(result: LoopResult, end: RunEnd, services: OutcomeServices, resume: () => void): string | undefined {
  const { tr } = services;
  const outcome = result.outcome;
  const offer = (message: string, kind: NoticeKind, label = tr('Resume'), extra: string[] = []) => offerResume(services, resume, { message, kind, label, extra });
  switch (outcome.kind) {
    case 'done':
      return announceDone(result, outcome.finishReason, end.label, tr);
    case 'limit': {
      const message = tr('The document reached the limit of {0} continuations (setting "deepseek.maxContinuations"). The text is kept; continue it?', end.maxContinuations);
      offer(message, 'warning', tr('Continue'));
      return message;
    }
    case 'stopped': {
      if (end.gone) return tr('{0} was closed or could not be written; writing stopped.', end.label);
      const message = tr('Stopped writing {0}. The text received is kept.', end.label);
      offer(message, 'info');
      return message;
    }
    case 'error': {
      const message = tr('{0} The text received is kept in {1}.', outcome.error.message, end.label);
      // A rejected key: setting a new one comes before resuming.
      offer(message, 'error', tr('Resume'), outcome.error.kind === 'auth' ? [tr('Set API Key')] : []);
      return message;
    }
  }
}

function announceDone(result: LoopResult, finishReason: FinishReason, label: string, tr: Translate): string | undefined {
  void vscode.window.setStatusBarMessage(tr('$(check) DeepSeek wrote {0} ({1} chars, {2} parts)', label, result.chars.toLocaleString('en-US'), result.parts), 8000);
  if (finishReason !== 'content_filter') return undefined;
  const message = tr('The server stopped the document (content filter). The text received is kept.');
  void showWarning(message);
  return message;
}

type NoticeKind = 'info' | 'warning' | 'error';

/** A notification whose first button (Resume or Continue) resumes the document; "Set API Key" may follow. */
function offerResume(services: OutcomeServices, resume: () => void, notice: { message: string; kind: NoticeKind; label: string; extra: string[] }): void {
  const { tr } = services;
  const { message, kind, label, extra } = notice;
  const show = kind === 'info' ? showInfo : kind === 'warning' ? showWarning : showError;
  void show(message, label, ...extra).then((pick) => {
    if (pick === label) resume();
    else if (pick === tr('Set API Key')) services.offerToSetKey();
  });
}
