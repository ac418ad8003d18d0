// Records every notification text the extension passes to VS Code (the `vscode` API object is shared
// by the extension and its tests) and, when asked, answers one as the user would by clicking a button.

import * as vscode from 'vscode';

type Show = (message: string, ...rest: unknown[]) => Thenable<unknown>;
type ShowName = 'showWarningMessage' | 'showErrorMessage' | 'showInformationMessage';

export interface Shown {
  message: string;
  items: unknown[];
}

export interface NotificationCapture {
  messages: Shown[];
  /** The next notification whose text matches gets this button "clicked". */
  /** `undefined` closes it (Cancel / Escape). */
  answer(match: RegExp, item: string | undefined): void;
  restore(): void;
}

export function captureNotifications(): NotificationCapture {
  const messages: Shown[] = [];
  const answers: Array<{ match: RegExp; item: string | undefined }> = [];
  const names: ShowName[] = ['showWarningMessage', 'showErrorMessage', 'showInformationMessage'];
  const window = vscode.window as unknown as Record<ShowName, Show>;
  const originals = names.map((n) => window[n]);
  names.forEach((n, i) => {
    const original = originals[i]!;
    window[n] = (message: string, ...rest: unknown[]) => {
      messages.push({ message, items: rest });
      const a = answers.findIndex((x) => x.match.test(message));
      if (a >= 0) {
        const item = answers[a]!.item;
        answers.splice(a, 1);
        return Promise.resolve(item);
      }
      return original.call(vscode.window, message, ...rest);
    };
  });
  return {
    messages,
    answer: (match, item) => answers.push({ match, item }),
    restore: () => names.forEach((n, i) => (window[n] = originals[i]!)),
  };
}

/** `[label](command:…)` and friends: what VS Code renders as a link in a notification. */
export const NOTIFICATION_LINK = /\[[^\]]*\]\((command|https?|file):/;
