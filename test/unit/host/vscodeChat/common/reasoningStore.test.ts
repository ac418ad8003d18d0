// The reasoning kept by tool-call id for VS Code's Chat: bounded in entries and characters, expired
// entries dropped, and the same contents after a save and a load from disk (a window reload).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReasoningStore } from '../../../../../src/host/vscodeChat/common/reasoningStore';
import { ReasoningFile } from '../../../../../src/host/vscodeChat/common/reasoningFile';

describe('host: reasoning store (VS Code Chat tool loops)', () => {
  it('keeps at most maxEntries, dropping the oldest first', () => {
    const store = new ReasoningStore({ maxEntries: 3, maxChars: 1000, maxAgeMs: 60_000 });
    for (const id of ['a', 'b', 'c', 'd']) store.set(id, `why ${id}`);
    assert.equal(store.size, 3);
    assert.equal(store.get('a'), undefined);
    assert.equal(store.get('d'), 'why d');
    store.set('b', 'again');
    store.set('e', 'new');
    assert.equal(store.get('c'), undefined, 'c became the oldest once b was set again');
    assert.equal(store.get('b'), 'again');
  });

  it('keeps at most maxChars in total; one reasoning over the whole budget is not kept', () => {
    const store = new ReasoningStore({ maxEntries: 100, maxChars: 10, maxAgeMs: 60_000 });
    store.set('a', '12345');
    store.set('b', '12345');
    store.set('c', '123');
    assert.deepEqual([store.get('a'), store.get('b'), store.get('c')], [undefined, '12345', '123']);
    store.set('huge', 'x'.repeat(11));
    assert.equal(store.get('huge'), undefined);
    assert.equal(store.get('b'), '12345', 'the others stay');
  });

  it('drops entries older than maxAgeMs, on read and on prune', () => {
    let now = 1_000_000;
    const store = new ReasoningStore({ maxEntries: 100, maxChars: 1000, maxAgeMs: 1000 }, () => now);
    store.set('old', 'old reasoning');
    now += 600;
    store.set('new', 'new reasoning');
    now += 600;
    assert.equal(store.get('old'), undefined);
    assert.equal(store.get('new'), 'new reasoning');
    now += 1000;
    store.prune();
    assert.equal(store.size, 0);
  });

  it('load() skips malformed entries and unknown versions', () => {
    const store = new ReasoningStore();
    store.load({ version: 1, entries: [['ok', 'fine', Date.now()], ['bad', 42, 1], 'junk', [7, 'x', 1]] });
    assert.equal(store.size, 1);
    assert.equal(store.get('ok'), 'fine');
    store.load({ version: 2, entries: [['ok', 'fine', Date.now()]] });
    assert.equal(store.size, 0);
  });

  it('survives a reload: written to disk, read back into a fresh store; a corrupt file starts empty', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-reasoning-'));
    const warnings: string[] = [];
    try {
      const before = ReasoningFile.in(dir, (m) => warnings.push(m));
      await before.load();
      before.remember('call_1', 'I must read a.ts first.');
      before.remember('call_2', '思考：再读 b.ts。');
      await before.whenWritten();
      const after = ReasoningFile.in(dir, (m) => warnings.push(m));
      assert.equal(after.get('call_1'), undefined, 'a new window starts with nothing in memory');
      await after.load();
      assert.equal(after.get('call_1'), 'I must read a.ts first.');
      assert.equal(after.get('call_2'), '思考：再读 b.ts。');
      assert.deepEqual(warnings, []);
      fs.writeFileSync(path.join(dir, 'reasoning-by-call.json'), '{not json');
      await after.load();
      assert.equal(after.store.size, 0);
      assert.equal(warnings.length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
