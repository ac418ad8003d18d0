import * as assert from 'node:assert/strict';
import { Conversation, estimateTokens, newTurnId } from '../../../../../src/host/conversation/common/conversation';
import type { TurnView } from '../../../../../src/shared/protocol';

function turn(id: string, question: string, answer: string, status: TurnView['status'] = 'done'): TurnView {
  return { id, question, answer, reasoning: 'private thoughts', status, startedAt: 0 };
}

describe('host: conversation', () => {
  it('sends system prompt, earlier turns and the question, never the reasoning', () => {
    const c = new Conversation();
    c.add(turn('1', 'q1', 'a1'));
    c.add(turn('2', 'q2', 'a2'));
    const next = turn('3', 'q3', '', 'streaming');
    c.add(next);
    const { messages, omittedTurns } = c.requestMessages(next, 'be brief');
    assert.deepEqual(messages, [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: 'a2' },
      { role: 'user', content: 'q3' },
    ]);
    assert.equal(omittedTurns, 0);
    assert.ok(!JSON.stringify(messages).includes('private thoughts'));
  });

  it('a long system prompt takes its share of the history budget: an earlier turn that fits without it is left out', () => {
    const c = new Conversation();
    c.add(turn('1', 'q'.repeat(100), 'a'.repeat(100)));
    const next = turn('2', 'now', '', 'streaming');
    c.add(next);
    assert.equal(c.requestMessages(next, '', 100).omittedTurns, 0);
    const { messages, omittedTurns } = c.requestMessages(next, 's'.repeat(200), 100);
    assert.equal(omittedTurns, 1);
    assert.deepEqual(messages.map((m) => m.role), ['system', 'user']);
  });

  it('leaves out the oldest turns that do not fit the budget, and counts them', () => {
    const c = new Conversation();
    c.add(turn('1', 'old '.repeat(1000), 'a'));
    c.add(turn('2', 'recent', 'answer'));
    const next = turn('3', 'now', '', 'streaming');
    const { messages, omittedTurns } = c.requestMessages(next, '', 500);
    assert.equal(omittedTurns, 1);
    assert.deepEqual(
      messages.map((m) => m.content),
      ['recent', 'answer', 'now'],
    );
  });

  it('skips turns without an answer and marks restored streaming turns interrupted', () => {
    const c = new Conversation();
    c.restore([turn('1', 'q', 'partial', 'streaming'), turn('2', 'failed', '', 'error')]);
    assert.equal(c.get('1')?.status, 'interrupted');
    const next = turn('3', 'q3', '', 'streaming');
    assert.deepEqual(
      c.requestMessages(next, '').messages.map((m) => m.content),
      ['q', 'partial', 'q3'],
    );
  });

  it('estimates Chinese at twice the tokens per character of English', () => {
    assert.equal(estimateTokens('a'.repeat(100)), 30);
    assert.equal(estimateTokens('中'.repeat(100)), 60);
  });

  it('counts every character past ASCII as a wide one, from U+0080 on', () => {
    assert.equal(estimateTokens('\u007f'.repeat(10)), 3);
    assert.equal(estimateTokens('\u0080'.repeat(10)), 6);
    assert.equal(estimateTokens('é'.repeat(10)), 6);
  });

  it('turn ids made in quick succession are all different', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20_000; i++) ids.add(newTurnId());
    assert.equal(ids.size, 20_000);
  });

  it('finds the turn whose answer is streaming, and none when no answer is', () => {
    const c = new Conversation();
    c.add(turn('1', 'q1', 'a1'));
    assert.equal(c.streaming(), undefined);
    c.add(turn('2', 'q2', 'a2', 'stopped'));
    c.add(turn('3', 'q3', 'partial', 'streaming'));
    assert.equal(c.streaming()?.id, '3');
  });

  it('a cleared conversation has no turns and sends no history', () => {
    const c = new Conversation();
    c.add(turn('1', 'q1', 'a1'));
    c.add(turn('2', 'q2', 'a2'));
    c.clear();
    assert.deepEqual(c.all(), []);
    assert.deepEqual(
      c.requestMessages(turn('3', 'q3', '', 'streaming'), '').messages.map((m) => m.content),
      ['q3'],
    );
  });

  it('restoring keeps finished, stopped and failed turns exactly as saved', () => {
    const saved: TurnView[] = [
      { ...turn('1', 'q1', 'a1'), note: 'a note' },
      { ...turn('2', 'q2', 'half', 'stopped'), canContinue: true },
      { ...turn('3', 'q3', '', 'error'), retryNote: 'Retrying in 2 s' },
    ];
    const c = new Conversation();
    c.restore(saved);
    assert.deepEqual(c.snapshot(), saved);
  });

  it('retrying the first question sends only that question, none of the later turns', () => {
    const c = new Conversation();
    const first = turn('1', 'q1', 'a1');
    c.add(first);
    c.add(turn('2', 'q2', 'a2'));
    const { messages, omittedTurns } = c.requestMessages(first, '');
    assert.deepEqual(messages, [{ role: 'user', content: 'q1' }]);
    assert.equal(omittedTurns, 0);
  });

  it('an earlier answer of only blank space is not sent, and a blank system prompt is left out', () => {
    const c = new Conversation();
    c.add(turn('1', 'q1', '  \n\t'));
    c.add(turn('2', 'q2', 'a2'));
    const { messages, omittedTurns } = c.requestMessages(turn('3', 'q3', '', 'streaming'), ' \n ');
    assert.deepEqual(messages, [
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: 'a2' },
      { role: 'user', content: 'q3' },
    ]);
    assert.equal(omittedTurns, 0);
  });

  it('a long answer uses up the history budget just like a long question', () => {
    const c = new Conversation();
    c.add(turn('1', 'short', 'word '.repeat(1000))); // about 1500 tokens, nearly all answer
    const { messages, omittedTurns } = c.requestMessages(turn('2', 'now', '', 'streaming'), '', 500);
    assert.equal(omittedTurns, 1);
    assert.deepEqual(
      messages.map((m) => m.content),
      ['now'],
    );
  });

  it('the budget is shared: once newer turns have used it, older ones are left out', () => {
    const c = new Conversation();
    for (const id of ['1', '2', '3']) c.add(turn(id, `q${id}`, 'a'.repeat(1000))); // 301 tokens each
    const { messages, omittedTurns } = c.requestMessages(turn('4', 'q4', '', 'streaming'), '', 700);
    assert.equal(omittedTurns, 1);
    assert.deepEqual(
      messages.map((m) => m.content).filter((m) => m.startsWith('q')),
      ['q2', 'q3', 'q4'],
    );
  });

  it('an earlier turn that exactly fills what is left of the budget is still sent', () => {
    const c = new Conversation();
    c.add(turn('1', 'a'.repeat(10), 'b'.repeat(20))); // 3 + 6 = 9 tokens
    const next = turn('2', 'x'.repeat(10), '', 'streaming'); // 3 tokens
    assert.equal(c.requestMessages(next, '', 12).omittedTurns, 0, '9 tokens left, 9 needed');
    assert.equal(c.requestMessages(next, '', 11).omittedTurns, 1, '8 tokens left, 9 needed');
  });
});
