// The messages @deepseek sends (src/host/vscodeChat/common/participantPrompt.ts): the system prompt
// when set, the session's answered turns, then the new question.

import * as assert from 'node:assert/strict';
import { buildParticipantPrompt, participantMessages } from '../../../../../src/host/vscodeChat/common/participantPrompt';

describe('host: @deepseek messages', () => {
  it('puts the system prompt first, then each answered turn as a question and its answer, then the question', () => {
    const earlier = [
      { question: 'What is a?', answer: 'a is 1.' },
      { question: 'Stopped before any text', answer: '  \n' },
      { question: 'And b?', answer: 'b is 2.' },
    ];
    assert.deepEqual(participantMessages('Be brief.', earlier, 'And c?'), [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is a?' },
      { role: 'assistant', content: 'a is 1.' },
      { role: 'user', content: 'And b?' },
      { role: 'assistant', content: 'b is 2.' },
      { role: 'user', content: 'And c?' },
    ]);
  });

  it('sends no system message for a blank system prompt', () => {
    assert.deepEqual(participantMessages('   ', [], 'Hello'), [{ role: 'user', content: 'Hello' }]);
  });

  it('builds a /fix question over a snippet, with its file and lines', () => {
    const prompt = buildParticipantPrompt('fix', '', [{ fileName: 'src/a.ts', languageId: 'typescript', startLine: 3, text: 'let a = 1\nlet b = 2' }], 400);
    assert.match(prompt.question, /^Find the bugs in this code/);
    assert.ok(prompt.question.includes('`src/a.ts` (lines 3–4):\n\n```typescript\nlet a = 1\nlet b = 2\n```'), prompt.question);
    assert.deepEqual(prompt.notes, []);
  });
});
