// Behaviour of the model table (src/shared/modelTable.ts) that a StrykerJS run showed untested: ids
// that only start with "r1", ids with stray spaces, output limits under a small served context,
// which unknown models think by default, and which get DeepSeek V4's thinking switch and efforts.

import * as assert from 'node:assert/strict';
import { knownModel, modelEntry } from '../../src/shared/modelTable';

describe('model table: cases the mutation run found untested', () => {
  it('an id that starts with r1 (r1-1776) is an R1-era reasoner: it thinks by default and gets no tool calls', () => {
    const entry = modelEntry('r1-1776');
    assert.deepEqual([entry.thinkingDefault, entry.toolCalls], [true, false]);
    const upper = modelEntry('R1:14b');
    assert.deepEqual([upper.thinkingDefault, upper.toolCalls], [true, false]);
  });

  it('a model id with stray spaces around it (as a server may list it) is still the table\'s model', () => {
    assert.equal(knownModel(' deepseek-flash ')?.id, 'deepseek-flash');
    const pro = modelEntry('\tdeepseek-v4-pro\n');
    assert.deepEqual([pro.known, pro.name, pro.vision], [true, 'DeepSeek V4 Pro', false]);
  });

  it('a served context smaller than twice the usual answer limits answers to half of it, known model or not', () => {
    assert.equal(modelEntry('tiny-coder', { id: 'tiny-coder', contextLength: 4_096 }).maxOutputTokens, 2_048);
    assert.equal(modelEntry('deepseek-flash', { id: 'deepseek-flash', contextLength: 131_072 }).maxOutputTokens, 65_536);
    assert.equal(modelEntry('deepseek-flash').maxOutputTokens, 393_216, 'the full context keeps the table\'s limit');
  });

  it('unknown R1-era models and ones named for reasoning or thinking think by default; others do not', () => {
    assert.equal(modelEntry('deepseek-r1').thinkingDefault, true);
    assert.equal(modelEntry('deepseek/deepseek-r1-distill-llama-70b').thinkingDefault, true);
    assert.equal(modelEntry('qwen3-30b-thinking').thinkingDefault, true);
    assert.equal(modelEntry('o4-reasoner').thinkingDefault, true);
    assert.equal(modelEntry('qwen2.5-coder').thinkingDefault, false);
  });

  it('a model merely named after DeepSeek V4 (another base\'s distill) gets no thinking switch or efforts; a V4 id behind a provider does', () => {
    const distill = modelEntry('qwen3-8b-deepseek-v4-distill');
    assert.deepEqual([distill.thinkingSwitch, distill.efforts], [false, []]);
    const prefixed = modelEntry('openrouter/deepseek-v4-lite');
    assert.deepEqual([prefixed.known, prefixed.thinkingSwitch, prefixed.efforts], [false, true, ['low', 'high', 'max']]);
  });
});
