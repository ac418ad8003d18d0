// The model table: today's DeepSeek models with their real limits and features, the server's word for
// ids it does not know, conservative defaults otherwise, and prices for every entry that has them.
import * as assert from 'node:assert/strict';
import { DEFAULT_MODEL, knownModel, MODEL_TABLE, modelEntry, tablePrices } from '../../../src/shared/modelTable';
import { DEFAULT_PRICES } from '../../../src/host/models/common/pricing';
import { readSettings } from '../../../src/host/core/common/settings';
import * as fs from 'node:fs';
import * as path from 'node:path';

describe('shared: model table', () => {
  it('the default model is deepseek-flash, in the table, with vision, FIM, tool calls, efforts and a price', () => {
    assert.equal(DEFAULT_MODEL, 'deepseek-flash');
    const flash = knownModel(DEFAULT_MODEL)!;
    assert.deepEqual(
      { context: flash.contextTokens, output: flash.maxOutputTokens, vision: flash.vision, fim: flash.fim, tools: flash.toolCalls, thinking: flash.thinkingDefault, efforts: flash.efforts },
      { context: 1_048_576, output: 393_216, vision: true, fim: true, tools: true, thinking: true, efforts: ['low', 'high', 'max'] },
    );
    assert.ok(flash.prices?.CNY && flash.prices.USD);
  });

  it('package.json and the settings reader default to it', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default?: unknown; enum?: string[] }> } } };
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['deepseek.model']!.default, DEFAULT_MODEL);
    assert.deepEqual(props['deepseek.reasoningEffort']!.enum, ['auto', 'low', 'high', 'max']);
    const result = readSettings((key) => (key === 'baseUrl' ? 'https://api.deepseek.com' : undefined));
    assert.ok(result.ok && result.settings.model === DEFAULT_MODEL);
  });

  it('Pro takes no images; the old Flash name is Flash', () => {
    assert.equal(modelEntry('deepseek-v4-pro').vision, false);
    assert.equal(modelEntry('deepseek-v4-flash').vision, true);
    assert.equal(modelEntry('deepseek/DeepSeek-Flash').name, 'DeepSeek V4.1 Flash');
  });

  it('unknown ids: the server context length, else conservative defaults, no vision or FIM', () => {
    const served = modelEntry('qwen2.5-coder', { id: 'qwen2.5-coder', contextLength: 32_768 });
    assert.equal(served.contextTokens, 32_768);
    assert.equal(served.maxOutputTokens, 8_000);
    assert.equal(served.known, false);
    const bare = modelEntry('something-new');
    assert.deepEqual([bare.contextTokens, bare.maxOutputTokens, bare.vision, bare.fim, bare.efforts.length], [64_000, 8_000, false, false, 0]);
    assert.equal(modelEntry('deepseek-r1').toolCalls, false);
  });

  it('no retired model is in the table, and every priced entry is in the default price table', () => {
    for (const m of MODEL_TABLE) assert.ok(!['deepseek-chat', 'deepseek-reasoner'].includes(m.id));
    assert.equal(knownModel('deepseek-chat'), undefined);
    assert.deepEqual(DEFAULT_PRICES, tablePrices());
    for (const m of MODEL_TABLE) if (m.prices) assert.equal(DEFAULT_PRICES[m.id], m.prices);
  });
});
