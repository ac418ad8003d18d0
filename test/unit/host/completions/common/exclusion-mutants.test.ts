import * as assert from 'node:assert/strict';
import { DEFAULT_EXCLUDE, exclusionOf, matchesExclude, type DocumentFacts } from '../../../../../src/host/completions/common/exclusion';

const doc = (over: Partial<DocumentFacts>): DocumentFacts => ({ path: 'src/a.ts', untitled: false, languageId: 'typescript', length: 10, text: () => 'code', ...over });

describe('completions: exclusion patterns as the user writes them', () => {
  it('a pattern without a slash names files in any folder, one with a slash a path from the root', () => {
    assert.ok(matchesExclude('config/.env.production', ['.env*']));
    assert.ok(matchesExclude('deploy/keys/server.pem', ['*.pem']));
    assert.ok(matchesExclude('secrets/prod/db.yaml', ['secrets/**']));
    assert.ok(!matchesExclude('src/secrets/db.yaml', ['secrets/**']), 'a path pattern is not matched by name');
  });

  it('hidden files and folders are matched like any other, whatever the case', () => {
    assert.ok(matchesExclude('secrets/.npmrc', ['secrets/**']));
    assert.ok(matchesExclude('secrets/.aws/credentials', ['secrets/**']));
    assert.ok(matchesExclude('deploy/.hidden.pem', ['*.pem']));
    assert.ok(matchesExclude('SECRETS/Prod.yaml', ['secrets/**']));
    assert.ok(matchesExclude('certs/SERVER.PEM', ['*.pem']));
  });

  it('empty entries in the list are ignored and spaces around a pattern do not count', () => {
    assert.equal(matchesExclude('src/a.ts', ['', '   ', '*.pem']), false);
    assert.equal(matchesExclude('certs/server.pem', ['', '  *.pem  ']), true);
    assert.equal(matchesExclude('secrets/db.yaml', ['\tsecrets/** ']), true);
  });

  it('a file exactly at the size limit is still sent; one byte more is not', () => {
    const rules = { exclude: DEFAULT_EXCLUDE, maxFileBytes: 1000, disabledLanguages: [] };
    assert.equal(exclusionOf(doc({ length: 1000 }), rules), undefined);
    assert.equal(exclusionOf(doc({ length: 1001 }), rules), 'size');
  });
});
