// Writes a `deepseek.*` setting where the user set it (a workspace value stays in the workspace, or it
// would hide the change), else in the user settings. Used by Select Model and the panel's model switch.

import * as vscode from 'vscode';

export async function writeSetting(key: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration('deepseek');
  const seen = config.inspect(key);
  // A value in the workspace would hide a user-settings change: change it where it is.
  const target = seen?.workspaceFolderValue !== undefined
    ? vscode.ConfigurationTarget.WorkspaceFolder
    : seen?.workspaceValue !== undefined
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
  await config.update(key, value, target);
}
