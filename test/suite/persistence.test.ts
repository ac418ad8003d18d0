// Conversations on disk, checked in a real extension host: one JSON file per conversation under the
// extension's global storage, kept current while an answer streams, left alone by New Chat, and a
// corrupt file (planted by the runner before VS Code started) set aside without breaking anything.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  PLANTED_CORRUPT_CONTENT,
  PLANTED_CORRUPT_NAME,
  PLANTED_VALID_ANSWER,
  PLANTED_VALID_ID,
  PLANTED_VALID_QUESTION,
  PLANTED_VALID_TITLE,
} from '../runners/plant';
import { answer } from '../server/scenarios';
import { conversationFileNames, conversationsDir, savedConversations, savedTurn, savedWithQuestion, type SavedFile } from './disk';
import { api, fire, lastTurn, startServerWithKey, waitFor, type TestServer } from './helpers';

suite('Persistence', () => {
  let server: TestServer;

  suiteSetup(async () => {
    server = await startServerWithKey();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('deepseek.stop');
    await server?.close();
  });

  setup(async () => {
    await vscode.commands.executeCommand('deepseek.newChat');
    await (await api()).whenIdle();
  });

  test('a finished answer is saved as a JSON file under the global storage, with question and answer', async () => {
    const deepseek = await api();
    const question = `Where do conversations live? (persistence ${Date.now()})`;
    const expected = 'In **one JSON file** per conversation, under the extension\'s global storage.';
    server.enqueue(answer(expected, { deltaSize: 4, delayMs: 2 }));
    await vscode.commands.executeCommand('deepseek.ask', question);
    await deepseek.whenIdle();
    assert.equal(lastTurn(deepseek.getState()).status, 'done');

    // Saved at once at turn end (the write itself is async: allow it a moment).
    const saved = await waitFor(
      'the finished turn on disk',
      () => {
        const t = savedTurn(question);
        return t?.status === 'done' ? savedWithQuestion(question) : undefined;
      },
      3000,
    );
    assert.equal(path.dirname(saved.file), conversationsDir());
    assert.equal(path.basename(saved.file), `${saved.data.id}.json`, 'the file is not named after the conversation id');
    assert.equal(saved.data.version, 1);
    assert.equal(saved.data.turns.length, 1);
    assert.equal(saved.data.turns[0].question, question);
    assert.equal(saved.data.turns[0].answer, expected);
    assert.equal(saved.data.title, deepseek.getState().title, 'the saved title differs from the panel title');
    // Written atomically: no temp file is left behind.
    const temps = conversationFileNames().filter((n) => n.includes('.tmp'));
    assert.deepEqual(temps, [], `temp files left in ${conversationsDir()}`);
  });

  test('while an answer streams, the saved answer follows the received text', async () => {
    const deepseek = await api();
    const question = `Tell me a long story, saved as it streams (${Date.now()}) #slow`;
    const asked = fire('deepseek.ask', question);
    try {
      await waitFor('the answer to start streaming', () => {
        const t = deepseek.getState().turns.at(-1);
        return t?.status === 'streaming' && t.answer.length > 20;
      });
      // Twice, while the answer is still streaming: what the panel had received is on disk soon
      // after (the autosave runs every 500 ms; the lag is printed, not asserted: a loaded machine
      // may be slower), and the file keeps growing (it is not only written at turn start and end).
      const lengths: number[] = [];
      for (let sample = 0; sample < 2; sample++) {
        const received = lastTurn(deepseek.getState()).answer;
        const t0 = Date.now();
        const onDisk = await waitFor(
          `the saved answer to catch up with ${received.length} received chars`,
          () => {
            const t = savedTurn(question);
            return t && t.answer.length >= received.length ? t : undefined;
          },
          30_000,
          20,
        );
        console.log(`      (sample ${sample + 1}: on disk ${Date.now() - t0} ms after it was received)`);
        assert.equal(onDisk.status, 'streaming', 'the saved turn should say it is still streaming');
        assert.ok(onDisk.answer.startsWith(received), 'the saved text is not the text received');
        assert.ok(lastTurn(deepseek.getState()).answer.startsWith(onDisk.answer), 'the saved text is not a prefix of the panel text');
        lengths.push(onDisk.answer.length);
        const grown = onDisk.answer.length + 100;
        await waitFor(`100 more characters received (past ${grown})`, () => lastTurn(deepseek.getState()).answer.length >= grown, 30_000);
      }
      assert.ok(lengths[1] > lengths[0], `the saved answer did not grow while streaming (${lengths.join(' → ')} chars)`);
    } finally {
      await vscode.commands.executeCommand('deepseek.stop');
      await asked;
      await deepseek.whenIdle();
    }
    const final = lastTurn(deepseek.getState());
    assert.equal(final.status, 'stopped');
    const saved = await waitFor('the stopped turn on disk', () => (savedTurn(question)?.status === 'stopped' ? savedTurn(question) : undefined), 30_000);
    assert.equal(saved.answer, final.answer, 'the saved stopped answer differs from the panel');
  });

  test('New Chat starts an empty conversation and the previous one stays on disk', async () => {
    const deepseek = await api();
    const first = `First conversation, kept on disk (${Date.now()})`;
    await vscode.commands.executeCommand('deepseek.ask', first);
    await deepseek.whenIdle();
    const old = await waitFor(
      'the first conversation on disk, finished',
      () => (savedWithQuestion(first)?.data.turns[0]?.status === 'done' ? savedWithQuestion(first) : undefined),
      3000,
    );
    const oldText = fs.readFileSync(old.file, 'utf8');
    const before = new Set(conversationFileNames());

    await vscode.commands.executeCommand('deepseek.newChat');
    await deepseek.whenIdle();
    const state = deepseek.getState();
    assert.equal(state.turns.length, 0, 'New Chat kept turns');
    assert.equal(state.title, 'New chat');
    await deepseek.whenSaved();
    assert.ok(fs.existsSync(old.file), 'New Chat removed the previous conversation file');
    assert.equal(fs.readFileSync(old.file, 'utf8'), oldText, 'New Chat changed the previous conversation file');
    const added = conversationFileNames().filter((n) => !before.has(n));
    assert.deepEqual(added, [], 'an empty conversation was written to disk');

    const second = `Second conversation (${Date.now()})`;
    await vscode.commands.executeCommand('deepseek.ask', second);
    await deepseek.whenIdle();
    const now = await waitFor('the second conversation on disk', () => savedWithQuestion(second), 30_000);
    assert.notEqual(now.file, old.file, 'the new chat was saved over the previous one');
    assert.equal(now.data.turns.length, 1);
    assert.equal(fs.readFileSync(old.file, 'utf8'), oldText, 'asking in the new chat changed the previous conversation');
  });

  test('a corrupt file planted before start is set aside; the other conversations still open', async function () {
    if (!process.env.DEEPSEEK_TEST_PLANTED) this.skip(); // the runner did not plant the files
    const deepseek = await api();
    await deepseek.whenIdle(); // includes reading the saved conversations at activation
    const names = conversationFileNames();
    assert.ok(!names.includes(PLANTED_CORRUPT_NAME), `the corrupt ${PLANTED_CORRUPT_NAME} is still there under its name`);
    const setAside = names.filter((n) => n.startsWith(`${PLANTED_CORRUPT_NAME}.corrupt-`));
    assert.equal(setAside.length, 1, `expected one ${PLANTED_CORRUPT_NAME}.corrupt-<time>, found: ${names.join(', ')}`);
    assert.match(setAside[0], /\.corrupt-\d+$/);
    assert.equal(
      fs.readFileSync(path.join(conversationsDir(), setAside[0]), 'utf8'),
      PLANTED_CORRUPT_CONTENT,
      'the set-aside file does not hold the original bytes',
    );

    // The valid conversation planted next to it is still listed and opens from Show Chat History.
    const planted = savedConversations().find((c) => c.data.id === PLANTED_VALID_ID);
    assert.ok(planted, `the valid planted conversation ${PLANTED_VALID_ID}.json is gone`);
    assert.equal(planted.data.turns[0].question, PLANTED_VALID_QUESTION);
    await openFromHistory(planted, () => deepseek.getState().title === PLANTED_VALID_TITLE);
    const state = deepseek.getState();
    assert.equal(state.turns[0].question, PLANTED_VALID_QUESTION);
    assert.equal(state.turns[0].answer, PLANTED_VALID_ANSWER);
    assert.equal(state.turns[0].status, 'done');

    // …and asking still works.
    await vscode.commands.executeCommand('deepseek.newChat');
    const question = `Still working after the corrupt file? (${Date.now()})`;
    await vscode.commands.executeCommand('deepseek.ask', question);
    await deepseek.whenIdle();
    assert.equal(lastTurn(deepseek.getState()).status, 'done');
  });
});

/**
 * Runs "DeepSeek: Show Chat History" and accepts the row of `target` with the quick-input
 * commands a keyboard user would use (the list is newest first, as the store lists it). The command
 * returns once the quick pick has its items and show() was called; the extension host sends that
 * to the window on its next macrotask, so one macrotask later the keys arrive after it.
 */
async function openFromHistory(target: SavedFile, opened: () => boolean): Promise<void> {
  const order = savedConversations()
    .map((c) => c.data)
    .sort((a, b) => b.updatedAt - a.updatedAt);
  const index = order.findIndex((c) => c.id === target.data.id);
  assert.ok(index >= 0);
  for (let attempt = 1; attempt <= 3; attempt++) {
    await vscode.commands.executeCommand('deepseek.history');
    await new Promise((r) => setTimeout(r, 0));
    await vscode.commands.executeCommand('quickInput.first');
    for (let i = 0; i < index; i++) await vscode.commands.executeCommand('quickInput.next');
    await vscode.commands.executeCommand('quickInput.accept');
    try {
      await waitFor('the conversation picked in Show Chat History', () => opened(), 15_000);
      return;
    } catch {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
  }
  assert.fail(`could not open ${target.data.id} from Show Chat History`);
}
