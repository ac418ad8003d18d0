// Which files are read or written without asking: inside the workspace folders after symlinks are
// resolved, and not named like a secret (the `@` picker leaves those out).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isInsideFolders, looksSecret, realPathOf } from '../../../../../src/host/core/common/workspacePaths';

describe('host: workspace paths and secret-looking names', () => {
  it('names that usually hold secrets', () => {
    for (const name of ['.env', '.env.local', 'server.pem', 'tls.key', 'id_rsa', 'id_ed25519.pub', '.npmrc', '.netrc', 'credentials.json', 'secrets.yaml', 'app.p12']) {
      assert.equal(looksSecret(path.join('/ws/a', name)), true, name);
    }
    for (const name of ['env.ts', 'keyboard.ts', 'README.md', 'identity.ts', 'monkey.py', 'environment.md']) {
      assert.equal(looksSecret(path.join('/ws/a', name)), false, name);
    }
  });

  it('a symlink inside the workspace to a file outside is outside', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ds-paths-')));
    try {
      const ws = path.join(root, 'ws');
      const outside = path.join(root, 'outside');
      fs.mkdirSync(ws);
      fs.mkdirSync(outside);
      fs.writeFileSync(path.join(outside, 'notes.txt'), 'x');
      fs.symlinkSync(path.join(outside, 'notes.txt'), path.join(ws, 'notes.txt'));
      fs.writeFileSync(path.join(ws, 'own.txt'), 'y');
      assert.equal(isInsideFolders(realPathOf(path.join(ws, 'own.txt')), [ws]), true);
      assert.equal(isInsideFolders(realPathOf(path.join(ws, 'notes.txt')), [ws]), false);
      assert.equal(isInsideFolders(realPathOf(path.join(ws, 'new', 'file.md')), [ws]), true, 'a file to be created inside');
      assert.equal(isInsideFolders(realPathOf(path.join(ws, '..', 'outside', 'x.md')), [ws]), false);
      assert.equal(isInsideFolders(path.join(root, 'ws-other', 'x'), [ws]), false, 'a sibling with the same prefix');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
