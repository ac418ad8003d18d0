import * as assert from 'node:assert/strict';
import { completionModel, keyFor, knownNotFim, readCompletionSettings } from '../../../../../src/host/completions/common/completionSettings';
import { addCompletion, costText, totalsFor } from '../../../../../src/host/completions/common/todayCost';

describe('completions: settings, key and model rules, today\'s cost', () => {
  it('is off by default, with the default exclusions and languages; wrong types fall back', () => {
    const s = readCompletionSettings(() => undefined);
    assert.equal(s.enabled, false);
    assert.deepEqual(s.exclude, ['.env*', '*.pem', '*.key', 'id_*']);
    assert.ok(s.disabledLanguages.includes('plaintext'));
    assert.equal(readCompletionSettings((k) => (k === 'debounceMs' ? 'fast' : k === 'exclude' ? 'x' : undefined)).debounceMs, 75);
  });

  it("sends the key only to the chat's own origin", () => {
    assert.equal(keyFor('https://api.deepseek.com/beta', 'https://api.deepseek.com', 'sk-1'), 'sk-1');
    assert.equal(keyFor('http://localhost:11434/v1', 'https://api.deepseek.com', 'sk-1'), '');
    assert.equal(keyFor('https://evil.example', 'https://api.deepseek.com', 'sk-1'), '');
  });

  it("picks DeepSeek's FIM model on DeepSeek, the chat's model elsewhere, the setting when set", () => {
    assert.equal(completionModel('', 'https://api.deepseek.com', 'deepseek-v4-pro'), 'deepseek-flash');
    assert.equal(completionModel('', 'http://localhost:11434/v1', 'qwen2.5-coder'), 'qwen2.5-coder');
    assert.equal(completionModel('my-model', 'https://api.deepseek.com', 'x'), 'my-model');
    assert.equal(knownNotFim('deepseek-reasoner', 'https://api.deepseek.com'), true);
    assert.equal(knownNotFim('deepseek-reasoner', 'http://localhost:8000'), false);
    // The model table: V4 Pro serves no FIM on DeepSeek, Flash does.
    assert.equal(knownNotFim('deepseek-v4-pro', 'https://api.deepseek.com'), true);
    assert.equal(knownNotFim('deepseek-flash', 'https://api.deepseek.com'), false);
  });

  it('adds completions to the day, and starts a new day from zero', () => {
    const day1 = new Date(2026, 11, 7, 10);
    let t = addCompletion(undefined, { prompt_tokens: 100, completion_tokens: 10 }, { currency: 'USD', amount: 0.001 }, day1);
    t = addCompletion(t, { prompt_tokens: 100, completion_tokens: 10 }, { currency: 'USD', amount: 0.002 }, day1);
    assert.equal(totalsFor(t, day1).answers, 2);
    assert.ok(costText(totalsFor(t, day1)));
    assert.equal(totalsFor(t, new Date(2026, 11, 8, 1)).answers, 0);
    assert.equal(addCompletion(t, { prompt_tokens: 1 }, undefined, new Date(2026, 11, 8, 1)).totals.answers, 1);
  });
});
