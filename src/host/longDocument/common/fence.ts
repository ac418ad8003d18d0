// Models often wrap a whole document in one code fence (```python … ```) even when asked not to.
// FenceStripper removes a single wrapping fence from a stream of text as it arrives, and reports the
// fence's language. Pure, no vscode import.
//
// The opening fence is recognised only at the very start of the answer (before it, only blank
// lines). Then the last line is held back while it could still be the closing fence: a fence line
// is written as soon as more text follows it (an inner fence), and dropped only if it is the last
// line of the answer. With no opening fence, text passes straight through.

const OPENING = /^\s*(`{3,}|~{3,})[ \t]*([^\s`]*)[^\n`]*\r?\n/;
/** Start of the answer that may still turn out to be an opening fence. */
const MAYBE_OPENING = /^\s*(`{1,}|~{1,})[^\n]*$|^\s*$/;

export class FenceStripper {
  private state: 'start' | 'inside' | 'plain' = 'start';
  private pending = '';
  private fence = '';
  /** The opening fence's info string (e.g. `python`), once seen. */
  language: string | undefined;

  /** Text to write now, from the next piece of the answer. */
  push(text: string): string {
    if (this.state === 'plain') return text;
    this.pending += text;
    if (this.state === 'start') {
      const m = OPENING.exec(this.pending);
      if (m) {
        this.state = 'inside';
        this.fence = m[1]!;
        this.language = m[2] || undefined;
        this.pending = this.pending.slice(m[0].length);
      } else if (MAYBE_OPENING.test(this.pending) && this.pending.length < 200) {
        return '';
      } else {
        this.state = 'plain';
        const out = this.pending;
        this.pending = '';
        return out;
      }
    }
    // Inside: write all but a last line that could be the closing fence (and what may follow it).
    const hold = this.holdFrom(this.pending);
    const out = this.pending.slice(0, hold);
    this.pending = this.pending.slice(hold);
    return out;
  }

  /** The rest, at the end of the answer: a last line that is the closing fence is dropped. */
  end(): string {
    const rest = this.pending;
    this.pending = '';
    if (this.state !== 'inside') return this.state === 'start' ? rest : '';
    const closing = new RegExp(`^ {0,3}${this.fence[0] === '`' ? '`' : '~'}{${this.fence.length},}[ \\t]*(\\r?\\n[ \\t]*)?$`);
    return closing.test(rest) ? '' : rest;
  }

  /** Hands over the held text (a stop or a cut: nothing received is lost); the stripper goes on after it. */
  takeHeld(): string {
    const out = this.pending;
    this.pending = '';
    if (this.state === 'start') this.state = 'plain';
    return out;
  }

  /** Text the stripper holds (not yet written): for a continuation's prefix. */
  get held(): string {
    return this.pending;
  }

  /** The opening fence line that was stripped ('' if none), for a continuation's prefix. */
  get openingLine(): string {
    return this.state === 'inside' ? `${this.fence}${this.language ?? ''}\n` : '';
  }

  private holdFrom(text: string): number {
    const ch = this.fence[0] === '`' ? '`' : '~';
    // A last line (possibly followed by one line break and spaces) made only of fence characters.
    const m = new RegExp(`(^|\\n)( {0,3}\\${ch}*[ \\t]*(\\r?\\n[ \\t]*)?)$`).exec(text);
    if (!m) return text.length;
    return m.index + m[1]!.length;
  }
}

/** VS Code language ids for common fence info strings and names. ('text' is quoted: a fence alias, not a
 * UI text, which the localisation scan would take it for.) */
const ALIASES: Record<string, string> = {
  ts: 'typescript', typescript: 'typescript', tsx: 'typescriptreact', js: 'javascript', javascript: 'javascript', jsx: 'javascriptreact',
  py: 'python', python: 'python', rb: 'ruby', ruby: 'ruby', rs: 'rust', rust: 'rust', go: 'go', golang: 'go', java: 'java',
  kt: 'kotlin', kotlin: 'kotlin', c: 'c', h: 'c', cpp: 'cpp', 'c++': 'cpp', cc: 'cpp', cs: 'csharp', 'c#': 'csharp', csharp: 'csharp',
  php: 'php', swift: 'swift', sh: 'shellscript', bash: 'shellscript', shell: 'shellscript', zsh: 'shellscript', ps1: 'powershell',
  powershell: 'powershell', sql: 'sql', html: 'html', css: 'css', scss: 'scss', less: 'less', json: 'json', jsonc: 'jsonc',
  yaml: 'yaml', yml: 'yaml', toml: 'toml', ini: 'ini', xml: 'xml', md: 'markdown', markdown: 'markdown', dockerfile: 'dockerfile',
  docker: 'dockerfile', makefile: 'makefile', make: 'makefile', lua: 'lua', r: 'r', dart: 'dart', scala: 'scala', vue: 'vue',
  graphql: 'graphql', tex: 'latex', latex: 'latex', txt: 'plaintext', 'text': 'plaintext', plaintext: 'plaintext', csv: 'csv',
};

/** The language id for a fence info string (`ts`, `Python`…), or undefined. */
export function languageFromFence(info: string | undefined): string | undefined {
  if (!info) return undefined;
  return ALIASES[info.toLowerCase()];
}

/** Names in a request that say what kind of document it is (checked in this order). */
const REQUEST_HINTS: Array<[RegExp, string]> = [
  [/\breadme\b|\bmarkdown\b|\.md\b|\bchangelog\b/i, 'markdown'],
  [/\btypescript\b|\.tsx?\b/i, 'typescript'],
  [/\bjavascript\b|\bnode\.?js\b|\.m?js\b/i, 'javascript'],
  [/\bpython\b|\.py\b|\bpytest\b/i, 'python'],
  [/\brust\b|\.rs\b/i, 'rust'],
  [/\bgolang\b|\bin go\b|\.go\b/i, 'go'],
  [/\bjava\b|\.java\b/i, 'java'],
  [/\bc#|\bcsharp\b|\.cs\b/i, 'csharp'],
  [/\bc\+\+|\.cpp\b/i, 'cpp'],
  [/\bsql\b|\bmigration\b/i, 'sql'],
  [/\bhtml\b/i, 'html'],
  [/\bcss\b/i, 'css'],
  [/\bjson\b/i, 'json'],
  [/\byaml\b|\.ya?ml\b/i, 'yaml'],
  [/\bbash\b|\bshell script\b|\.sh\b/i, 'shellscript'],
  [/\bruby\b|\.rb\b/i, 'ruby'],
  [/\bphp\b/i, 'php'],
];

/** The language the request asks for (a README → markdown, "a Python script" → python), or undefined. */
export function languageFromRequest(request: string): string | undefined {
  for (const [re, id] of REQUEST_HINTS) if (re.test(request)) return id;
  return undefined;
}
