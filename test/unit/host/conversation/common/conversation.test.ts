import * as assert from 'node:assert/strict';
import { Conversation, estimateTokens } from '../../../../../src/host/conversation/common/conversation';
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
});
