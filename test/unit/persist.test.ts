// The webview's saved state (vscode.setState, kept by VS Code in its storage) holds the conversation
// for painting, never the text of attached files.

import * as assert from 'node:assert/strict';
import type { PanelState, WebviewPersistedState } from '../../src/shared/protocol';
type Persist = typeof import('../../src/webview/persist.js', { with: { 'resolution-mode': 'import' } });

describe('webview: saved state', () => {
  let StatePersister: Persist['StatePersister'];
  before(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    StatePersister = (require('../../src/webview/persist.ts') as Persist).StatePersister;
  });

  it('holds no attached file text', () => {
    const saved: WebviewPersistedState[] = [];
    const state = {
      turns: [{ id: 't1', question: 'What is in .env?', answer: 'It sets a token.', status: 'done', attachments: [{ label: '.env', path: '.env', kind: 'file' }], context: 'File `.env`:\nAPI_TOKEN=SECRET-FILE-TEXT\n' }],
    } as unknown as PanelState;
    new StatePersister((s) => saved.push(s), () => state).flush();
    assert.equal(saved.length, 1);
    const text = JSON.stringify(saved[0]);
    assert.ok(!text.includes('SECRET-FILE-TEXT'), text);
    assert.match(text, /What is in \.env\?/);
    assert.match(text, /"label":"\.env"/);
  });
});
