import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConversationStore, KEEP_CORRUPT_COPIES, titleFrom, type StoredConversation } from '../../../../../src/host/conversation/common/conversationStore';
import { Autosave } from '../../../../../src/host/conversation/common/autosave';

function conversation(id: string, updatedAt: number, answer = 'an answer'): StoredConversation {
  return {
    version: 1,
    id,
    title: `chat ${id}`,
    createdAt: 1,
    updatedAt,
    turns: [{ id: 't1', question: 'q', answer, reasoning: '', status: 'done', startedAt: 1 }],
  };
}

describe('host: conversation store', () => {
  let dir: string;
  let store: ConversationStore;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ds-store-'));
    store = new ConversationStore(dir);
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('saves one file per conversation and lists them newest first', async () => {
    await store.save(conversation('a', 100));
    await store.save(conversation('b', 200));
    const { conversations, problems } = await store.list();
    assert.deepEqual(problems, []);
    assert.deepEqual(
      conversations.map((c) => c.id),
      ['b', 'a'],
    );
    assert.deepEqual((await fs.readdir(dir)).sort(), ['a.json', 'b.json']);
    const loaded = await store.load('a');
    assert.ok(loaded && 'conversation' in loaded);
    assert.equal(loaded.conversation.turns[0].answer, 'an answer');
  });

  it('a corrupt file is set aside and reported; the other conversations still load', async () => {
    await store.save(conversation('good', 100));
    await fs.writeFile(path.join(dir, 'bad.json'), '{"version":1,"id":"bad","tur');
    await fs.writeFile(path.join(dir, 'wrong.json'), JSON.stringify({ version: 1, id: 'wrong', title: 't', createdAt: 1, updatedAt: 1, turns: [{ id: 3 }] }));
    const { conversations, problems } = await store.list();
    assert.deepEqual(
      conversations.map((c) => c.id),
      ['good'],
    );
    assert.equal(problems.length, 2);
    const bad = problems.find((p) => p.file.endsWith('bad.json'));
    assert.match(bad?.reason ?? '', /not valid JSON/);
    assert.ok(bad?.setAsideAs && (await fs.readFile(bad.setAsideAs, 'utf8')).startsWith('{"version":1'), 'the corrupt bytes are kept');
    assert.match(problems.find((p) => p.file.endsWith('wrong.json'))?.reason ?? '', /turn 1 is malformed/);
    // Set aside, so the next listing is clean.
    assert.deepEqual((await store.list()).problems, []);
  });

  it('writes atomically: no temp files remain and concurrent saves end with the newest', async () => {
    const saves = [];
    for (let i = 0; i < 20; i++) saves.push(store.save(conversation('c', i, `answer ${i}`)));
    await Promise.all(saves);
    assert.deepEqual(await fs.readdir(dir), ['c.json']);
    const loaded = await store.load('c');
    assert.ok(loaded && 'conversation' in loaded);
    assert.equal(loaded.conversation.turns[0].answer, 'answer 19');
  });

  it('renames and deletes', async () => {
    await store.save(conversation('r', 1));
    assert.equal(await store.rename('r', '  My chat '), true);
    const loaded = await store.load('r');
    assert.ok(loaded && 'conversation' in loaded && loaded.conversation.title === 'My chat');
    await store.delete('r');
    assert.equal(await store.load('r'), undefined);
    assert.deepEqual((await store.list()).conversations, []);
  });

  it('a conversation deleted while its answer streams stays deleted: later saves are refused', async () => {
    await store.save(conversation('live', 1, 'the answer so f'));
    const inFlight = store.save(conversation('live', 2, 'the answer so far')); // queued before the delete
    await store.delete('live');
    await inFlight;
    await store.save(conversation('live', 3, 'the answer so far, and more')); // the autosave after it
    assert.deepEqual(await fs.readdir(dir), []);
    assert.equal(await store.load('live'), undefined);
  });

  it('keeps only the newest set-aside copies of unreadable files', async () => {
    for (let i = 1; i <= KEEP_CORRUPT_COPIES + 3; i++) await fs.writeFile(path.join(dir, `x${i}.json.corrupt-${1000 + i}`), 'junk');
    await store.list();
    const left = (await fs.readdir(dir)).sort();
    assert.equal(left.length, KEEP_CORRUPT_COPIES);
    assert.ok(left.includes(`x${KEEP_CORRUPT_COPIES + 3}.json.corrupt-${1000 + KEEP_CORRUPT_COPIES + 3}`), 'the newest copy was removed');
    assert.ok(!left.includes('x1.json.corrupt-1001'), 'the oldest copy was kept');
  });

  it('refuses ids that could leave the folder', async () => {
    await assert.rejects(store.save({ ...conversation('x', 1), id: '../evil' }), /invalid conversation id/);
  });

  it('titles come from the first line of the first question', () => {
    assert.equal(titleFrom('## How do I sort?\nmore'), 'How do I sort?');
    assert.equal(titleFrom('Explain this typescript from `a.ts` (line 1):\n\n```ts\nx\n```'), 'Explain this typescript from a.ts (line 1):');
    assert.equal(titleFrom('x'.repeat(100)).length, 58);
  });
});

describe('host: autosave', () => {
  it('folds many changes into one save per interval, and saves at once when asked', async () => {
    let saves = 0;
    const autosave = new Autosave(async () => void saves++, (err) => assert.fail(String(err)), 30);
    for (let i = 0; i < 50; i++) autosave.schedule();
    assert.equal(saves, 0);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(saves, 1);
    autosave.schedule();
    await autosave.now();
    assert.equal(saves, 2);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(saves, 2, 'the scheduled save was folded into the immediate one');
  });
});
