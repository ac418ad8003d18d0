import * as assert from 'node:assert/strict';
import { CompletionCache } from '../../../../../src/host/completions/common/cache';

// A place deep in a file: far more text before and after the cursor than the cache keys on.
const above = Array.from({ length: 40 }, (_, i) => `const v${i} = compute(${i});\n`).join('');
const below = Array.from({ length: 30 }, (_, i) => `  log(v${i}, 'value ${i}');\n`).join('') + '}\n';
const prefix = above + 'function total() {\n  return ';
const suffix = ';\n' + below;

describe('completions: cache, deep in a file and among several places', () => {
  it('deep in a file, answers the same place again and typing through the ghost text', () => {
    assert.ok(prefix.length > 1000 && suffix.length > 500);
    const c = new CompletionCache();
    c.put('doc', prefix, suffix, 'v0 + v1');
    assert.deepEqual(c.get('doc', prefix, suffix), { text: 'v0 + v1', typedThrough: false });
    assert.deepEqual(c.get('doc', prefix + 'v0 +', suffix), { text: ' v1', typedThrough: true });
    assert.equal(c.get('doc', prefix + 'v2', suffix), undefined);
  });

  it('still answers after an edit far above or far below the cursor, not after one near it', () => {
    const c = new CompletionCache();
    c.put('doc', prefix, suffix, 'v0 + v1');
    const farAbove = '// header\n' + prefix.replace('compute(0)', 'compute(-1)');
    const farBelow = suffix.replace("'value 29'", "'last value'");
    assert.deepEqual(c.get('doc', farAbove, suffix), { text: 'v0 + v1', typedThrough: false });
    assert.deepEqual(c.get('doc', prefix, farBelow), { text: 'v0 + v1', typedThrough: false });
    assert.equal(c.get('doc', prefix.replace('function total', 'function sum'), suffix), undefined);
    assert.equal(c.get('doc', prefix, suffix.replace('v0,', 'w0,')), undefined);
  });

  it('a new answer for the same place replaces the old one and takes no extra room', () => {
    const c = new CompletionCache(2);
    c.put('doc', 'a = ', ';', '1');
    c.put('doc', 'b = ', ';', '2');
    c.put('doc', 'b = ', ';', '3');
    assert.equal(c.size, 2);
    assert.deepEqual(c.get('doc', 'b = ', ';'), { text: '3', typedThrough: false });
    assert.deepEqual(c.get('doc', 'a = ', ';'), { text: '1', typedThrough: false });
  });

  it('an empty answer leaves the completion already received for the place', () => {
    const c = new CompletionCache();
    c.put('doc', 'a = ', ';', '1');
    c.put('doc', 'a = ', ';', '');
    assert.equal(c.size, 1);
    assert.deepEqual(c.get('doc', 'a = ', ';'), { text: '1', typedThrough: false });
  });

  it('keeps apart two documents with the same text, and the same prefix with different text after it', () => {
    const c = new CompletionCache();
    c.put('one', 'a = ', ';', '1');
    c.put('two', 'a = ', ';', '2');
    c.put('one', 'a = ', ' + x;', '3');
    assert.equal(c.size, 3);
    assert.deepEqual(c.get('one', 'a = ', ';'), { text: '1', typedThrough: false });
    assert.deepEqual(c.get('two', 'a = ', ';'), { text: '2', typedThrough: false });
    assert.deepEqual(c.get('one', 'a = ', ' + x;'), { text: '3', typedThrough: false });
  });

  it('forgetting a document keeps the completions of the others', () => {
    const c = new CompletionCache();
    c.put('one', 'a = ', ';', '1');
    c.put('two', 'b = ', ';', '2');
    c.forget('one');
    assert.equal(c.size, 1);
    assert.equal(c.get('one', 'a = ', ';'), undefined);
    assert.deepEqual(c.get('two', 'b = ', ';'), { text: '2', typedThrough: false });
  });
});
