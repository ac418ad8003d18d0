// Whether a path is inside the workspace folders, after symlinks are resolved, and whether a file
// name looks like it holds a secret. Attachments and files named by a command's argument are read
// or written without asking only when both say so. Pure (node:fs and node:path only).

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The real path of `file`, or of its nearest existing ancestor joined with the rest (a file to be created). */
export function realPathOf(file: string): string {
  const abs = path.resolve(file);
  const rest: string[] = [];
  let probe = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(probe), ...rest.reverse());
    } catch {
      const parent = path.dirname(probe);
      if (parent === probe) return abs;
      rest.push(path.basename(probe));
      probe = parent;
    }
  }
}

/** `file` (a real path) is one of `folders` (real paths) or below one. */
export function isInsideFolders(file: string, folders: readonly string[]): boolean {
  return folders.some((folder) => {
    const rel = path.relative(folder, file);
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
  });
}

/** Names that usually hold credentials: `.env*`, keys and certificates, SSH keys, token files. */
const SECRET_NAME = /^(\.env(\..*)?|.*\.(pem|key|p12|pfx|jks|keystore|kdbx|asc|gpg|ppk)|id_[a-z0-9_]+(\.pub)?|\.npmrc|\.pypirc|\.netrc|\.git-credentials|credentials(\.json)?|secrets?\.(json|ya?ml|toml)|.*\.secret)$/i;

export function looksSecret(file: string): boolean {
  return SECRET_NAME.test(path.basename(file));
}

/** Glob for `findFiles` excludes: the same names, so the `@` picker never offers them. */
export const SECRET_GLOB = '**/{.env,.env.*,*.pem,*.key,*.p12,*.pfx,*.jks,*.keystore,*.kdbx,*.ppk,id_*,.npmrc,.pypirc,.netrc,.git-credentials,credentials,credentials.json,secret.*,secrets.*,*.secret}';
