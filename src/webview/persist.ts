// Throttled vscode.setState: at most once a second while streaming, at once when a turn ends,
// so the panel serializer can restore the conversation after a reload.

import type { PanelState, WebviewPersistedState } from '../shared/protocol.js';

export const PERSIST_INTERVAL_MS = 1000;

export class StatePersister {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSaved = 0;

  constructor(
    private readonly save: (state: WebviewPersistedState) => void,
    private readonly snapshot: () => PanelState,
  ) {}

  /** Something changed; save soon (throttled). */
  markDirty(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastSaved + PERSIST_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Save now (turn end, sync). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastSaved = Date.now();
    this.save({ version: 1, state: withoutAttachedText(this.snapshot()) });
  }
}

/**
 * The saved state only paints the panel before the host's sync: the attached files' text (kept on
 * disk with the conversation) stays out of the webview's storage.
 */
export function withoutAttachedText(state: PanelState): PanelState {
  return { ...state, turns: state.turns.map(({ context: _context, ...turn }) => turn) };
}
