import * as assert from 'node:assert/strict';
import { readSettings } from '../../../../../src/host/core/common/settings';

function settingsFrom(values: Record<string, unknown>) {
  return readSettings((key) => values[key]);
}

describe('host: settings', () => {
  it('accepts the defaults and strips a trailing slash from the base URL', () => {
    const r = settingsFrom({ baseUrl: 'https://api.deepseek.com/', model: 'deepseek-flash' });
    assert.ok(r.ok);
    assert.equal(r.settings.baseUrl, 'https://api.deepseek.com');
    assert.equal(r.settings.isLoopback, false);
    assert.equal(r.settings.firstTokenTimeoutMs, 600_000);
    assert.equal(r.settings.maxRetries, 3);
  });

  it('accepts http:// only for a server on this machine', () => {
    for (const url of ['http://localhost:11434/v1', 'http://127.0.0.1:1234/v1', 'http://[::1]:8000']) {
      const r = settingsFrom({ baseUrl: url, model: 'm' });
      assert.ok(r.ok, url);
      assert.equal(r.settings.isLoopback, true);
    }
    const remote = settingsFrom({ baseUrl: 'http://example.com/v1', model: 'm' });
    assert.ok(!remote.ok);
    assert.match(remote.message, /unencrypted/);
    assert.equal(remote.setting, 'deepseek.baseUrl');
  });

  it('refuses bad values with a message naming the setting, not a stack trace', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ baseUrl: 'api.deepseek.com', model: 'm' }, /deepseek\.baseUrl.*not a URL/],
      [{ baseUrl: 'ftp://x', model: 'm' }, /must start with https/],
      [{ baseUrl: 'https://u:p@x.com', model: 'm' }, /user name or password/],
      [{ baseUrl: 'https://x.com', model: '  ' }, /deepseek\.model/],
      [{ baseUrl: 'https://x.com', model: 'm', temperature: 3 }, /deepseek\.temperature.*0 to 2/],
      [{ baseUrl: 'https://x.com', model: 'm', maxTokens: 1.5 }, /deepseek\.maxTokens.*whole number/],
      [{ baseUrl: 'https://x.com', model: 'm', idleTimeoutSeconds: 'soon' }, /idleTimeoutSeconds/],
    ];
    for (const [values, pattern] of cases) {
      const r = settingsFrom(values);
      assert.ok(!r.ok, JSON.stringify(values));
      assert.match(r.message, pattern);
      assert.doesNotMatch(r.message, /at .*\.ts:\d+/);
    }
  });

  it('converts seconds to milliseconds and keeps optional numbers unset when empty', () => {
    const r = settingsFrom({ baseUrl: 'https://x.com', model: 'm', idleTimeoutSeconds: 30, temperature: null, maxTokens: '' });
    assert.ok(r.ok);
    assert.equal(r.settings.idleTimeoutMs, 30_000);
    assert.equal(r.settings.temperature, undefined);
    assert.equal(r.settings.maxTokens, undefined);
  });

  it('deepseek.maxContinuations: default 8, a whole number from 0 to 100', () => {
    const d = settingsFrom({ baseUrl: 'https://x.com', model: 'm' });
    assert.ok(d.ok);
    assert.equal(d.settings.maxContinuations, 8);
    const zero = settingsFrom({ baseUrl: 'https://x.com', model: 'm', maxContinuations: 0 });
    assert.ok(zero.ok);
    assert.equal(zero.settings.maxContinuations, 0);
    for (const bad of [-1, 2.5, 101, 'many']) {
      const r = settingsFrom({ baseUrl: 'https://x.com', model: 'm', maxContinuations: bad });
      assert.ok(!r.ok, String(bad));
      assert.equal(r.setting, 'deepseek.maxContinuations');
      assert.match(r.message, /deepseek\.maxContinuations.*whole number from 0 to 100/);
    }
  });
});
