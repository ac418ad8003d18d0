import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ConversationStore,
  KEEP_CORRUPT_COPIES,
  titleFrom,
  validateConversation,
  type StoredConversation,
} from '../../../../../src/host/conversation/common/conversationStore';

function conversation(id: string, updatedAt = 1): StoredConversation {
  return {
    version: 1,
    id,
    title: `chat ${id}`,
    createdAt: 1,
    updatedAt,
    turns: [{ id: 't1', question: 'q', answer: 'a', reasoning: '', status: 'done', startedAt: 1 }],
  };
}

describe('host: conversation titles', () => {
  it('code is left out of the title; blank leading lines are skipped', () => {
    assert.equal(titleFrom('Fix this: ```const x = 1``` please'), 'Fix this: please');
    assert.equal(titleFrom('   \n\t\nHow do I sort?'), 'How do I sort?');
  });

  it('a question that opens with a code block is named by the words after it, in one line', () => {
    assert.equal(titleFrom('```ts\nconst x = 1;\n```\nWhy is this wrong?'), 'Why is this wrong?');
    assert.equal(titleFrom('```ts\nconst x = 1;\n```\n\nWhy is this wrong?\nIt throws.'), 'Why is this wrong?');
  });

  it('a question that is only code is named by its first line of code', () => {
    assert.equal(titleFrom('```ts\n\nconst x = 1;\nlet y;\n```'), 'const x = 1;');
    assert.equal(titleFrom('```\nunterminated();'), 'unterminated();');
  });

  it('code inside a line is cut out and the words around it kept; an indented or unclosed block is code too', () => {
    assert.equal(titleFrom('call```foo()```now'), 'call now');
    assert.equal(titleFrom('  ```py\n  x = 1\n  ```'), 'x = 1');
    assert.equal(titleFrom('```js\nfoo()'), 'foo()');
  });

  it('a question with no words gets the title "New chat"', () => {
    assert.equal(titleFrom(''), 'New chat');
    assert.equal(titleFrom('## '), 'New chat');
  });

  it('a 60-character first line is kept whole; a longer one is cut with an ellipsis', () => {
    assert.equal(titleFrom('y'.repeat(60)), 'y'.repeat(60));
    assert.equal(titleFrom('y'.repeat(61)), `${'y'.repeat(57)}…`);
  });
});

describe('host: conversation file checks', () => {
  const turn = { id: 't1', question: 'q', answer: 'a', reasoning: '', status: 'done', startedAt: 1 };
  const withTurns = (turns: unknown[]) => ({ ...conversation('c'), turns });

  it('a saved turn missing any of its fields, or with an unknown status, makes the chat malformed', () => {
    assert.equal(validateConversation(withTurns([turn])), undefined);
    for (const field of ['id', 'question', 'answer', 'reasoning', 'startedAt', 'status']) {
      const broken: Record<string, unknown> = { ...turn };
      delete broken[field];
      assert.equal(validateConversation(withTurns([turn, broken])), 'turn 2 is malformed', `without ${field}`);
    }
    assert.equal(validateConversation(withTurns([{ ...turn, startedAt: '1' }])), 'turn 1 is malformed');
    assert.equal(validateConversation(withTurns([{ ...turn, status: 'thinking' }])), 'turn 1 is malformed');
  });

  it('turns that are not objects are reported malformed, never thrown on', () => {
    for (const value of [null, undefined, 7, 'text', true]) {
      assert.equal(validateConversation(withTurns([turn, value])), 'turn 2 is malformed', String(value));
    }
    assert.equal(validateConversation(undefined), 'not a JSON object');
  });
});

describe('host: conversation store edge cases', () => {
  let dir: string;
  let store: ConversationStore;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ds-store-'));
    store = new ConversationStore(dir);
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('each unreadable saved chat is set aside with a reason naming what is wrong; a good one still loads', async () => {
    const without = (id: string, field: keyof StoredConversation) => JSON.stringify({ ...conversation(id), [field]: undefined });
    const files: Record<string, string> = {
      'number.json': '42',
      'null.json': 'null',
      'v2.json': JSON.stringify({ ...conversation('v2'), version: 2 }),
      'noid.json': without('noid', 'id'),
      'notitle.json': without('notitle', 'title'),
      'nocreated.json': without('nocreated', 'createdAt'),
      'noupdated.json': without('noupdated', 'updatedAt'),
      'noturns.json': without('noturns', 'turns'),
      'renamed.json': JSON.stringify(conversation('original')),
      'good.json': JSON.stringify(conversation('good')),
    };
    for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, name), text);
    await fs.mkdir(path.join(dir, 'folder.json'));

    const { conversations, problems } = await store.list();
    assert.deepEqual(
      conversations.map((c) => c.id),
      ['good'],
    );
    const reasons = Object.fromEntries(problems.map((p) => [path.basename(p.file), p.reason]));
    assert.match(reasons['folder.json'] ?? '', /^unreadable \(/);
    delete reasons['folder.json'];
    assert.deepEqual(reasons, {
      'number.json': 'not a JSON object',
      'null.json': 'not a JSON object',
      'v2.json': 'unknown version 2',
      'noid.json': 'missing or invalid id',
      'notitle.json': 'missing title',
      'nocreated.json': 'missing timestamps',
      'noupdated.json': 'missing timestamps',
      'noturns.json': 'missing turns',
      'renamed.json': 'its id does not match its file name',
    });
    for (const p of problems) assert.ok(p.setAsideAs, `${p.file} was set aside`);
    assert.deepEqual((await store.list()).problems, [], 'all set aside, so the next listing is clean');
  });

  it('a store whose folder does not exist yet lists nothing; a folder path that is a file is an error', async () => {
    assert.deepEqual(await new ConversationStore(path.join(dir, 'not-yet')).list(), { conversations: [], problems: [] });
    const file = path.join(dir, 'a-file');
    await fs.writeFile(file, '');
    await assert.rejects(new ConversationStore(file).list(), { code: 'ENOTDIR' });
  });

  it('pruning set-aside copies leaves alone other files whose names merely contain ".corrupt-"', async () => {
    for (let i = 1; i <= KEEP_CORRUPT_COPIES + 1; i++) await fs.writeFile(path.join(dir, `x${i}.json.corrupt-${1000 + i}`), 'junk');
    await fs.writeFile(path.join(dir, 'notes.corrupt-1.txt'), 'mine');
    await store.list();
    const left = await fs.readdir(dir);
    assert.ok(left.includes('notes.corrupt-1.txt'), 'a file that is not a set-aside copy was removed');
    assert.ok(!left.includes('x1.json.corrupt-1001'), 'the oldest copy was kept');
    assert.equal(left.length, KEEP_CORRUPT_COPIES + 1);
  });

  it('a save that cannot replace its file fails and leaves no temp file; a later save works', async () => {
    await fs.mkdir(path.join(dir, 'c.json'));
    await fs.writeFile(path.join(dir, 'c.json', 'in the way'), '');
    await assert.rejects(store.save(conversation('c')));
    assert.deepEqual(await fs.readdir(dir), ['c.json']);
    await fs.rm(path.join(dir, 'c.json'), { recursive: true });
    await store.save(conversation('c', 2));
    const loaded = await store.load('c');
    assert.ok(loaded && 'conversation' in loaded);
    assert.equal(loaded.conversation.updatedAt, 2);
  });

  it('renaming a chat that was never saved, or cannot be read, reports false and writes nothing', async () => {
    assert.equal(await store.rename('missing', 'New name'), false);
    assert.deepEqual(await fs.readdir(dir), []);
    await fs.writeFile(path.join(dir, 'broken.json'), '{');
    assert.equal(await store.rename('broken', 'New name'), false);
    assert.equal(await store.load('broken'), undefined, 'set aside, not rewritten');
  });

  it('deleting a chat that was never saved, or deleting one twice, succeeds quietly', async () => {
    await store.delete('never-saved');
    await store.save(conversation('twice'));
    await store.delete('twice');
    await store.delete('twice');
    assert.deepEqual(await fs.readdir(dir), []);
  });
});
