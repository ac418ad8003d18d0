// The request of a long document: a system prompt asking for the document's text only, and the
// user's description with an optional source (the selection or a file). Pure, no vscode import.

import type { ChatMessage } from '../../../deepseek/types';
import { english, type Translate } from '../../core/common/translate';

export const DOCUMENT_SYSTEM_PROMPT =
  'You write documents that are saved straight into a file. Output only the content of the document, exactly as it ' +
  'should appear in the file: no introduction, no closing remarks, no explanations around it, and do not wrap the whole ' +
  'document in a code fence. Keep writing until the document is complete, however long it is.';

/** Longest source sent, in characters (about 60 000 tokens); longer sources are cut with a note. */
export const MAX_SOURCE_CHARS = 200_000;

export interface DocumentSource {
  text: string;
  /** Shown to the model: a workspace-relative file name, with the line range for a selection. */
  name: string;
  languageId: string;
}

export interface DocumentRequest {
  messages: ChatMessage[];
  /** Set when the source was cut. */
  note?: string;
}

function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function buildDocumentRequest(description: string, source?: DocumentSource, tr: Translate = english): DocumentRequest {
  let user = description.trim();
  let note: string | undefined;
  if (source) {
    let text = source.text;
    if (text.length > MAX_SOURCE_CHARS) {
      text = text.slice(0, MAX_SOURCE_CHARS);
      // The note is shown to the user (a warning), so it is translated.
      note = tr('The source was cut to its first {0} characters.', MAX_SOURCE_CHARS.toLocaleString('en-US'));
    }
    const fence = fenceFor(text);
    const lang = /^[\w+#.-]+$/.test(source.languageId) ? source.languageId : '';
    user += `\n\nSource (\`${source.name.replace(/`/g, '')}\`${note ? ', cut' : ''}):\n\n${fence}${lang}\n${text}\n${fence}`;
  }
  return {
    messages: [
      { role: 'system', content: DOCUMENT_SYSTEM_PROMPT },
      { role: 'user', content: user },
    ],
    ...(note ? { note } : {}),
  };
}
