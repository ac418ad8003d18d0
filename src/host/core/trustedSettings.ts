// Reading the user-only settings (common/trustedSettings.ts) through VS Code, and telling the user
// once per setting when a workspace tried to set one. Any feature with a setting that decides where a
// request goes (a base URL, headers, a proxy) reads it with `readUserOnlySetting`.

// The ES module build: esbuild cannot follow the UMD build's dynamic require()s.
import { parse as parseJsonc } from 'jsonc-parser/lib/esm/main.js';
import * as vscode from 'vscode';
import { showWarning } from './notify';
import { userLevelValue, type UserLevelValue } from './common/trustedSettings';

/** `readUserOnlySetting('deepseek.baseUrl')`: the user's value or the default, never a workspace's. */
export function readUserOnlySetting<T>(fullKey: string): UserLevelValue<T> {
  const dot = fullKey.lastIndexOf('.');
  const config = vscode.workspace.getConfiguration(fullKey.slice(0, dot));
  return userLevelValue(config.inspect<T>(fullKey.slice(dot + 1)));
}

/**
 * Keys set in the workspace's own settings files (each folder's `.vscode/settings.json` and the
 * `.code-workspace` file). VS Code drops application- and machine-scoped values from `inspect()`, so the files are
 * where a planted `deepseek.baseUrl` still shows.
 */
async function keysInWorkspaceFiles(): Promise<Set<string>> {
  const files = (vscode.workspace.workspaceFolders ?? []).map((f) => vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json'));
  const keys = new Set<string>();
  const read = async (uri: vscode.Uri, pick: (json: unknown) => unknown): Promise<void> => {
    try {
      const json = pick(parseJsonc(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))));
      if (json && typeof json === 'object') for (const k of Object.keys(json)) keys.add(k);
    } catch {
      // no such file, or not readable: nothing set there
    }
  };
  await Promise.all(files.map((uri) => read(uri, (json) => json)));
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile?.scheme === 'file') await read(workspaceFile, (json) => (json as { settings?: unknown } | undefined)?.settings);
  return keys;
}

/**
 * Names ignored workspace values once per setting and session: a log line (the setting, never the
 * value, which may be a header) and a warning with "Open Settings".
 */
export class IgnoredWorkspaceSettings {
  private readonly reported = new Set<string>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly tr: (message: string, ...args: Array<string | number>) => string,
  ) {}

  async check(keys: readonly string[]): Promise<void> {
    const inFiles = await keysInWorkspaceFiles();
    const fresh = keys.filter((key) => !this.reported.has(key) && (inFiles.has(key) || readUserOnlySetting(key).ignored.length > 0));
    if (fresh.length === 0) return;
    for (const key of fresh) this.reported.add(key);
    const names = fresh.join(', ');
    this.log.warn(`This workspace sets ${names}; ignored: these settings are read from the user settings only.`);
    const open = this.tr('Open Settings');
    const message = this.tr(
      'This workspace sets {0}. DeepSeek ignores it: where requests and your API key go is decided by your user settings only.',
      names,
    );
    void showWarning(message, open).then((pick) => {
      if (pick === open) void vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
    });
  }
}
