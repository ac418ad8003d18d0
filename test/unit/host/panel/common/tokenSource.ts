// A plain-Node stand-in for vscode.CancellationTokenSource, for driving the ChatController outside
// VS Code (unit tests and the benchmarks).

import type { CancellationSourceLike } from '../../../../../src/host/panel/common/chatController';

export function tokenSource(): CancellationSourceLike {
  let cancelled = false;
  let listeners: Array<() => void> = [];
  return {
    token: {
      get isCancellationRequested() {
        return cancelled;
      },
      onCancellationRequested(listener: () => void) {
        listeners.push(listener);
        return { dispose: () => (listeners = listeners.filter((l) => l !== listener)) };
      },
    },
    cancel() {
      if (cancelled) return;
      cancelled = true;
      for (const l of listeners) l();
    },
    dispose() {
      listeners = [];
    },
  };
}
