// A long document in a real extension host: past PLAIN_WHILE_STREAMING_CHARS it streams in Plain Text
// (language features would re-read megabytes after every edit) and gets the language of the request
// when the writing ends, here by Cancel, with every character kept.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WriteResult } from '../../src/host/longDocument/register';
import { HOLD_CHARS } from '../../src/host/longDocument/common/continuationLoop';
import { PLAIN_WHILE_STREAMING_CHARS } from '../../src/host/longDocument/common/streamLanguage';
import { lengthCut, stalledAnswer } from '../server/scenarios';
import { fire, startServerWithKey, waitFor, type TestServer } from './helpers';

suite('Long documents: language mode of a large document', () => {
  let server: TestServer;

  suiteSetup(async () => {
    server = await startServerWithKey();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('deepseek.stopWriting');
    await server?.close();
  });

  test('a README past the limit is Plain Text while it streams and markdown once stopped, with the text kept', async () => {
    const line = 'A paragraph of the long README, repeated until the document is past the limit.\n';
    const big = line.repeat(Math.ceil((PLAIN_WHILE_STREAMING_CHARS + 20_000) / line.length));
    // Longer than the start of a continue-prompt part that the loop holds back (HOLD_CHARS) to drop a repeat.
    const tail = '## Still streaming\n\n' + 'The second part goes on while the model is still writing it. '.repeat(1 + Math.ceil(HOLD_CHARS / 60));
    server.enqueue(lengthCut(big, { deltaSize: 4096 }), stalledAnswer(tail));
    const before = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    const running = fire('deepseek.writeToNewDocument', { prompt: 'Write a README for this project', source: 'none' }) as Promise<WriteResult>;
    const untitled = () => vscode.workspace.textDocuments.find((d) => d.isUntitled && !before.has(d.uri.toString()) && !d.isClosed);
    const doc = await waitFor('the large document in the editor, in Plain Text, while the second part stalls', () => {
      const d = untitled();
      return d && d.getText() === big + tail && d.languageId === 'plaintext' ? d : undefined;
    }, 60_000);
    assert.ok(doc.getText().length > PLAIN_WHILE_STREAMING_CHARS);
    await vscode.commands.executeCommand('deepseek.stopWriting');
    const result = await running;
    assert.equal(result.outcome, 'stopped', result.message);
    const done = await waitFor('the document in markdown mode after the writing ended', () => {
      const d = untitled();
      return d?.languageId === 'markdown' ? d : undefined;
    }, 30_000);
    assert.equal(done.getText(), big + tail, 'text was lost or changed by the mode switches');
    await vscode.window.showTextDocument(done);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
