// Files and selections attached to a question, free of vscode (tested in plain Node): deciding what
// is text, fitting attachments into the context budget (cutting or refusing, each with a note), the
// block sent to the model, and the exclude glob for the `@` file picker.

import { estimateTokens } from '../../conversation/common/conversation';
import type { AttachmentInfo } from '../../../shared/protocol';
import { english, type Translate } from '../../core/common/translate';

export interface Attachment {
  id: string;
  kind: 'file' | 'selection';
  /** Shown on the chip: the file name, or `name:12-20` for a selection. */
  label: string;
  /** Workspace-relative path (or the untitled name), sent to the model and shown as the chip's tooltip. */
  path: string;
  /** The file's URI as a string (Apply reviews edits against it). */
  uri: string;
  languageId: string;
  text: string;
  tokens: number;
  /** 1-based lines of a selection. */
  lines?: { start: number; end: number };
}

export function makeAttachment(init: Omit<Attachment, 'tokens'>): Attachment {
  return { ...init, tokens: estimateTokens(init.text) };
}

/** Bytes looked at to tell text from binary (as git does with the first 8000). */
const SNIFF_BYTES = 8000;

/** UTF-8 text (one BOM dropped, as the editor does; a U+FEFF after it is text), or why the bytes are not attachable text. */
export function decodeText(bytes: Uint8Array, tr: Translate = english): { ok: true; text: string } | { ok: false; reason: string } {
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (head.includes(0)) return { ok: false, reason: tr('it is a binary file') };
  try {
    let text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: tr('it is not UTF-8 text (binary or another encoding)') };
  }
}

export interface BudgetResult {
  kept: Attachment[];
  /** One sentence per attachment that was cut or left out. */
  notes: string[];
}

/**
 * Keeps attachments in order until the budget is used up: the one that crosses it is cut at a line
 * boundary (with a note), later ones are left out (with a note). Nothing is dropped silently.
 */
export function applyBudget(items: readonly Attachment[], budgetTokens: number, tr: Translate = english): BudgetResult {
  const kept: Attachment[] = [];
  const notes: string[] = [];
  let left = budgetTokens;
  for (const item of items) {
    if (item.tokens <= left) {
      kept.push(item);
      left -= item.tokens;
      continue;
    }
    // Worth cutting only if a useful part fits.
    if (left >= 200) {
      const cut = cutToTokens(item.text, left);
      const lines = cut.split('\n').length;
      const total = item.text.split('\n').length;
      kept.push({ ...item, text: cut, tokens: estimateTokens(cut) });
      notes.push(tr('{0} was cut to its first {1} of {2} lines to fit the context budget ({3} tokens).', item.label, lines, total, budgetTokens));
      left = 0;
    } else {
      notes.push(tr('{0} was left out: the context budget ({1} tokens) was used up.', item.label, budgetTokens));
    }
  }
  return { kept, notes };
}

/** The longest prefix of whole lines within `tokens` (at least one line's worth of characters). */
export function cutToTokens(text: string, tokens: number): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let used = 0;
  for (const line of lines) {
    const cost = estimateTokens(line + '\n');
    if (used + cost > tokens) break;
    out.push(line);
    used += cost;
  }
  if (out.length === 0) {
    // One enormous line: cut by characters (integer tenths of a token, as estimateTokens counts).
    let chars = 0;
    let tenths = 0;
    while (chars < text.length) {
      const cost = text.charCodeAt(chars) < 0x80 ? 3 : 6;
      if (tenths + cost > tokens * 10) break;
      tenths += cost;
      chars++;
    }
    return text.slice(0, chars);
  }
  return out.join('\n');
}

/** A backtick fence longer than any run of backticks in the text. */
function fenceFor(text: string): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** The attachments as markdown, sent before the question. */
export function contextBlock(items: readonly Attachment[]): string {
  const parts = items.map((a) => {
    const fence = fenceFor(a.text);
    const where = a.lines ? `${a.path} (lines ${a.lines.start}–${a.lines.end})` : a.path;
    return `${a.kind === 'file' ? 'File' : 'Selection from'} \`${where}\`:\n\n${fence}${a.languageId}\n${a.text}\n${fence}`;
  });
  return parts.length ? `${parts.join('\n\n')}\n\n` : '';
}

export function infoOf(a: Attachment): AttachmentInfo {
  return { kind: a.kind, label: a.label, path: a.path, uri: a.uri, tokens: a.tokens, ...(a.lines ? { lines: a.lines } : {}) };
}

/** "Attached: a.ts (≈120 tokens), b.ts:3–9 (≈40 tokens)." */
export function attachedNote(items: readonly Attachment[], tr: Translate = english): string | undefined {
  if (items.length === 0) return undefined;
  return tr('Attached: {0}.', items.map((a) => tr('{0} (≈{1} tokens)', a.label, a.tokens)).join(', '));
}

/**
 * One glob of everything `files.exclude` and `search.exclude` turn on, for findFiles (which applies
 * only files.exclude by itself). Entries whose value is not `true` (false, or `{when: …}` conditions)
 * are not used.
 */
export function excludeGlob(...settings: Array<Record<string, unknown> | undefined>): string | undefined {
  const globs = new Set<string>();
  for (const s of settings) {
    for (const [glob, on] of Object.entries(s ?? {})) if (on === true && glob.trim()) globs.add(glob.trim());
  }
  if (globs.size === 0) return undefined;
  return globs.size === 1 ? [...globs][0] : `{${[...globs].join(',')}}`;
}
