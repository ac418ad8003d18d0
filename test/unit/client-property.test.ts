// The split property through the real stack: the same recorded stream, cut into random network
// chunks by the test server (including cuts inside UTF-8 sequences and inside \r\n), gives exactly the
// events the pure decoder gives for the unsplit bytes.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeAll } from '../../src/deepseek/sse';
import { raw, startTestServer, type TestServer } from '../server';
import { run } from './helpers';

function cut(bytes: Buffer, points: number[]): Buffer[] {
  const sorted = [...new Set(points)].filter((p) => p > 0 && p < bytes.length).sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of sorted) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

describe('property over HTTP: random network chunking never changes the events', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(async () => server.close());

  for (const name of ['deepseek-reasoner.sse', 'openrouter.sse']) {
    it(`${name}: random splits written with a pause between pieces`, async function () {
      this.timeout(30_000);
      const bytes = readFileSync(join(__dirname, 'fixtures', name));
      const expected = decodeAll([bytes]);
      assert.equal(expected.failure, undefined);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { minLength: 1, maxLength: 40 }), async (points) => {
          server.enqueue(raw(cut(bytes, points), { delayMs: 0 }));
          const r = await run(server);
          assert.equal(r.error, undefined, r.error?.message);
          assert.deepEqual(r.events, expected.events);
        }),
        { numRuns: 15 },
      );
    });
  }
});
