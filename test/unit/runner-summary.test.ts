// `npm test`'s closing line sums every layer: the counts it reads from mocha and from our runners.

import * as assert from 'node:assert/strict';
import { countsFrom } from '../runners/all';

describe('npm test summary', () => {
  it("reads mocha's passing / failing / pending (colours included)", () => {
    const out = '  ✔ one\n\n\x1b[32m  212 passing\x1b[0m (24s)\n\x1b[36m  2 pending\x1b[0m\n\x1b[31m  3 failing\x1b[0m\n\n  1) a test:\n';
    assert.deepEqual(countsFrom(out), { passed: 212, failed: 3, skipped: 2 });
  });

  it("reads the in-host and end-to-end runners' closing line", () => {
    assert.deepEqual(countsFrom('  ✔ step (12 ms)\n  wall 40.1 s\n10 passed, 0 failed\n'), { passed: 10, failed: 0, skipped: 0 });
  });

  it('finds nothing in the output of a layer that crashed before any test', () => {
    assert.equal(countsFrom('Error: Cannot find module\n'), undefined);
  });
});
