// The arguments of `deepseek.reviewCode` (src/host/edits/common/reviewArgs.ts): any extension can run
// the command, so a turn is used only when what the review reads of it is well-formed.

import * as assert from 'node:assert/strict';
import { isReviewTurn } from '../../../../../src/host/edits/common/reviewArgs';
import type { AttachmentInfo } from '../../../../../src/shared/protocol';

const selection: AttachmentInfo = { kind: 'selection', label: 'a.ts:3-5', path: '/ws/a.ts', uri: 'file:///ws/a.ts', tokens: 12, lines: { start: 3, end: 5 } };
const file: AttachmentInfo = { kind: 'file', label: 'b.ts', path: '/ws/b.ts', uri: 'file:///ws/b.ts', tokens: 40 };

describe('host: review code arguments', () => {
  it('accepts a turn without attachments, and one with well-formed files and selections', () => {
    assert.equal(isReviewTurn({ id: 't1', question: 'q', answer: 'a' }), true);
    assert.equal(isReviewTurn({ attachments: [] }), true);
    assert.equal(isReviewTurn({ attachments: [selection, file] }), true);
  });

  it('accepts a selection on the first line of a file', () => {
    assert.equal(isReviewTurn({ attachments: [{ ...selection, label: 'a.ts:1', lines: { start: 1, end: 1 } }] }), true);
  });

  it('refuses what is not a turn', () => {
    for (const value of [undefined, null, 'turn-id', 42, true]) assert.equal(isReviewTurn(value), false, String(value));
  });

  it('refuses malformed attachments', () => {
    const bad: unknown[] = [
      'not a list',
      [null],
      [undefined],
      ['file:///ws/a.ts'],
      [{ ...file, kind: 'folder' }],
      [{ ...file, uri: 7 }],
      [{ ...file, path: undefined }],
      [{ ...selection, lines: 'all' }],
      [{ ...selection, lines: { start: 0, end: 5 } }],
      [{ ...selection, lines: { start: 3, end: -1 } }],
      [{ ...selection, lines: { start: 1.5, end: 2 } }],
      [{ ...selection, lines: { start: '3', end: 5 } }],
      [file, { ...selection, lines: null }],
    ];
    for (const attachments of bad) assert.equal(isReviewTurn({ attachments }), false, JSON.stringify(attachments));
  });
});
