// The chat controller's finer points, as the panel and its owner see them: the state of a new chat,
// Continue on saved chats, clicks that overtake each other, edit-and-resend, notes, the reasoning
// clock, retry notes, the size cap, and what Stop, a new chat and closing the panel do mid-answer.
import * as assert from 'node:assert/strict';
import { ChatController, type CancellationSourceLike } from '../../../../../src/host/panel/common/chatController';
import { CONTINUE_PROMPT } from '../../../../../src/host/core/common/continuation';
import { readSettings } from '../../../../../src/host/core/common/settings';
import type { StoredConversation } from '../../../../../src/host/conversation/common/conversationStore';
import type { LogEntry } from '../../../../../src/deepseek/types';
import type { Money } from '../../../../../src/shared/money';
import type { AttachmentInfo, HostMessage, ImageAttachment, TurnView } from '../../../../../src/shared/protocol';
import { answer, chunk, DONE, errorResponse, sse, startTestServer, usageFor, type Scenario, type TestServer } from '../../../../server';
import { waitFor as waitUntil } from '../../../helpers';
import { tokenSource } from './tokenSource';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const IMAGE: ImageAttachment = { name: 'shot.png', type: 'image/png', dataUrl: `data:image/png;base64,${PNG_1PX}`, bytes: 70 };
const FILE: AttachmentInfo = { kind: 'file', label: 'a.ts', path: '/work/a.ts', uri: 'file:///work/a.ts', tokens: 9 };
const CONTEXT = 'File `a.ts`:\n```ts\nconst a = 1;\n```\n\n';

/** The key store; while `holding`, reads wait until the test releases them (one by one or all). */
class KeyStore {
  holding = false;
  readonly waiting: Array<() => void> = [];
  constructor(private readonly key: string | undefined) {}
  read = (): Promise<string | undefined> => {
    if (!this.holding) return Promise.resolve(this.key);
    return new Promise((resolve) => this.waiting.push(() => resolve(this.key)));
  };
  release(index: number): void {
    this.waiting[index]();
  }
  releaseAll(): void {
    this.holding = false;
    for (const go of this.waiting) go();
  }
}

interface Harness {
  controller: ChatController;
  posted: HostMessage[];
  values: Record<string, unknown>;
  keys: KeyStore;
  textHooks: number;
  stateChanges: number;
}

interface HarnessOptions {
  settings?: Record<string, unknown>;
  key?: string | null;
  onLog?: (entry: LogEntry, controller: ChatController) => void;
  costOf?: () => Money | undefined;
  createCancellation?: () => CancellationSourceLike;
}

function harness(server: TestServer | undefined, options: HarnessOptions = {}): Harness {
  const posted: HostMessage[] = [];
  const values: Record<string, unknown> = {
    baseUrl: server?.url ?? 'https://api.deepseek.com',
    model: 'deepseek-flash',
    systemPrompt: 'sys',
    maxRetries: 2,
    idleTimeoutSeconds: 5,
    ...options.settings,
  };
  const keys = new KeyStore(options.key === null ? undefined : (options.key ?? 'sk-test-key-123456'));
  const h = { posted, values, keys, textHooks: 0, stateChanges: 0 } as Harness;
  h.controller = new ChatController(
    {
      settings: () => readSettings((k) => values[k]),
      apiKey: keys.read,
      offerToSetKey: () => undefined,
      logRequest: (e) => options.onLog?.(e, h.controller),
    },
    {
      post: (m) => posted.push(structuredClone(m)),
      createCancellation: options.createCancellation ?? tokenSource,
      onTextReceived: () => h.textHooks++,
      onDidChangeState: () => h.stateChanges++,
      useModel: async (model) => {
        values.model = model;
      },
      ...(options.costOf ? { costOf: options.costOf } : {}),
      frameMs: 5,
    },
  );
  return h;
}

const waitFor = (cond: () => boolean, ms = 10_000) => waitUntil('the controller to get there', cond, ms);

let savedIds = 0;

function storedTurn(fields: Partial<TurnView>): TurnView {
  return { id: `saved-turn-${++savedIds}`, question: 'q', answer: 'an answer', reasoning: '', status: 'done', startedAt: 1_700_000_000_000, ...fields };
}

function stored(title: string, turns: TurnView[]): StoredConversation {
  return { version: 1, id: `saved-chat-${++savedIds}`, title, createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, turns };
}

function ends(h: Harness, turn: string): Array<Extract<HostMessage, { type: 'turnEnd' }>> {
  return h.posted.filter((m): m is Extract<HostMessage, { type: 'turnEnd' }> => m.type === 'turnEnd' && m.turn === turn);
}

function retryNotes(h: Harness, turn: string): Array<string | undefined> {
  return h.posted.filter((m) => m.type === 'turnInfo' && m.turn === turn).map((m) => (m.type === 'turnInfo' ? m.retryNote : undefined));
}

/** An answer that sends `first`, then waits for `release()` before sending `rest` and ending. */
function heldAnswer(first: string, rest = ''): { scenario: Scenario; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const scenario: Scenario = {
    steps: [
      { write: sse(chunk({ role: 'assistant', content: first })) },
      { until: gate },
      ...(rest ? [{ write: sse(chunk({ content: rest })) }] : []),
      { write: sse(chunk({ content: '', finish: 'stop', usage: usageFor(first + rest) })) },
      { write: DONE },
      { end: true },
    ],
  };
  return { scenario, release };
}

/** The chat requests the server received (not GET /models). */
const chats = (server: TestServer) => server.requests.filter((r) => r.path.endsWith('/chat/completions'));

describe('host: chat controller, state before and around questions', () => {
  it('a new panel shows an untitled chat, no key and no draft; with bad settings it names no model', () => {
    const h = harness(undefined);
    const state = h.controller.state();
    assert.equal(state.title, 'New chat');
    assert.equal(state.hasApiKey, false, 'no key is known before the key store was read');
    assert.equal(state.keyNeeded, true);
    assert.equal('draft' in state, false);
    assert.equal(h.controller.draftText, '');

    const bad = harness(undefined, { settings: { baseUrl: 'http://example.com' } });
    assert.equal(bad.controller.state().model, '');
    bad.controller.setHasApiKey(true);
    assert.deepEqual(bad.posted.at(-1), { type: 'settings', hasApiKey: true, keyNeeded: false, model: '' });
  });

  it('a question refused for lack of a key records the model it was for', async () => {
    const h = harness(undefined, { key: null });
    await h.controller.ask('q');
    const [turn] = h.controller.state().turns;
    assert.equal(turn.error?.kind, 'auth');
    assert.equal(turn.model, 'deepseek-flash');
  });

  it('renaming the chat shows the new title in the panel and in what is saved', () => {
    const h = harness(undefined);
    const changes = h.stateChanges;
    h.controller.setTitle('My renamed chat');
    const sync = h.posted.at(-1);
    assert.ok(sync?.type === 'sync' && sync.state.title === 'My renamed chat');
    assert.equal(h.controller.stored().title, 'My renamed chat');
    assert.equal(h.stateChanges, changes + 1, 'the owner hears of the change (and saves it)');
  });

  it('a saved chat opens with Continue only on its last answer, and only when that answer has text', async () => {
    const h = harness(undefined);
    const canContinue = async (turns: TurnView[]) => {
      await h.controller.open(stored('saved', turns));
      return h.controller.state().turns.map((t) => t.canContinue);
    };
    assert.deepEqual(await canContinue([storedTurn({ status: 'stopped', answer: 'half an' }), storedTurn({ finishReason: 'stop' })]), [false, false]);
    assert.deepEqual(await canContinue([storedTurn({ finishReason: 'stop' }), storedTurn({ status: 'stopped', answer: 'half an' })]), [false, true]);
    assert.deepEqual(await canContinue([storedTurn({ status: 'stopped', answer: '' })]), [false], 'nothing to continue from');
    assert.deepEqual(await canContinue([storedTurn({ status: 'interrupted', answer: '' })]), [false]);
    const error = (kind: 'network' | 'auth') => storedTurn({ status: 'error', answer: 'half an', error: { kind, message: 'm', actions: [] } });
    assert.deepEqual(await canContinue([error('network')]), [true]);
    assert.deepEqual(await canContinue([error('auth')]), [false], 'an answer refused for its key cannot be continued');
    assert.deepEqual(await canContinue([storedTurn({ status: 'error', answer: 'half an' })]), [false], 'an error saved without its reason');
  });
});

describe('host: chat controller against the test server', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('after a question the panel knows a key is stored', async () => {
    server.enqueue(answer('fine'));
    const h = harness(server);
    await h.controller.ask('q');
    assert.equal(h.controller.state().hasApiKey, true);
  });

  it('a blank question is not sent; an image without words is', async () => {
    server.enqueue(answer('A one-pixel image.'));
    const h = harness(server);
    await h.controller.ask('  \n\t ');
    assert.equal(h.controller.state().turns.length, 0);
    assert.equal(server.requests.length, 0);
    await h.controller.ask('', { images: [IMAGE] });
    const [turn] = h.controller.state().turns;
    assert.equal(turn.status, 'done');
    assert.deepEqual(turn.images, [IMAGE]);
    const content = chats(server)[0].body.messages.at(-1).content;
    assert.deepEqual(content.at(-1), { type: 'image_url', image_url: { url: IMAGE.dataUrl } });
  });

  it('a new chat is untitled; an edit sent for a turn of the chat that was left is asked as a new question', async () => {
    server.enqueue(answer('one'), answer('two'));
    const h = harness(server);
    await h.controller.ask('first chat');
    const old = h.controller.state().turns[0];
    await h.controller.newChat();
    assert.equal(h.controller.state().title, 'New chat');
    await h.controller.ask('after a new chat', { replaceTurn: old.id });
    const state = h.controller.state();
    assert.deepEqual(state.turns.map((t) => [t.question, t.answer]), [['after a new chat', 'two']]);
    assert.equal(state.title, 'after a new chat');
  });

  it('questions in quick succession: the chat is named by the first, and a later question does not rename it', async () => {
    server.enqueue(answer('answer 2'), answer('answer 3'));
    const h = harness(server);
    await Promise.all([0, 1, 2].map((i) => h.controller.ask(`question ${i}`)));
    assert.deepEqual(h.controller.state().turns.map((t) => t.status), ['stopped', 'stopped', 'done']);
    assert.equal(h.controller.state().title, 'question 0');
    const start = h.posted.find((m) => m.type === 'turnStart');
    assert.ok(start?.type === 'turnStart' && start.title === 'question 0', 'the header shows the name at once');
    await h.controller.ask('question 3');
    assert.equal(h.controller.state().title, 'question 0');
  });

  it('images at exactly the count and size limits go with the question; a model without vision offers Open Settings', async () => {
    server.enqueue(answer('two images'));
    const h = harness(server, { settings: { maxImagesPerQuestion: 2, maxImageSizeKB: 16 } });
    const atLimit = { ...IMAGE, bytes: 16 * 1024 };
    await h.controller.ask('compare', { images: [atLimit, atLimit] });
    assert.equal(h.controller.state().turns[0].status, 'done');
    assert.equal(chats(server).length, 1);

    const pro = harness(server, { settings: { model: 'deepseek-v4-pro' } });
    await pro.controller.ask('look', { images: [IMAGE] });
    const [turn] = pro.controller.state().turns;
    assert.equal(turn.error?.kind, 'config');
    assert.deepEqual(turn.error?.actions, ['openSettings']);
    assert.equal(chats(server).length, 1, 'no request');
  });

  it('files and selections go before the question and stay with the turn', async () => {
    server.enqueue(answer('explained'));
    const h = harness(server);
    await h.controller.ask('explain', { attachments: { context: CONTEXT, attachments: [FILE] } });
    const [turn] = h.controller.state().turns;
    assert.equal(turn.context, CONTEXT);
    assert.deepEqual(turn.attachments, [FILE]);
    assert.equal(chats(server)[0].body.messages.at(-1).content, `${CONTEXT}explain`);
  });

  it('edit-and-resend without new attachments keeps the edited question\'s files, note and images', async () => {
    server.enqueue(answer('one'), answer('two'));
    const h = harness(server);
    await h.controller.ask('explain', { attachments: { context: CONTEXT, attachments: [FILE] }, note: 'a.ts was cut to 400 lines.', images: [IMAGE] });
    const first = h.controller.state().turns[0];
    await h.controller.ask('explain in detail', { replaceTurn: first.id });
    const turns = h.controller.state().turns;
    assert.equal(turns.length, 1);
    assert.equal(turns[0].question, 'explain in detail');
    assert.equal(turns[0].context, CONTEXT);
    assert.deepEqual(turns[0].attachments, [FILE]);
    assert.equal(turns[0].note, 'a.ts was cut to 400 lines.');
    assert.deepEqual(turns[0].images, [IMAGE]);
    assert.deepEqual(chats(server)[1].body.messages.at(-1).content, [
      { type: 'text', text: `${CONTEXT}explain in detail` },
      { type: 'image_url', image_url: { url: IMAGE.dataUrl } },
    ]);
  });

  it('when earlier turns do not fit the model\'s context, the question says how many were left out, after its own note', async () => {
    const big = () => storedTurn({ question: 'long one', answer: 'a'.repeat(100_000), finishReason: 'stop' });
    server.enqueue(answer('short'), answer('ok'), answer('ok again'));
    const h = harness(server);
    await h.controller.ask('a short chat');
    assert.equal(h.controller.state().turns[0].note, undefined, 'nothing was left out');

    await h.controller.open(stored('Long chat', [big(), big()]));
    await h.controller.ask('next', { note: 'The selection was cut to 400 lines.' });
    let turn = h.controller.state().turns.at(-1)!;
    assert.equal(turn.note, "The selection was cut to 400 lines. 1 earlier turn was left out to fit the model's context.");
    assert.equal(chats(server)[1].body.messages.length, 4, 'system, one earlier turn, the question');
    assert.equal(h.controller.state().title, 'Long chat', 'an answered question does not rename a named chat');

    await h.controller.open(stored('Longer chat', [big(), big(), big()]));
    await h.controller.ask('next again');
    turn = h.controller.state().turns.at(-1)!;
    assert.equal(turn.note, "2 earlier turns were left out to fit the model's context.");
  });

  it('Retry does nothing to an answer that is still streaming', async () => {
    const held = heldAnswer('first part', ' and the rest');
    server.enqueue(held.scenario);
    const h = harness(server);
    const asked = h.controller.ask('q');
    await waitFor(() => h.controller.state().turns[0]?.answer === 'first part');
    await h.controller.retry(h.controller.state().turns[0].id);
    held.release();
    await asked;
    const turns = h.controller.state().turns;
    assert.deepEqual(turns.map((t) => [t.status, t.answer]), [['done', 'first part and the rest']]);
    assert.equal(chats(server).length, 1);
  });

  it('a retried question that a newer question overtakes is kept, stopped, with its images and files', async () => {
    server.enqueue(answer('a pixel'), heldAnswer('B begins').scenario, answer('C answered'));
    const h = harness(server);
    await h.controller.ask('look', { images: [IMAGE], attachments: { context: CONTEXT, attachments: [FILE] } });
    const first = h.controller.state().turns[0];
    const streaming = h.controller.ask('B');
    await waitFor(() => h.controller.state().turns[1]?.answer === 'B begins');
    const retried = h.controller.retry(first.id);
    const newer = h.controller.ask('C');
    await Promise.all([streaming, retried, newer]);
    const turns = h.controller.state().turns;
    assert.deepEqual(turns.map((t) => [t.question, t.status]), [['look', 'done'], ['B', 'stopped'], ['look', 'stopped'], ['C', 'done']]);
    assert.deepEqual(turns[2].images, [IMAGE]);
    assert.equal(turns[2].context, CONTEXT);
    assert.deepEqual(turns[2].attachments, [FILE]);
    assert.equal(chats(server).length, 3, 'the retried question was not sent');
  });

  it('an edited question that a newer question overtakes does not delete the answer it was to replace', async () => {
    server.enqueue(answer('A done'), heldAnswer('B begins').scenario, answer('C answered'));
    const h = harness(server);
    await h.controller.ask('A');
    const streaming = h.controller.ask('B');
    await waitFor(() => h.controller.state().turns[1]?.answer === 'B begins');
    const b = h.controller.state().turns[1];
    const edited = h.controller.ask('B edited', { replaceTurn: b.id });
    const newer = h.controller.ask('C');
    await Promise.all([streaming, edited, newer]);
    const turns = h.controller.state().turns;
    assert.deepEqual(turns.map((t) => [t.question, t.status]), [['A', 'done'], ['B', 'stopped'], ['B edited', 'stopped'], ['C', 'done']]);
    assert.equal(turns[1].id, b.id);
    assert.equal(turns[1].answer, 'B begins');
    assert.equal(chats(server).length, 3, 'the overtaken edit was not sent');
  });

  it('"Use X and retry" makes X the model and asks the question again with it', async () => {
    server.enqueue(errorResponse(400, { error: { message: 'Model Not Exist', type: 'invalid_request_error' } }), answer('now it works'));
    const h = harness(server, { settings: { model: 'deepseek-chat', maxRetries: 0 } });
    await h.controller.ask('hello');
    const failed = h.controller.state().turns[0];
    assert.equal(failed.status, 'error');
    await h.controller.switchModel(failed.id, 'deepseek-flash');
    assert.equal(h.values.model, 'deepseek-flash');
    const turns = h.controller.state().turns;
    assert.deepEqual(turns.map((t) => [t.question, t.answer, t.model]), [['hello', 'now it works', 'deepseek-flash']]);
    assert.equal(chats(server)[1].body.model, 'deepseek-flash');
  });

  it('Continue, then a new chat while the key is read: nothing is sent', async () => {
    server.enqueue(answer('cut off he', { finish: 'length' }));
    const h = harness(server);
    await h.controller.ask('q');
    const cut = h.controller.state().turns[0];
    assert.equal(cut.canContinue, true);
    h.keys.holding = true;
    const continued = h.controller.continueTurn(cut.id);
    await h.controller.newChat();
    h.keys.releaseAll();
    await continued;
    assert.equal(h.controller.state().turns.length, 0);
    assert.equal(server.requests.length, 1);
  });

  it('a question, Continue and another question while the key is read: only the last question is answered', async () => {
    server.enqueue(answer('cut off he', { finish: 'length' }), answer('second answered'));
    const h = harness(server);
    await h.controller.ask('q');
    const cut = h.controller.state().turns[0];
    h.keys.holding = true;
    const first = h.controller.ask('first');
    const continueAt = h.keys.waiting.length;
    const continued = h.controller.continueTurn(cut.id);
    assert.equal(h.keys.waiting.length, continueAt + 1, 'Continue reads the key');
    const second = h.controller.ask('second');
    // Continue's key comes first: the question asked after it wins all the same.
    h.keys.release(continueAt);
    await continued;
    h.keys.releaseAll();
    await Promise.all([first, second]);
    const turns = h.controller.state().turns;
    assert.deepEqual(turns.map((t) => [t.question, t.status, t.answer]), [
      ['q', 'done', 'cut off he'],
      ['first', 'stopped', ''],
      ['second', 'done', 'second answered'],
    ]);
    assert.equal(chats(server).length, 2);
    assert.equal(chats(server)[1].body.messages.at(-1).content, 'second');
  });

  it('Continue shows the answer streaming again without its old error, sends its images, and no key to a local server', async () => {
    server.enqueue(answer('part one', { done: false, finish: null }), answer(' and part two'));
    const h = harness(server, { key: null });
    await h.controller.ask('look', { images: [IMAGE] });
    const cut = h.controller.state().turns[0];
    assert.equal(cut.error?.kind, 'truncated');
    const before = h.posted.length;
    await h.controller.continueTurn(cut.id);
    const sync = h.posted.slice(before).find((m) => m.type === 'sync');
    assert.ok(sync?.type === 'sync');
    const shown = sync.state.turns[0];
    assert.equal(shown.status, 'streaming');
    assert.equal(shown.error, undefined);
    assert.equal(shown.endedAt, undefined);
    const turn = h.controller.state().turns[0];
    assert.equal(turn.status, 'done');
    assert.equal(turn.answer, 'part one and part two');
    const request = chats(server)[1];
    assert.equal(request.headers.authorization, undefined);
    const messages = request.body.messages;
    assert.equal(messages.at(-1).content, CONTINUE_PROMPT);
    assert.deepEqual(messages.at(-3).content, [
      { type: 'text', text: 'look' },
      { type: 'image_url', image_url: { url: IMAGE.dataUrl } },
    ]);
  });

  it('a continuation priced in another currency (the setting changed) is not added to the first price', async () => {
    const prices: Money[] = [{ amount: 0.5, currency: 'CNY' }, { amount: 0.25, currency: 'USD' }];
    server.enqueue(answer('cut off he', { finish: 'length' }), answer('re.'));
    const h = harness(server, { costOf: () => prices.shift() });
    await h.controller.ask('q');
    assert.deepEqual(h.controller.state().turns[0].cost, { amount: 0.5, currency: 'CNY' });
    await h.controller.continueTurn(h.controller.state().turns[0].id);
    assert.deepEqual(h.controller.state().turns[0].cost, { amount: 0.25, currency: 'USD' });
  });

  it('the text hook fires once per piece of reasoning or answer text, not for the usage or the end', async () => {
    server.enqueue(answer('abcd', { reasoning: 'rrrr', deltaSize: 4 }));
    const h = harness(server);
    await h.controller.ask('q');
    assert.equal(h.controller.state().turns[0].answer, 'abcd');
    assert.equal(h.textHooks, 2);
  });

  it('a runaway reasoning stream is stopped at the size cap, which the message gives in millions', async () => {
    server.enqueue(answer('x'.repeat(10), { reasoning: 'r'.repeat(150_000), deltaSize: 1000 }));
    const h = harness(server);
    h.controller.maxAnswerChars = 100_000;
    await h.controller.ask('q');
    const [turn] = h.controller.state().turns;
    assert.equal(turn.error?.kind, 'too_large');
    assert.match(turn.error?.message ?? '', /passed 0\.1 million characters/);
    assert.ok(turn.reasoning.length > 100_000 && turn.reasoning.length < 150_000, `${turn.reasoning.length}`);
  });

  it('the retry note goes away once when text or reasoning arrives, and counts whole seconds', async () => {
    const busy = (after: string) => errorResponse(429, { error: { message: 'Rate limit reached' } }, { 'Retry-After': after });
    server.enqueue(busy('0'), answer('after the wait'), busy('0'), answer('', { reasoning: 'thinking it over', deltaSize: 3 }));
    const h = harness(server);
    await h.controller.ask('q1');
    let [turn] = h.controller.state().turns;
    assert.equal(turn.answer, 'after the wait');
    assert.deepEqual(retryNotes(h, turn.id).map((n) => n !== undefined), [true, false]);
    await h.controller.ask('q2');
    turn = h.controller.state().turns[1];
    assert.equal(turn.reasoning, 'thinking it over');
    assert.deepEqual(retryNotes(h, turn.id).map((n) => n !== undefined), [true, false]);

    server.enqueue(errorResponse(503, { error: { message: 'Server busy' } }, { 'Retry-After': '30' }));
    const asked = h.controller.ask('q3');
    await waitFor(() => h.controller.state().turns[2]?.retryNote !== undefined);
    assert.match(h.controller.state().turns[2].retryNote!, /Retrying in 30 s \(attempt 1 of 2\)/);
    h.controller.stop();
    await asked;
    assert.equal(h.controller.state().turns[2].status, 'stopped');
  });

  it('an answer without reasoning has no reasoning time', async () => {
    server.enqueue(answer('plain words', { deltaSize: 3 }));
    const h = harness(server);
    await h.controller.ask('q');
    const [turn] = h.controller.state().turns;
    assert.equal(turn.reasoningEndedAt, undefined);
    assert.equal(ends(h, turn.id)[0].reasoningEndedAt, undefined);
  });

  it('reasoning ends when the answer text starts, not when the answer ends', async () => {
    let go!: () => void;
    const gate = new Promise<void>((resolve) => (go = resolve));
    server.enqueue({
      steps: [
        { write: sse(chunk({ role: 'assistant', content: null, reasoning: 'thinking' })) },
        { write: sse(chunk({ content: 'A' })) },
        { until: gate },
        { write: sse(chunk({ content: 'B' })) },
        { write: sse(chunk({ content: '', finish: 'stop', usage: usageFor('AB', 'thinking') })) },
        { write: DONE },
        { end: true },
      ],
    });
    const h = harness(server);
    const asked = h.controller.ask('q');
    await waitFor(() => h.controller.state().turns[0]?.answer === 'A');
    const thoughtUntil = h.controller.state().turns[0].reasoningEndedAt;
    assert.ok(thoughtUntil !== undefined, 'the reasoning shows as ended while the answer streams');
    await waitFor(() => Date.now() > thoughtUntil);
    go();
    await asked;
    const [turn] = h.controller.state().turns;
    assert.equal(turn.answer, 'AB');
    assert.ok(turn.endedAt! > thoughtUntil);
    assert.equal(turn.reasoningEndedAt, thoughtUntil);
    assert.equal(ends(h, turn.id)[0].reasoningEndedAt, thoughtUntil);
  });

  it('reasoning with no answer text ends when the answer ends', async () => {
    server.enqueue(answer('', { reasoning: 'only thinking', deltaSize: 4 }));
    const h = harness(server);
    await h.controller.ask('q');
    const [turn] = h.controller.state().turns;
    assert.equal(turn.status, 'done');
    assert.ok(turn.endedAt !== undefined);
    assert.equal(turn.reasoningEndedAt, turn.endedAt);
  });

  it('Stop pressed as the request fails ends the turn stopped, as asked', async () => {
    server.enqueue(errorResponse(400, { error: { message: 'bad request' } }));
    const h = harness(server, { onLog: (e, controller) => e.event === 'done' && controller.stop() });
    await h.controller.ask('q');
    const [turn] = h.controller.state().turns;
    assert.equal(turn.status, 'stopped');
    assert.equal(turn.error, undefined);
  });

  it('each answer lets go of the cancellation listener it registered', async () => {
    const live = new Set<() => void>();
    const longLived = (): CancellationSourceLike => ({
      token: {
        isCancellationRequested: false,
        onCancellationRequested(listener) {
          live.add(listener);
          return { dispose: () => live.delete(listener) };
        },
      },
      cancel: () => undefined,
      dispose: () => undefined,
    });
    server.enqueue(answer('one'), answer('two'));
    const h = harness(server, { createCancellation: longLived });
    await h.controller.ask('q1');
    await h.controller.ask('q2');
    assert.equal(live.size, 0);
  });

  it('a new chat started while an answer streams waits until that answer has stopped', async () => {
    server.enqueue(heldAnswer('the beginning').scenario);
    const h = harness(server);
    const asked = h.controller.ask('q');
    await waitFor(() => h.controller.state().turns[0]?.answer === 'the beginning');
    const id = h.controller.state().turns[0].id;
    await h.controller.newChat();
    assert.equal(h.controller.isStreaming, false);
    const end = h.posted.findIndex((m) => m.type === 'turnEnd' && m.turn === id);
    const lastSync = h.posted.map((m) => m.type).lastIndexOf('sync');
    assert.ok(end >= 0 && end < lastSync, 'the answer ended before the new chat was shown');
    assert.equal(ends(h, id)[0].status, 'stopped');
    await asked;
  });

  it('closing the panel stops the streaming answer and closes its request', async () => {
    server.enqueue(heldAnswer('the beginning').scenario);
    const h = harness(server);
    const asked = h.controller.ask('q');
    await waitFor(() => h.controller.state().turns[0]?.answer === 'the beginning');
    h.controller.dispose();
    await asked;
    assert.equal(h.controller.state().turns[0].status, 'stopped');
    await waitFor(() => server.requests[0].closedAt !== undefined, 30_000);
    assert.ok(server.requests[0].clientAborted);
  });
});
