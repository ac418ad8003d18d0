import * as assert from 'node:assert/strict';
import { DEFAULT_EXCLUDE, exclusionOf, looksSecret, matchesExclude, type DocumentFacts } from '../../../../../src/host/completions/common/exclusion';

const rules = { exclude: DEFAULT_EXCLUDE, maxFileBytes: 1000, disabledLanguages: ['plaintext'] };
const doc = (over: Partial<DocumentFacts>): DocumentFacts => ({ path: 'src/a.ts', untitled: false, languageId: 'typescript', length: 10, text: () => 'code', ...over });

describe('completions: exclusion', () => {
  it('matches the default patterns by file name in any folder', () => {
    for (const p of ['.env', '.env.local', 'config/.env.production', 'certs/server.pem', 'a/b/tls.KEY', '/home/u/.ssh/id_ed25519', 'id_rsa.pub']) {
      assert.ok(matchesExclude(p, DEFAULT_EXCLUDE), p);
    }
    for (const p of ['src/env.ts', 'src/keys.ts', 'docs/identity.md', 'src/ids.ts']) assert.ok(!matchesExclude(p, DEFAULT_EXCLUDE), p);
  });

  it('matches patterns with a slash against the path, and Windows separators', () => {
    assert.ok(matchesExclude('secrets/prod/db.yaml', ['secrets/**']));
    assert.ok(!matchesExclude('src/secrets.ts', ['secrets/**']));
    assert.ok(matchesExclude('secrets\\prod\\db.yaml', ['secrets/**']));
  });

  it('says why a document is not sent: pattern, size, language, untitled secret', () => {
    assert.equal(exclusionOf(doc({}), rules), undefined);
    assert.equal(exclusionOf(doc({ path: '.env.local' }), rules), 'pattern');
    assert.equal(exclusionOf(doc({ length: 5000 }), rules), 'size');
    assert.equal(exclusionOf(doc({ languageId: 'plaintext' }), rules), 'language');
    assert.equal(exclusionOf(doc({ untitled: true, path: '', text: () => 'DEEPSEEK_API_KEY=sk-0123456789abcdef0123' }), rules), 'secret');
    assert.equal(exclusionOf(doc({ untitled: true, path: '', text: () => 'def hello():\n    return 1' }), rules), undefined);
  });

  it('recognises common secret shapes and not ordinary code', () => {
    for (const s of ['-----BEGIN OPENSSH PRIVATE KEY-----', 'token: sk-abcdefghijklmnop1234', 'AKIAABCDEFGHIJKLMNOP', 'export GITHUB_TOKEN=ghp_x', 'password = hunter2']) assert.ok(looksSecret(s), s);
    for (const s of ['const key = map.get(k);', 'function password() {}', 'let tokens = 3']) assert.ok(!looksSecret(s), s);
  });
});
