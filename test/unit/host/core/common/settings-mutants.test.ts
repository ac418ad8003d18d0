import * as assert from 'node:assert/strict';
import { isLoopbackHost, readSettings, type SettingsResult } from '../../../../../src/host/core/common/settings';

function settingsFrom(values: Record<string, unknown>): SettingsResult {
  return readSettings((key) => values[key]);
}

const base = { baseUrl: 'https://api.deepseek.com', model: 'deepseek-flash' };

function accepted(values: Record<string, unknown>) {
  const r = settingsFrom({ ...base, ...values });
  assert.ok(r.ok, `${JSON.stringify(values)}: ${r.ok ? '' : r.message}`);
  return r.settings;
}

function refused(values: Record<string, unknown>): { message: string; setting: string } {
  const r = settingsFrom({ ...base, ...values });
  assert.ok(!r.ok, `${JSON.stringify(values)} was accepted`);
  return { message: r.message, setting: r.setting };
}

describe('host: settings (edge cases)', () => {
  it('with only a base URL set, every other setting has its documented default', () => {
    const r = readSettings((key) => (key === 'baseUrl' ? 'https://api.deepseek.com' : undefined));
    assert.ok(r.ok);
    assert.deepEqual(r.settings, {
      baseUrl: 'https://api.deepseek.com',
      isLoopback: false,
      model: 'deepseek-flash',
      temperature: undefined,
      maxTokens: undefined,
      systemPrompt: '',
      firstTokenTimeoutMs: 600_000,
      idleTimeoutMs: 120_000,
      maxRetries: 3,
      maxSelectionLines: 400,
      maxFileBytes: 256 * 1024,
      contextBudgetTokens: 32_000,
      maxContinuations: 8,
      maxRequestsPerSecond: 0,
      thinking: 'auto',
      reasoningEffort: 'auto',
      maxImageBytes: 2048 * 1024,
      maxImages: 4,
      headers: {},
      maxResponseBytes: 64 * 1024 * 1024,
      chatLocation: 'view',
    });
  });

  it('each setting the user changes takes effect, in the units the extension uses', () => {
    const s = accepted({
      firstTokenTimeoutSeconds: 30,
      idleTimeoutSeconds: 45,
      maxRetries: 1,
      maxSelectionLines: 50,
      maxFileSizeKB: 2,
      contextBudgetTokens: 2000,
      maxContinuations: 2,
      maxRequestsPerSecond: 5,
      maxImageSizeKB: 32,
      maxImagesPerQuestion: 2,
      maxResponseMB: 3,
      thinking: 'enabled',
      reasoningEffort: 'high',
      chatLocation: 'editor',
      temperature: 1,
      maxTokens: 100,
      systemPrompt: 'Be brief.',
    });
    assert.equal(s.firstTokenTimeoutMs, 30_000);
    assert.equal(s.idleTimeoutMs, 45_000);
    assert.equal(s.maxRetries, 1);
    assert.equal(s.maxSelectionLines, 50);
    assert.equal(s.maxFileBytes, 2048);
    assert.equal(s.contextBudgetTokens, 2000);
    assert.equal(s.maxContinuations, 2);
    assert.equal(s.maxRequestsPerSecond, 5);
    assert.equal(s.maxImageBytes, 32 * 1024);
    assert.equal(s.maxImages, 2);
    assert.equal(s.maxResponseBytes, 3 * 1024 * 1024);
    assert.equal(s.thinking, 'enabled');
    assert.equal(s.reasoningEffort, 'high');
    assert.equal(s.chatLocation, 'editor');
    assert.equal(s.temperature, 1);
    assert.equal(s.maxTokens, 100);
    assert.equal(s.systemPrompt, 'Be brief.');
  });

  it('a number setting cleared to null or empty text falls back to its default; one typed as text is read as a number', () => {
    assert.equal(accepted({ maxRetries: null }).maxRetries, 3);
    assert.equal(accepted({ maxRetries: '' }).maxRetries, 3);
    assert.equal(accepted({ maxRetries: '5' }).maxRetries, 5);
    assert.equal(accepted({ temperature: '0.5' }).temperature, 0.5);
    assert.equal(accepted({ temperature: undefined, maxTokens: null }).maxTokens, undefined);
    const yes = refused({ maxRetries: true });
    assert.equal(yes.setting, 'deepseek.maxRetries');
    assert.equal(yes.message, 'The setting "deepseek.maxRetries" must be a whole number from 0 to 10; it is true.');
  });

  it('the ends of a range are allowed, one step past them is not', () => {
    assert.equal(accepted({ maxRetries: 10 }).maxRetries, 10);
    assert.equal(accepted({ maxRetries: 0 }).maxRetries, 0);
    assert.equal(accepted({ temperature: 2 }).temperature, 2);
    assert.equal(refused({ maxRetries: 11 }).setting, 'deepseek.maxRetries');
    assert.equal(refused({ temperature: 2.01 }).message, 'The setting "deepseek.temperature" must be a number from 0 to 2; it is 2.01.');
  });

  it('timeouts, temperature, request rate and response size may be fractional; counts and sizes must be whole numbers', () => {
    const s = accepted({ firstTokenTimeoutSeconds: 7.5, idleTimeoutSeconds: 5.5, temperature: 0.7, maxRequestsPerSecond: 0.5, maxResponseMB: 1.5 });
    assert.equal(s.firstTokenTimeoutMs, 7500);
    assert.equal(s.idleTimeoutMs, 5500);
    assert.equal(s.temperature, 0.7);
    assert.equal(s.maxRequestsPerSecond, 0.5);
    assert.equal(s.maxResponseBytes, 1.5 * 1024 * 1024);
    const whole: Array<[string, number, string]> = [
      ['maxRetries', 2.5, 'from 0 to 10'],
      ['maxSelectionLines', 10.5, 'from 10 to 100000'],
      ['maxFileSizeKB', 1.5, 'from 1 to 10240'],
      ['contextBudgetTokens', 1000.5, 'from 1000 to 1000000'],
      ['maxContinuations', 1.5, 'from 0 to 100'],
      ['maxImageSizeKB', 16.5, 'from 16 to 20480'],
      ['maxImagesPerQuestion', 1.5, 'from 1 to 20'],
      ['maxTokens', 1.5, 'from 1 to 10000000'],
    ];
    for (const [key, value, range] of whole) {
      const r = refused({ [key]: value });
      assert.equal(r.setting, `deepseek.${key}`);
      assert.equal(r.message, `The setting "deepseek.${key}" must be a whole number ${range}; it is ${value}.`);
    }
  });

  it('a choice setting left null or empty uses its default; an unknown choice is refused listing the allowed ones', () => {
    assert.equal(accepted({ thinking: null }).thinking, 'auto');
    assert.equal(accepted({ chatLocation: '' }).chatLocation, 'view');
    const r = refused({ thinking: 'sometimes' });
    assert.equal(r.setting, 'deepseek.thinking');
    assert.equal(r.message, 'The setting "deepseek.thinking" must be one of "auto", "enabled", "disabled"; it is "sometimes".');
    const where = refused({ chatLocation: 1 });
    assert.equal(where.setting, 'deepseek.chatLocation');
    assert.equal(where.message, 'The setting "deepseek.chatLocation" must be one of "view", "editor"; it is 1.');
  });

  it('a missing, blank or non-text base URL is reported as empty, and spaces around a URL are ignored', () => {
    const empty = 'The setting "deepseek.baseUrl" is empty. Set it to https://api.deepseek.com or your server\'s URL.';
    for (const baseUrl of [undefined, '', '   ', 42]) {
      const r = refused({ baseUrl });
      assert.equal(r.setting, 'deepseek.baseUrl', String(baseUrl));
      assert.equal(r.message, empty, String(baseUrl));
    }
    assert.equal(accepted({ baseUrl: '  https://api.deepseek.com/v1  ' }).baseUrl, 'https://api.deepseek.com/v1');
    const notUrl = refused({ baseUrl: '  api.deepseek.com  ' });
    assert.equal(notUrl.setting, 'deepseek.baseUrl');
    assert.equal(notUrl.message, 'The setting "deepseek.baseUrl" is not a URL: "api.deepseek.com". Example: https://api.deepseek.com');
  });

  it('a base URL with another scheme or with credentials is refused under deepseek.baseUrl', () => {
    const ftp = refused({ baseUrl: 'ftp://x.com' });
    assert.equal(ftp.setting, 'deepseek.baseUrl');
    assert.equal(ftp.message, 'The setting "deepseek.baseUrl" must start with https:// (or http:// for a server on this machine); it is "ftp://x.com".');
    const credentials = 'The setting "deepseek.baseUrl" must not contain a user name or password; use "DeepSeek: Set API Key".';
    for (const baseUrl of ['https://user@x.com', 'https://:secret@x.com', 'https://user:secret@x.com']) {
      const r = refused({ baseUrl });
      assert.equal(r.setting, 'deepseek.baseUrl', baseUrl);
      assert.equal(r.message, credentials, baseUrl);
    }
  });

  it('the base URL loses every trailing slash, its query and its fragment', () => {
    assert.equal(accepted({ baseUrl: 'https://x.com/v1///' }).baseUrl, 'https://x.com/v1');
    assert.equal(accepted({ baseUrl: 'https://x.com/v1/?a=1#top' }).baseUrl, 'https://x.com/v1');
  });

  it('any 127.x.x.x address or *.localhost name counts as this machine; a name that only starts like one does not', () => {
    for (const baseUrl of ['http://127.10.200.30:8080/v1', 'http://127.1.2.3', 'http://api.localhost:11434/v1']) {
      const s = accepted({ baseUrl });
      assert.equal(s.isLoopback, true, baseUrl);
    }
    const lookalike = refused({ baseUrl: 'http://127.0.0.1.example.com/v1' });
    assert.equal(lookalike.setting, 'deepseek.baseUrl');
    assert.match(lookalike.message, /unencrypted/);
    assert.equal(accepted({ baseUrl: 'https://127.0.0.1.example.com' }).isLoopback, false);
    assert.equal(accepted({ baseUrl: 'https://localhost.example.com' }).isLoopback, false);
    for (const host of ['evil127.0.0.1', 'x.127.0.0.1', '127.0.0.1.example.com', 'localhost.example.com', '127.0.0']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });

  it('deepseek.headers: unset or null means no extra headers; text or a list is refused; a bad name is quoted shortened', () => {
    assert.deepEqual(accepted({ headers: null }).headers, {});
    assert.deepEqual(accepted({ headers: undefined }).headers, {});
    const shape = 'The setting "deepseek.headers" must be an object of header names and text values.';
    for (const headers of ['X-Team: payments', ['X-Team'], 5]) {
      const r = refused({ headers });
      assert.equal(r.setting, 'deepseek.headers', JSON.stringify(headers));
      assert.equal(r.message, shape, JSON.stringify(headers));
    }
    const longName = `Bad Name ${'x'.repeat(60)}`;
    const name = refused({ headers: { [longName]: 'v' } });
    assert.equal(name.setting, 'deepseek.headers');
    assert.equal(name.message, `The setting "deepseek.headers" has a header name that cannot be used: ${JSON.stringify(longName.slice(0, 40))}.`);
    const value = refused({ headers: { 'X-Team': 'a\nb' } });
    assert.equal(value.setting, 'deepseek.headers');
    assert.equal(value.message, 'The setting "deepseek.headers" has a value for "X-Team" that is not one line of text.');
  });

  it('a null model means the default model; a blank or non-text model is refused under deepseek.model', () => {
    assert.equal(accepted({ model: null }).model, 'deepseek-flash');
    assert.equal(accepted({ model: '  deepseek-pro  ' }).model, 'deepseek-pro');
    for (const model of ['  ', 42]) {
      const r = refused({ model });
      assert.equal(r.setting, 'deepseek.model', String(model));
      assert.equal(r.message, 'The setting "deepseek.model" is empty. Set it to a model id such as deepseek-flash.', String(model));
    }
  });

  it('a system prompt left null is no prompt; one that is not text is refused under deepseek.systemPrompt', () => {
    assert.equal(accepted({ systemPrompt: null }).systemPrompt, '');
    assert.equal(accepted({ systemPrompt: undefined }).systemPrompt, '');
    for (const systemPrompt of [42, ['a'], { text: 'a' }]) {
      const r = refused({ systemPrompt });
      assert.equal(r.setting, 'deepseek.systemPrompt', JSON.stringify(systemPrompt));
      assert.equal(r.message, 'The setting "deepseek.systemPrompt" must be text.');
    }
  });
});
