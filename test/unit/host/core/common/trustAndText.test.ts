// Text shown in notifications and quick picks cannot become a link or an icon; user-only settings
// ignore the workspace levels; deepseek.headers cannot carry our own headers or line breaks.

import * as assert from 'node:assert/strict';
import { inert } from '../../../../../src/host/core/common/inertText';
import { readSettings } from '../../../../../src/host/core/common/settings';
import { userLevelValue } from '../../../../../src/host/core/common/trustedSettings';

// VS Code's notification link syntax (linkedText): [label](command:… | https://… | file:…)
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;

describe('host: inert text, user-only settings, headers', () => {
  it('inert() breaks command links and icons, keeps the words', () => {
    for (const text of [
      'Invalid key. [Click to fix](command:workbench.action.terminal.sendSequence?%7B%7D)',
      'see [docs](https://evil.example)',
      'a [multi\nline](command:x) link',
      '[x] \t(command:y)',
    ]) {
      const out = inert(text);
      assert.doesNotMatch(out, LINK, out);
      assert.doesNotMatch(out, /[\n\r\t]/);
    }
    assert.equal(inert('$(zap) model'), '$ (zap) model');
    assert.match(inert('Invalid key. [Click to fix](command:x)'), /Invalid key\. \[Click to fix\] \(command:x\)/);
    assert.equal(inert('deepseek-chat'), 'deepseek-chat');
  });

  it('userLevelValue takes the user value or the default, and names ignored workspace levels', () => {
    assert.deepEqual(userLevelValue({ defaultValue: 'd', globalValue: 'g', workspaceValue: 'w', workspaceFolderValue: 'f' }), { value: 'g', ignored: ['workspace', 'workspaceFolder'] });
    assert.deepEqual(userLevelValue({ defaultValue: 'd', workspaceValue: 'w' }), { value: 'd', ignored: ['workspace'] });
    assert.deepEqual(userLevelValue({ defaultValue: 'd', workspaceLanguageValue: 'w' }), { value: 'd', ignored: ['workspace'] });
    assert.deepEqual(userLevelValue(undefined), { value: undefined, ignored: [] });
  });

  it('a user value alone ignores nothing; a language-specific folder value is named as ignored', () => {
    assert.deepEqual(userLevelValue({ defaultValue: 'd', globalValue: 'g' }), { value: 'g', ignored: [] });
    assert.deepEqual(userLevelValue({ defaultValue: 'd', workspaceFolderLanguageValue: 'f' }), { value: 'd', ignored: ['workspaceFolder'] });
  });

  it('inert() keeps the text as written otherwise: one space per run of line breaks, code-like brackets untouched', () => {
    assert.equal(inert('Bad gateway.\r\nTry later.\u2028Or not.'), 'Bad gateway. Try later. Or not.');
    assert.equal(inert('items[0]get(1) and list[i](x)'), 'items[0]get(1) and list[i] (x)');
  });

  describe('deepseek.headers', () => {
    const base = { baseUrl: 'https://api.deepseek.com', model: 'deepseek-flash' } as Record<string, unknown>;
    const read = (headers: unknown) => readSettings((key) => (key === 'headers' ? headers : base[key]));

    it('passes gateway headers through', () => {
      const r = read({ 'X-Team': 'payments' });
      assert.ok(r.ok);
      assert.deepEqual(r.settings.headers, { 'X-Team': 'payments' });
    });

    it('refuses our own headers, bad names and line breaks, naming the setting', () => {
      for (const bad of [{ Authorization: 'Bearer x' }, { host: 'evil' }, { 'Bad Name': 'x' }, { 'X-A': 'one\r\nX-Injected: two' }, { 'X-A': 1 }, ['x']]) {
        const r = read(bad);
        assert.equal(r.ok, false, JSON.stringify(bad));
        if (!r.ok) assert.equal(r.setting, 'deepseek.headers');
      }
    });
  });
});
