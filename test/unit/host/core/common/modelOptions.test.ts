// Which models get DeepSeek V4's thinking switch and reasoning effort, and what is sent.
import * as assert from 'node:assert/strict';
import { supportsThinking, thinkingFields } from '../../../../../src/host/core/common/modelOptions';

describe('host: model options (thinking, reasoning effort)', () => {
  it('V4 names (also behind a provider prefix) have the switch; older and other models do not', () => {
    for (const id of ['deepseek-flash', 'deepseek-v4-flash', 'deepseek-v4-pro', 'DeepSeek-V4-Pro', 'deepseek/deepseek-v4-pro']) assert.ok(supportsThinking(id), id);
    for (const id of ['deepseek-chat', 'deepseek-reasoner', 'deepseek-r1', 'llama3', 'qwen3:8b', 'deepseek-flashy-fork']) assert.ok(!supportsThinking(id), id);
  });

  it('auto sends nothing; effort only with thinking not off', () => {
    assert.equal(thinkingFields('deepseek-flash', { thinking: 'auto', reasoningEffort: 'auto' }), undefined);
    assert.deepEqual(thinkingFields('deepseek-flash', { thinking: 'auto', reasoningEffort: 'max' }), { reasoning_effort: 'max' });
    assert.deepEqual(thinkingFields('deepseek-flash', { thinking: 'enabled', reasoningEffort: 'high' }), { thinking: { type: 'enabled' }, reasoning_effort: 'high' });
    assert.deepEqual(thinkingFields('deepseek-flash', { thinking: 'disabled', reasoningEffort: 'max' }), { thinking: { type: 'disabled' } });
    assert.deepEqual(thinkingFields('deepseek-flash', { thinking: 'enabled', reasoningEffort: 'low' }), { thinking: { type: 'enabled' }, reasoning_effort: 'low' });
    assert.equal(thinkingFields('llama3', { thinking: 'enabled', reasoningEffort: 'max' }), undefined);
  });
});
