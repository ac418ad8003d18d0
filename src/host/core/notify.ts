// Notifications through one door: the message is made inert (common/inertText.ts) so text from a
// server, a file or a setting cannot become a link that runs a command. Every notification of the
// extension goes through these.

import * as vscode from 'vscode';
import { inert } from './common/inertText';

type Show = <T extends string>(message: string, ...rest: Array<T | vscode.MessageOptions>) => Thenable<T | undefined>;

function through(show: (message: string, ...rest: never[]) => Thenable<unknown>): Show {
  return (message, ...rest) => (show as unknown as Show)(inert(message), ...rest);
}

export const showError: Show = (message, ...rest) => through(vscode.window.showErrorMessage)(message, ...rest);
export const showWarning: Show = (message, ...rest) => through(vscode.window.showWarningMessage)(message, ...rest);
export const showInfo: Show = (message, ...rest) => through(vscode.window.showInformationMessage)(message, ...rest);
