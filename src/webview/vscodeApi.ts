// The typed bridge to the extension host: acquireVsCodeApi() may be called only once per page.

import type { WebviewMessage, WebviewPersistedState } from '../shared/protocol.js';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostBridge {
  post(message: WebviewMessage): void;
  getState(): WebviewPersistedState | undefined;
  setState(state: WebviewPersistedState): void;
}

export function connectToHost(): HostBridge {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    getState: () => {
      const saved = api.getState() as Partial<WebviewPersistedState> | undefined | null;
      return saved && saved.version === 1 && saved.state && Array.isArray(saved.state.turns) ? (saved as WebviewPersistedState) : undefined;
    },
    setState: (state) => api.setState(state),
  };
}
