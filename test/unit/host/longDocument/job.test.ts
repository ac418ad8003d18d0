// A writing job without VS Code: the fence is stripped on the way to the target, the language it
// names reaches the target once, the prefix for a continuation is the text as the model wrote it,
// and a Stopper stops the current run.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { Job, Stopper } from '../../../../src/host/longDocument/job';
import type { Target } from '../../../../src/host/longDocument/targets';

function fakeTarget() {
  const state = { text: '', languages: [] as string[], finished: 0, ended: 0 };
  const target: Target = {
    uri: { toString: () => 'untitled:Untitled-1' } as vscode.Uri,
    label: 'Untitled-1',
    append: (t) => {
      state.text += t;
    },
    textSoFar: async () => state.text,
    flush: async () => undefined,
    finish: async () => {
      state.finished++;
    },
    setLanguage: (id) => state.languages.push(id),
    endLanguage: () => {
      state.ended++;
    },
  };
  return { target, state };
}

describe('long documents: a writing job', () => {
  it('strips a wrapping fence, sets its language once, and gives the text as written for a continuation', async () => {
    const { target, state } = fakeTarget();
    const job = new Job(target, [], new Stopper());
    await job.receive('```py\nprint(1)\n');
    await job.receive('print(2)\n```');
    assert.equal(state.text, 'print(1)\nprint(2)\n', 'a last line that may close the fence is held');
    assert.deepEqual(state.languages, ['python']);
    assert.equal(await job.textSoFar(), '```py\nprint(1)\nprint(2)\n```');
  });

  it('a finished run drops the closing fence; a cut run writes everything held', async () => {
    const done = fakeTarget();
    const finished = new Job(done.target, [], new Stopper());
    await finished.receive('```\na\n```\n');
    await finished.endRun(true);
    assert.equal(done.state.text, 'a\n');
    assert.deepEqual([done.state.finished, done.state.ended], [1, 1]);

    const cut = fakeTarget();
    const stopped = new Job(cut.target, [], new Stopper());
    await stopped.receive('```\na\n```');
    await stopped.endRun(false);
    assert.equal(cut.state.text, 'a\n```');
  });

  it('a Stopper aborts the current run; lost() also marks the document gone until the next run', () => {
    const stopper = new Stopper();
    const first = stopper.begin();
    stopper.stop();
    assert.equal(first.aborted, true);
    assert.equal(stopper.gone, false);
    const second = stopper.begin();
    assert.equal(second.aborted, false);
    stopper.lost();
    assert.equal(second.aborted, true);
    assert.equal(stopper.gone, true);
    assert.equal(stopper.begin().aborted, false);
    assert.equal(stopper.gone, false);
  });
});
