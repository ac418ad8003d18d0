// VS Code chat messages → DeepSeek messages: tool results as role "tool", reasoning sent back only
// inside the current tool-call loop and only for models that want it.

import * as assert from 'node:assert/strict';
import { toDeepSeekMessages, type NeutralMessage } from '../../../../../src/host/vscodeChat/common/lmMessages';
import { isR1Era, specFor } from '../../../../../src/host/vscodeChat/common/lmModels';

const older: NeutralMessage[] = [
  { role: 'user', parts: [{ kind: 'text', text: 'First question' }] },
  { role: 'assistant', parts: [{ kind: 'thinking', text: 'old thoughts' }, { kind: 'toolCall', callId: 'old', name: 'read_file', input: { filePath: 'x' } }] },
  { role: 'user', parts: [{ kind: 'toolResult', callId: 'old', text: 'x contents' }] },
  { role: 'assistant', parts: [{ kind: 'text', text: 'Answer one' }] },
];
const loop: NeutralMessage[] = [
  { role: 'system', parts: [{ kind: 'text', text: 'You are an agent.' }] },
  ...older,
  { role: 'user', parts: [{ kind: 'text', text: 'Read a.ts' }] },
  { role: 'assistant', parts: [{ kind: 'thinking', text: 'I must read a.ts.' }, { kind: 'text', text: 'Reading.' }, { kind: 'toolCall', callId: 'c1', name: 'read_file', input: { filePath: 'a.ts' } }] },
  { role: 'user', parts: [{ kind: 'toolResult', callId: 'c1', text: 'export const a = 1;' }] },
];

describe('host: VS Code chat messages → DeepSeek messages', () => {
  it('maps roles, tool calls and tool results; reasoning only inside the current loop (thinking model)', () => {
    const out = toDeepSeekMessages(loop, specFor({ id: 'deepseek-flash' }));
    assert.deepEqual(out.map((m) => m.role), ['system', 'user', 'assistant', 'tool', 'assistant', 'user', 'assistant', 'tool']);
    assert.equal(out[2]!.reasoning_content, undefined, 'reasoning of an earlier loop is not sent');
    const current = out[6]!;
    assert.equal(current.content, 'Reading.');
    assert.equal(current.reasoning_content, 'I must read a.ts.');
    assert.deepEqual(current.tool_calls, [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"filePath":"a.ts"}' } }]);
    assert.deepEqual(out[7], { role: 'tool', tool_call_id: 'c1', content: 'export const a = 1;' });
  });

  it('a thinking model whose reasoning VS Code dropped gets the remembered one, else ""', () => {
    const noThinking = loop.map((m) => ({ ...m, parts: m.parts.filter((p) => p.kind !== 'thinking') }));
    const remembered = toDeepSeekMessages(noThinking, specFor({ id: 'deepseek-flash' }), { reasoningForCall: (id) => (id === 'c1' ? 'kept' : undefined) });
    assert.equal(remembered[6]!.reasoning_content, 'kept');
    const none = toDeepSeekMessages(noThinking, specFor({ id: 'deepseek-flash' }));
    assert.equal(none[6]!.reasoning_content, '');
  });

  it('a non-thinking model gets no reasoning_content; an R1-era model never does', () => {
    const noThinking = loop.map((m) => ({ ...m, parts: m.parts.filter((p) => p.kind !== 'thinking') }));
    assert.equal(toDeepSeekMessages(noThinking, specFor({ id: 'qwen2.5-coder' }))[6]!.reasoning_content, undefined);
    const r1 = toDeepSeekMessages(loop, specFor({ id: 'deepseek-r1' }));
    assert.ok(r1.every((m) => m.reasoning_content === undefined));
    assert.ok(isR1Era('deepseek-r1:14b') && isR1Era('deepseek/deepseek-r1-distill-qwen') && !isR1Era('deepseek-reasoner'));
  });

  it('drops assistant messages that would be empty (only thinking)', () => {
    const out = toDeepSeekMessages([{ role: 'user', parts: [{ kind: 'text', text: 'hi' }] }, { role: 'assistant', parts: [{ kind: 'thinking', text: 't' }] }], specFor({ id: 'qwen2.5-coder' }));
    assert.deepEqual(out, [{ role: 'user', content: 'hi' }]);
  });

  it('reports honest limits, tool calling and vision from the model table', () => {
    const flash = specFor({ id: 'deepseek-flash' });
    assert.equal(flash.maxInputTokens + flash.maxOutputTokens, 1_048_576);
    assert.equal(flash.maxOutputTokens, 393_216);
    assert.equal(flash.toolCalling, true);
    assert.equal(flash.vision, true);
    assert.equal(specFor({ id: 'deepseek-v4-pro' }).vision, false);
    const unknown = specFor({ id: 'some-new-model' });
    assert.equal(unknown.maxInputTokens + unknown.maxOutputTokens, 64_000, 'conservative defaults');
    assert.equal(unknown.vision, false);
    const served = specFor({ id: 'qwen2.5-coder', contextLength: 32_768 });
    assert.equal(served.maxInputTokens + served.maxOutputTokens, 32_768);
    assert.equal(specFor({ id: 'deepseek-r1' }).toolCalling, false);
  });
});
