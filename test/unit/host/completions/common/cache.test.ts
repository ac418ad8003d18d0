import * as assert from 'node:assert/strict';
import { CompletionCache } from '../../../../../src/host/completions/common/cache';

const prefix = 'function add(a, b) {\n  return ';
const suffix = '\n}\n';

describe('completions: cache', () => {
  it('answers the same place again (backspace and retype)', () => {
    const c = new CompletionCache();
    c.put('doc', prefix, suffix, 'a + b;');
    assert.deepEqual(c.get('doc', prefix, suffix), { text: 'a + b;', typedThrough: false });
  });

  it('answers typing the characters the ghost text shows with the rest of it', () => {
    const c = new CompletionCache();
    c.put('doc', prefix, suffix, 'a + b;');
    assert.deepEqual(c.get('doc', prefix + 'a', suffix), { text: ' + b;', typedThrough: true });
    assert.deepEqual(c.get('doc', prefix + 'a + b', suffix), { text: ';', typedThrough: true });
  });

  it('misses when the user typed something else, the suffix changed, another document, or all of it was typed', () => {
    const c = new CompletionCache();
    c.put('doc', prefix, suffix, 'a + b;');
    assert.equal(c.get('doc', prefix + 'b', suffix), undefined);
    assert.equal(c.get('doc', prefix, '\n}\nmore'), undefined);
    assert.equal(c.get('other', prefix, suffix), undefined);
    assert.equal(c.get('doc', prefix + 'a + b;', suffix), undefined);
  });

  it('at the start of a file, the place must be the same length too (no match further on)', () => {
    const c = new CompletionCache();
    c.put('doc', 'a', '', 'aab');
    assert.deepEqual(c.get('doc', 'aa', ''), { text: 'ab', typedThrough: true });
    assert.equal(c.get('doc', 'xa', ''), undefined);
  });

  it('keeps a bounded number of entries, dropping the least recently used', () => {
    const c = new CompletionCache(2);
    c.put('doc', 'one ', '', 'x');
    c.put('doc', 'two ', '', 'y');
    c.get('doc', 'one ', '');
    c.put('doc', 'three ', '', 'z');
    assert.equal(c.size, 2);
    assert.ok(c.get('doc', 'one ', ''));
    assert.equal(c.get('doc', 'two ', ''), undefined);
    c.forget('doc');
    assert.equal(c.size, 0);
  });
});
