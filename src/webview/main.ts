// Webview entry: connects to the host, paints the saved state at once, then says 'ready'
// (the host answers with a full 'sync') and applies host messages from then on.

import type { HostMessage } from '../shared/protocol.js';
import { App } from './app.js';
import { afterNextPaint } from './frame.js';
import { warmUpGrammars } from './highlight.js';
import { loadStrings } from './i18n.js';
import { connectToHost } from './vscodeApi.js';

// A record, so a message type added to the protocol and not listed here fails the typecheck.
const HOST_MESSAGE_TYPE_LIST: Record<HostMessage['type'], true> = {
  sync: true,
  turnStart: true,
  delta: true,
  turnInfo: true,
  turnEnd: true,
  settings: true,
  focusInput: true,
  context: true,
  pickFileDone: true,
};
const HOST_MESSAGE_TYPES = new Set<string>(Object.keys(HOST_MESSAGE_TYPE_LIST));

function isHostMessage(value: unknown): value is HostMessage {
  return typeof value === 'object' && value !== null && HOST_MESSAGE_TYPES.has((value as { type?: unknown }).type as HostMessage['type']);
}

function start(): void {
  const bridge = connectToHost();
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
  // Texts first: everything built from here on is in the display language.
  loadStrings(root);
  const app = new App(root, bridge);
  const saved = bridge.getState();
  if (saved) app.restore(saved.state);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isHostMessage(event.data)) app.handle(event.data);
  });
  bridge.post({ type: 'ready' });
  afterNextPaint(() => warmUpGrammars(() => app.isStreaming));
}

start();
