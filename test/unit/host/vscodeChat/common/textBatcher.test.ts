// The batching of streamed text for VS Code's Chat view (src/host/vscodeChat/common/textBatcher.ts): pieces within
// flushMs go out as one; a change of kind goes out at once so the order holds.

import * as assert from 'assert';
import { TextBatcher } from '../../../../../src/host/vscodeChat/common/textBatcher';

describe('text batcher', () => {
  it('sends the pieces of one interval as one, after the interval', async () => {
    const out: [string, string][] = [];
    const b = new TextBatcher<'text'>((k, t) => out.push([k, t]), 10);
    b.add('text', 'a');
    b.add('text', 'b');
    assert.deepStrictEqual(out, [], 'nothing goes out before the interval');
    await new Promise<void>((resolve) => {
      const check = () => (out.length ? resolve() : setTimeout(check, 2));
      check();
    });
    assert.deepStrictEqual(out, [['text', 'ab']]);
    b.dispose();
  });

  it('a change of kind sends what was gathered first, in order', () => {
    const out: [string, string][] = [];
    const b = new TextBatcher<'text' | 'thinking'>((k, t) => out.push([k, t]), 10_000);
    b.add('thinking', 'hm');
    b.add('thinking', 'm');
    b.add('text', 'Yes');
    b.flush();
    b.flush();
    assert.deepStrictEqual(out, [['thinking', 'hmm'], ['text', 'Yes']]);
    b.dispose();
  });
});
