import * as assert from 'node:assert/strict';
import { DEFAULT_DISABLED_LANGUAGES, keyFor, readCompletionSettings } from '../../../../../src/host/completions/common/completionSettings';
import { DEFAULT_EXCLUDE } from '../../../../../src/host/completions/common/exclusion';

/** The settings as a user wrote them: `deepseek.completions.<key>`, anything else unset. */
const read = (values: Record<string, unknown>) => readCompletionSettings((key) => values[key]);

describe('completions: the settings as the user wrote them', () => {
  it('reads each setting under its own name', () => {
    const s = read({
      enabled: true,
      model: 'qwen2.5-coder:7b',
      baseUrl: 'http://localhost:11434/v1',
      exclude: ['secrets/**'],
      disabledLanguages: ['rust'],
      maxFileSizeKB: 64,
      debounceMs: 120,
    });
    assert.deepEqual(s, {
      enabled: true,
      model: 'qwen2.5-coder:7b',
      baseUrl: 'http://localhost:11434/v1',
      exclude: ['secrets/**'],
      disabledLanguages: ['rust'],
      maxFileBytes: 64 * 1024,
      debounceMs: 120,
    });
  });

  it('with nothing set: off, no model or server of its own, 512 KB, 75 ms', () => {
    assert.deepEqual(read({}), {
      enabled: false,
      model: '',
      baseUrl: '',
      exclude: DEFAULT_EXCLUDE,
      disabledLanguages: DEFAULT_DISABLED_LANGUAGES,
      maxFileBytes: 512 * 1024,
      debounceMs: 75,
    });
    // Only a real `true` turns completions on; a model or server of the wrong type is none.
    assert.deepEqual(read({ enabled: 'true', model: 7, baseUrl: { url: 'x' } }), { ...read({}), enabled: false, model: '', baseUrl: '' });
  });

  it('trims the model and the server address, and drops every trailing slash', () => {
    assert.equal(read({ model: '  deepseek-flash \n' }).model, 'deepseek-flash');
    assert.equal(read({ baseUrl: ' http://localhost:8000/v1/ ' }).baseUrl, 'http://localhost:8000/v1');
    assert.equal(read({ baseUrl: 'http://localhost:8000/v1///' }).baseUrl, 'http://localhost:8000/v1');
  });

  it('keeps the text entries of a list and drops the others', () => {
    const s = read({ exclude: ['*.log', 3, null, 'build/**', { x: 1 }], disabledLanguages: [true, 'rust'] });
    assert.deepEqual(s.exclude, ['*.log', 'build/**']);
    assert.deepEqual(s.disabledLanguages, ['rust']);
  });

  it('keeps numbers inside their range as given, rounded to whole units', () => {
    assert.equal(read({ debounceMs: 100 }).debounceMs, 100);
    assert.equal(read({ debounceMs: 99.6 }).debounceMs, 100);
    assert.equal(read({ debounceMs: 0 }).debounceMs, 0);
    assert.equal(read({ debounceMs: -5 }).debounceMs, 0);
    assert.equal(read({ debounceMs: 5000 }).debounceMs, 2000);
    assert.equal(read({ maxFileSizeKB: 2 }).maxFileBytes, 2048);
    assert.equal(read({ maxFileSizeKB: 0 }).maxFileBytes, 1024);
    assert.equal(read({ maxFileSizeKB: 1e9 }).maxFileBytes, 10_240 * 1024);
  });

  it('sends no key when a server address cannot be read', () => {
    assert.equal(keyFor('not a url', 'https://api.deepseek.com', 'sk-1'), '');
    assert.equal(keyFor('https://api.deepseek.com', '', 'sk-1'), '');
  });
});
