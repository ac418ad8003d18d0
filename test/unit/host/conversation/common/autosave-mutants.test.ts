import * as assert from 'node:assert/strict';
import { Autosave } from '../../../../../src/host/conversation/common/autosave';

/** Resolves after the event loop has gone round once (timers, I/O and immediates get their turn). */
const turnOfTheEventLoop = () => new Promise<void>((r) => setImmediate(r));

describe('host: autosave settling and disposal', () => {
  it('settled() resolves only once a scheduled save has been written', async () => {
    let written = 0;
    const autosave = new Autosave(
      async () => {
        await turnOfTheEventLoop();
        written++;
      },
      (err) => assert.fail(String(err)),
      10,
    );
    autosave.schedule();
    await autosave.settled();
    assert.equal(written, 1);
  });

  it('settled() waits for a save being written and returns when it ends, not an interval later', async () => {
    let release!: () => void;
    let written = false;
    const autosave = new Autosave(
      () =>
        new Promise<void>((r) => {
          release = () => {
            written = true;
            r();
          };
        }),
      (err) => assert.fail(String(err)),
      10 * 60_000, // far longer than the test's timeout
    );
    const saving = autosave.now();
    let done = false;
    const settled = autosave.settled().then(() => {
      done = true;
    });
    await turnOfTheEventLoop();
    assert.equal(done, false, 'settled while the save was still being written');
    release();
    await settled;
    assert.equal(written, true);
    await saving;
  });

  it('dispose() drops a scheduled save; scheduling again afterwards saves once', async () => {
    let saves = 0;
    const autosave = new Autosave(async () => void saves++, (err) => assert.fail(String(err)), 10);
    autosave.schedule();
    autosave.dispose();
    await autosave.settled();
    assert.equal(saves, 0);
    autosave.schedule();
    await autosave.settled();
    assert.equal(saves, 1, 'the save scheduled before dispose() ran as well');
  });
});
