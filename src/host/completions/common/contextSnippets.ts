// A little context from outside the window: the file's own import lines (when the window no longer
// shows them) and the declarations of open files it imports or that were used recently. Budgeted,
// deduplicated, and sent as comments in front of the prefix so the model reads them as notes.

import { estimateTokens } from '../../conversation/common/conversation';

/** An open file other than the one being edited, most recently used first. */
export interface OpenFile {
  /** Workspace-relative path, as shown to the model. */
  path: string;
  languageId: string;
  text: string;
}

export interface CurrentFile {
  path: string;
  languageId: string;
  /** The whole text before the window (only scanned for import lines). */
  head: string;
  /** The window sent as prefix and suffix (lines already in it are never repeated). */
  window: string;
}

export interface Snippet {
  path: string;
  lines: string[];
}

const IMPORT_LINE = /^\s*(import\b|from\s+\S+\s+import\b|export\s+(\*|\{[^}]*\})\s+from\b|(const|let|var)\s+.+=\s*require\(|#include\b|using\s+[\w.]+;|use\s+[\w:]+|require(_relative)?\s*[('"]|package\s+\w)/;
const DECLARATION = /^(export\s+)?(default\s+)?(async\s+)?(abstract\s+)?(function\*?|class|interface|type|enum|const|let|def|struct|trait|impl|fn|pub\s+(fn|struct|enum|trait)|func|module|namespace)\b/;
/** Lines per file and files at most: context is a hint, not a second prompt. */
const MAX_LINES_PER_FILE = 30;
const MAX_FILES = 4;

/** The import lines of a text. */
export function importLines(text: string): string[] {
  return text.split('\n').filter((line) => IMPORT_LINE.test(line)).map((l) => l.trimEnd());
}

/** The module names an import line mentions (`'./util/strings'` → `strings`). */
function importedNames(lines: string[]): Set<string> {
  const names = new Set<string>();
  for (const line of lines) {
    for (const m of line.matchAll(/['"<]([^'"<>]+)['">]/g)) {
      names.add(baseName(m[1]!));
      // Written without its extension, a name's last dot is its own: './user.service' is user.service.ts.
      names.add(m[1]!.split(/[\\/]/).pop()!.toLowerCase());
    }
    const py = /^\s*(?:from|import)\s+([\w.]+)/.exec(line);
    if (py && !/['"]/.test(line)) names.add(py[1]!.split('.').pop()!.toLowerCase());
  }
  return names;
}

function baseName(path: string): string {
  const last = path.split(/[\\/]/).pop() ?? path;
  return last.replace(/\.[^.]*$/, '').toLowerCase();
}

/** A file's top-level declarations (its outline), the cheapest useful summary of it. */
export function declarations(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (DECLARATION.test(line)) out.push(line.trimEnd());
    if (out.length >= MAX_LINES_PER_FILE) break;
  }
  return out;
}

/**
 * The snippets to send, within `budgetTokens`: the file's own imports that fell out of the window,
 * then the outlines of the open files it imports, then of the other recent files in its language.
 * No line appears twice, nor a line the window already shows.
 */
export function selectContext(current: CurrentFile, files: readonly OpenFile[], budgetTokens: number): Snippet[] {
  const seen = new Set(current.window.split('\n').map((l) => l.trim()).filter(Boolean));
  let left = budgetTokens;
  const out: Snippet[] = [];
  const take = (path: string, lines: string[]): void => {
    const kept: string[] = [];
    for (const line of lines) {
      const key = line.trim();
      if (!key || seen.has(key)) continue;
      const cost = estimateTokens(line) + 1;
      if (cost > left) break;
      seen.add(key);
      left -= cost;
      kept.push(line);
    }
    if (kept.length > 0) out.push({ path, lines: kept });
  };
  const ownImports = importLines(current.head);
  take(current.path, ownImports);
  const imported = importedNames([...ownImports, ...importLines(current.window)]);
  const others = files.filter((f) => f.path !== current.path);
  const ranked = [
    ...others.filter((f) => imported.has(baseName(f.path))),
    ...others.filter((f) => !imported.has(baseName(f.path)) && f.languageId === current.languageId),
  ];
  for (const file of ranked.slice(0, MAX_FILES)) take(file.path, declarations(file.text));
  return out;
}

const HASH_COMMENT = new Set(['python', 'shellscript', 'ruby', 'perl', 'r', 'yaml', 'toml', 'makefile', 'dockerfile', 'powershell', 'julia', 'elixir', 'coffeescript', 'nim']);
const DASH_COMMENT = new Set(['sql', 'lua', 'haskell', 'ada']);

/** The language's line comment (`//` unless it is known to use another). */
export function lineComment(languageId: string): string | undefined {
  if (HASH_COMMENT.has(languageId)) return '#';
  if (DASH_COMMENT.has(languageId)) return '--';
  if (languageId === 'html' || languageId === 'xml' || languageId === 'markdown' || languageId === 'css' || languageId === 'json') return undefined;
  return '//';
}

/** The snippets as comment lines in front of the prefix ('' when the language has no line comment). */
export function formatContext(snippets: readonly Snippet[], languageId: string): string {
  const c = lineComment(languageId);
  if (!c || snippets.length === 0) return '';
  const lines: string[] = [];
  for (const s of snippets) {
    lines.push(`${c} ${s.path}`);
    for (const l of s.lines) lines.push(`${c} ${l}`);
  }
  return lines.join('\n') + '\n';
}
