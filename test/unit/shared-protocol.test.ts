// The webview → host boundary (src/shared/protocol.ts): the host acts only on messages of a known
// shape, whatever a compromised or buggy webview posts; and the panel strings' placeholders.

import * as assert from 'node:assert/strict';
import { fill } from '../../src/shared/panelStrings';
import { applyTarget, isWebviewMessage, type AttachmentInfo } from '../../src/shared/protocol';

describe('shared: webview messages the host accepts', () => {
  it('every message type with its fields', () => {
    const good: unknown[] = [
      { type: 'ready' },
      { type: 'stop' },
      { type: 'resync' },
      { type: 'pickFile' },
      { type: 'attachActive' },
      { type: 'removeContext', id: 'c1' },
      { type: 'ask', text: 'q' },
      { type: 'ask', text: 'q', replaceTurn: 't1' },
      { type: 'copy', text: 'x' },
      { type: 'insert', text: 'x' },
      { type: 'apply', turn: 't1', text: 'code' },
      { type: 'retry', turn: 't1' },
      { type: 'continue', turn: 't1' },
      { type: 'openLink', href: 'https://example.com' },
      { type: 'draft', text: '' },
      { type: 'draft', text: 'half a question' },
      ...['setApiKey', 'openSettings', 'newChat', 'history', 'selectModel'].map((command) => ({ type: 'command', command })),
    ];
    for (const m of good) assert.equal(isWebviewMessage(m), true, JSON.stringify(m));
  });

  it('anything else: wrong or missing fields, unknown types and commands, non-objects', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'ready',
      42,
      {},
      { type: 'nope' },
      { type: 'removeContext' },
      { type: 'removeContext', id: 1 },
      { type: 'ask' },
      { type: 'ask', text: 1 },
      { type: 'ask', text: 'q', replaceTurn: 3 },
      { type: 'copy' },
      { type: 'insert', text: {} },
      { type: 'apply', text: 'code' },
      { type: 'apply', turn: 't1' },
      { type: 'retry' },
      { type: 'continue', turn: 5 },
      { type: 'openLink' },
      { type: 'openLink', href: 7 },
      { type: 'draft' },
      { type: 'draft', text: null },
      { type: 'command', command: 'workbench.action.terminal.new' },
      { type: 'command', command: 1 },
      { type: 'command' },
    ];
    for (const m of bad) assert.equal(isWebviewMessage(m), false, JSON.stringify(m) ?? String(m));
  });
});

describe('shared: Apply target and string placeholders', () => {
  const file = (path: string): AttachmentInfo => ({ kind: 'file', label: path, path }) as AttachmentInfo;
  const selection = (path: string): AttachmentInfo => ({ kind: 'selection', label: path, path }) as AttachmentInfo;

  it('the one selection, else the one attachment, else none', () => {
    assert.equal(applyTarget({}), undefined);
    assert.equal(applyTarget({ attachments: [] }), undefined);
    const s = selection('a.ts');
    assert.equal(applyTarget({ attachments: [file('b.ts'), s] }), s);
    const f = file('b.ts');
    assert.equal(applyTarget({ attachments: [f] }), f);
    assert.equal(applyTarget({ attachments: [file('a.ts'), file('b.ts')] }), undefined);
    assert.equal(applyTarget({ attachments: [selection('a.ts'), selection('b.ts')] }), undefined);
  });

  it('fill puts arguments in order and leaves missing ones as they are', () => {
    assert.equal(fill('{0} of {1}, {0} again', ['a', 2]), 'a of 2, a again');
    assert.equal(fill('{0} and {2}', ['x']), 'x and {2}');
    assert.equal(fill('no places', ['x']), 'no places');
    assert.equal(fill('{1}', ['x']), '{1}', 'one past the last argument stays');
    assert.equal(fill('{10}', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 'ten']), 'ten');
  });
});
