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

  it('the real path of a file reached through a symlinked folder, and of files still to be created below it', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ds-paths-')));
    try {
      const real = path.join(root, 'real');
      fs.mkdirSync(real);
      fs.writeFileSync(path.join(real, 'a.txt'), 'x');
      const ws = path.join(root, 'ws');
      fs.mkdirSync(ws);
      fs.symlinkSync(real, path.join(ws, 'link'), 'dir');
      assert.equal(realPathOf(path.join(ws, 'link', 'a.txt')), path.join(real, 'a.txt'));
      assert.equal(realPathOf(path.join(ws, 'link', 'new', 'sub', 'file.md')), path.join(real, 'new', 'sub', 'file.md'));
      assert.equal(isInsideFolders(realPathOf(path.join(ws, 'link', 'new', 'file.md')), [ws]), false, 'to be created outside, through the link');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('a path none of whose folders resolve (a drive that is not there) comes back as given', () => {
    // No real path on this machine fails up to its root; a missing Windows drive does. The stub
    // answers after many calls so that a search that never stops fails the test instead of hanging it.
    const native = fs.realpathSync.native;
    let calls = 0;
    fs.realpathSync.native = ((p: fs.PathLike) => {
      if (++calls > 1000) return '/still-searching';
      throw Object.assign(new Error(`ENOENT: ${String(p)}`), { code: 'ENOENT' });
    }) as typeof fs.realpathSync.native;
    try {
      const file = path.resolve('/missing-drive/dir/file.md');
      assert.equal(realPathOf(file), file);
    } finally {
      fs.realpathSync.native = native;
    }
  });

  it('in a workspace of several folders, a file in any of them is inside', () => {
    assert.equal(isInsideFolders(path.resolve('/ws/b/src/x.ts'), [path.resolve('/ws/a'), path.resolve('/ws/b')]), true);
    assert.equal(isInsideFolders(path.resolve('/ws/b'), [path.resolve('/ws/a'), path.resolve('/ws/b')]), true, 'the folder itself');
    assert.equal(isInsideFolders(path.resolve('/ws/c/x.ts'), [path.resolve('/ws/a'), path.resolve('/ws/b')]), false);
  });

  it('a file whose name starts with two dots is inside its folder', () => {
    const ws = path.resolve('/ws/a');
    assert.equal(isInsideFolders(path.join(ws, '..notes.md'), [ws]), true);
    assert.equal(isInsideFolders(path.join(ws, 'sub', '...'), [ws]), true);
    assert.equal(isInsideFolders(path.resolve('/ws/other.md'), [ws]), false);
    assert.equal(isInsideFolders(path.resolve('/ws'), [ws]), false, 'the parent folder');
  });
});
