// Settings that decide where requests go or what rides along with the key (the base URL, extra
// headers, the proxy and certificate settings) come from the user only: a repository's
// `.vscode/settings.json` must not send the key elsewhere. `scope: application` in package.json keeps the
// Settings editor honest, but older settings files and direct reads still see workspace values, so
// every read of these goes through `userLevelValue`, which ignores the workspace levels. Pure.

/** The settings a workspace cannot set (also `restrictedConfigurations` in package.json). */
export const USER_ONLY_SETTINGS = ['deepseek.baseUrl', 'deepseek.headers', 'deepseek.completions.baseUrl'] as const;

/** The editor's network settings, read the same way (a workspace must not pick the proxy either). */
export const USER_ONLY_NETWORK_SETTINGS = ['http.proxy', 'http.proxyStrictSSL', 'http.noProxy', 'http.proxyAuthorization', 'http.systemCertificates'] as const;

/** What `WorkspaceConfiguration.inspect()` returns, the levels this module looks at. */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
  defaultLanguageValue?: T;
  globalLanguageValue?: T;
  workspaceLanguageValue?: T;
  workspaceFolderLanguageValue?: T;
}

export type WorkspaceLevel = 'workspace' | 'workspaceFolder';

export interface UserLevelValue<T> {
  /** The user's value, else the default. */
  value: T | undefined;
  /** Workspace levels that set a value, which was ignored. */
  ignored: WorkspaceLevel[];
}

/** The user-level (or default) value of a setting, and which workspace levels were ignored. */
export function userLevelValue<T>(inspected: InspectedSetting<T> | undefined): UserLevelValue<T> {
  if (!inspected) return { value: undefined, ignored: [] };
  const ignored: WorkspaceLevel[] = [];
  if (inspected.workspaceValue !== undefined || inspected.workspaceLanguageValue !== undefined) ignored.push('workspace');
  if (inspected.workspaceFolderValue !== undefined || inspected.workspaceFolderLanguageValue !== undefined) ignored.push('workspaceFolder');
  return { value: inspected.globalValue ?? inspected.defaultValue, ignored };
}
