// What is never sent for completion: files matching `deepseek.completions.exclude`, files over the size
// limit, disabled languages, and untitled documents that look like they hold secrets.

import picomatch from 'picomatch';

export const DEFAULT_EXCLUDE = ['.env*', '*.pem', '*.key', 'id_*'];

export type Exclusion = 'pattern' | 'size' | 'language' | 'secret' | undefined;

export interface ExclusionRules {
  exclude: readonly string[];
  maxFileBytes: number;
  disabledLanguages: readonly string[];
}

/**
 * A pattern without a slash matches the file's name in any folder (as in .gitignore); with one, the path.
 * Compiled on each call: a handful of patterns per completion request costs microseconds, and a
 * module-wide cache would outlive the settings it was built from.
 */
function matcher(pattern: string): (path: string) => boolean {
  return picomatch(pattern, { dot: true, nocase: true, basename: !pattern.includes('/') });
}

/** Whether a path (workspace-relative or absolute, `/`-separated) matches one of the patterns. */
export function matchesExclude(path: string, patterns: readonly string[]): boolean {
  const normal = path.replace(/\\/g, '/');
  return patterns.some((p) => p.trim() !== '' && matcher(p.trim())(normal));
}

const SECRET_SHAPES = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bsk-[A-Za-z0-9_-]{16,}/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{30,}/,
  /\bxox[abpr]-[A-Za-z0-9-]{10,}/,
  /^\s*(export\s+)?[A-Z0-9_]*(SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|PRIVATE_KEY)[A-Z0-9_]*\s*[=:]\s*\S+/im,
];

/** Text that looks like credentials (keys, tokens, `PASSWORD=` lines, private key blocks). */
export function looksSecret(text: string): boolean {
  return SECRET_SHAPES.some((re) => re.test(text));
}

export interface DocumentFacts {
  /** Path for matching (workspace-relative when in the workspace); '' for untitled documents. */
  path: string;
  untitled: boolean;
  languageId: string;
  /** Length of the text in UTF-16 units (an upper bound of half its UTF-8 bytes). */
  length: number;
  /** Read only for untitled documents (the secret check). */
  text: () => string;
}

/** Why this document must not be sent, or undefined when it may. */
export function exclusionOf(doc: DocumentFacts, rules: ExclusionRules): Exclusion {
  if (rules.disabledLanguages.includes(doc.languageId)) return 'language';
  if (doc.length > rules.maxFileBytes) return 'size';
  if (!doc.untitled && matchesExclude(doc.path, rules.exclude)) return 'pattern';
  if (doc.untitled && looksSecret(doc.text())) return 'secret';
  return undefined;
}
