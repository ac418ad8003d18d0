// Deterministic, dense, realistic markdown of a given size (what a long assistant answer looks like):
// headings, paragraphs with inline code / emphasis / links, bullet and numbered lists (some nested),
// fenced code in several languages, GFM tables, block quotes and the odd rule. Same seed, same text.

import { rng as mulberry32 } from '../../test/browser/splits';

const WORDS = (
  'the a stream answer buffer token render frame parser block request response client server cache value ' +
  'function module config handler event queue socket timeout retry error message string array object promise ' +
  'async await return type interface option setting panel webview extension host editor cursor selection line ' +
  'file path folder test benchmark result latency memory heap worker thread lock state update delta chunk ' +
  'decoder encoder json schema field index offset length size limit budget median percentile growth ratio ' +
  'should will can must may often always never only first then after before while because so that which when'
).split(' ');
const IDENTS = [
  'streamChat', 'parseChunk', 'renderTail', 'sealBlocks', 'DeltaCoalescer', 'flush', 'onMessage', 'abortController',
  'maxRetries', 'idleTimeoutMs', 'requestAnimationFrame', 'marked.lexer', 'DOMPurify.sanitize', 'postMessage',
  'readableStream', 'TextDecoder', 'useState', 'Vec<u8>', 'HashMap', 'asyncio.gather', 'np.array', 'fetch()',
];
const LINKS = ['https://api-docs.deepseek.com/', 'https://code.visualstudio.com/api', 'https://developer.mozilla.org/en-US/docs/Web', 'https://nodejs.org/api/stream.html', 'https://marked.js.org/'];
const LANGS = ['typescript', 'python', 'bash', 'json', 'rust', 'go', 'javascript'] as const;

export function generateMarkdown(targetChars: number, seed: number): string {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

  const word = () => pick(WORDS);
  const inline = (): string => {
    const x = r();
    if (x < 0.1) return `\`${pick(IDENTS)}\``;
    if (x < 0.15) return `**${word()} ${word()}**`;
    if (x < 0.19) return `*${word()}*`;
    if (x < 0.21) return `[${word()} ${word()}](${pick(LINKS)}#${word()})`;
    return word();
  };
  const sentence = (): string => {
    const n = int(6, 18);
    const ws: string[] = [];
    for (let i = 0; i < n; i++) ws.push(inline());
    const s = ws.join(' ');
    return s.charAt(0).toUpperCase() + s.slice(1) + pick(['.', '.', '.', ':', '?']);
  };
  const paragraph = () => Array.from({ length: int(2, 5) }, sentence).join(' ');
  const title = () => {
    const s = Array.from({ length: int(2, 6) }, word).join(' ');
    return s.charAt(0).toUpperCase() + s.slice(1);
  };

  const codeLine = (lang: (typeof LANGS)[number], depth: number): string => {
    const ind = '  '.repeat(depth);
    const a = pick(IDENTS).replace(/[^A-Za-z]/g, '');
    const b = word();
    const n = int(0, 999);
    switch (lang) {
      case 'typescript':
      case 'javascript':
        return pick([
          `${ind}const ${b}${n} = await ${a}(${b}, { limit: ${n} });`,
          `${ind}if (${b}.length > ${n}) return ${a}.slice(0, ${n});`,
          `${ind}for (const ${b} of ${a}) total += ${b}.size;`,
          `${ind}// ${sentence()}`,
          `${ind}export function ${a}${n}(${b}: string): number {`,
          `${ind}}`,
          `${ind}console.log(\`${b} \${${a}} took \${Date.now() - t0} ms\`);`,
        ]);
      case 'python':
        return pick([
          `${ind}${b}_${n} = ${a.toLowerCase()}(${b}, limit=${n})`,
          `${ind}if len(${b}) > ${n}:`,
          `${ind}    return ${b}[:${n}]`,
          `${ind}# ${sentence()}`,
          `${ind}for ${b} in ${a.toLowerCase()}s:`,
          `${ind}def ${a.toLowerCase()}_${n}(${b}: str) -> int:`,
        ]);
      case 'bash':
        return pick([`npm run ${b} -- --limit ${n}`, `curl -sN http://127.0.0.1:${n + 8000}/v1/${b}`, `grep -rn "${a}" src/ | head -${n % 40}`, `# ${sentence()}`, `export ${b.toUpperCase()}_LIMIT=${n}`]);
      case 'json':
        return `${ind}"${b}${n}": ${pick([String(n), `"${a}"`, 'true', 'null', `[${n}, ${n + 1}]`])},`;
      case 'rust':
        return pick([`${ind}let ${b}_${n}: Vec<u8> = ${a.toLowerCase()}(&${b})?;`, `${ind}match ${b} { Some(x) => x + ${n}, None => 0 }`, `${ind}// ${sentence()}`, `${ind}fn ${a.toLowerCase()}(${b}: &str) -> usize {`, `${ind}}`]);
      case 'go':
        return pick([`${ind}${b}${n}, err := ${a}(ctx, ${n})`, `${ind}if err != nil { return err }`, `${ind}// ${sentence()}`, `${ind}func ${a}(${b} string) int {`, `${ind}}`]);
    }
  };
  const codeBlock = (): string => {
    const lang = pick(LANGS);
    const lines: string[] = [];
    const n = int(4, 22);
    for (let i = 0; i < n; i++) lines.push(codeLine(lang, i === 0 || i === n - 1 ? 0 : int(0, 2)));
    return '```' + lang + '\n' + lines.join('\n') + '\n```';
  };
  const bulletList = (): string => {
    const items: string[] = [];
    for (let i = 0, n = int(3, 7); i < n; i++) {
      items.push(`- ${sentence()}`);
      if (r() < 0.25) for (let k = 0, m = int(1, 3); k < m; k++) items.push(`  - ${sentence()}`);
    }
    return items.join('\n');
  };
  const orderedList = (): string => Array.from({ length: int(3, 7) }, (_, i) => `${i + 1}. ${sentence()}`).join('\n');
  const table = (): string => {
    const cols = int(3, 5);
    const head = Array.from({ length: cols }, title);
    const rows = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : pick(['---', ':---:', '---:']))).join('|')}|`];
    for (let i = 0, n = int(3, 8); i < n; i++) {
      rows.push(`| ${Array.from({ length: cols }, (_, c) => (c === 0 ? `\`${pick(IDENTS)}\`` : r() < 0.5 ? String(int(1, 99999)) : `${word()} ${word()}`)).join(' | ')} |`);
    }
    return rows.join('\n');
  };
  const quote = () => `> **Note:** ${sentence()} ${sentence()}`;

  const blocks: string[] = [`# ${title()}`, paragraph()];
  let size = blocks.join('\n\n').length;
  let section = 0;
  while (size < targetChars) {
    let b: string;
    const x = r();
    if (x < 0.08) b = `## ${++section}. ${title()}`;
    else if (x < 0.12) b = `### ${title()}`;
    else if (x < 0.42) b = paragraph();
    else if (x < 0.56) b = bulletList();
    else if (x < 0.64) b = orderedList();
    else if (x < 0.82) b = codeBlock();
    else if (x < 0.93) b = table();
    else if (x < 0.98) b = quote();
    else b = '---';
    blocks.push(b);
    size += b.length + 2;
  }
  let text = blocks.join('\n\n') + '\n';
  // Trim to the target at a block boundary when far over (keeps sizes comparable between runs).
  if (text.length > targetChars * 1.05) {
    const cut = text.lastIndexOf('\n\n', targetChars);
    if (cut > targetChars * 0.9) text = text.slice(0, cut) + '\n';
  }
  return text;
}

/** Splits text into deltas of lo..hi characters (seeded), never inside a surrogate pair. */
export function splitDeltas(text: string, seed: number, lo = 20, hi = 40): string[] {
  const r = mulberry32(seed);
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    let n = lo + Math.floor(r() * (hi - lo + 1));
    let end = Math.min(text.length, pos + n);
    const c = text.charCodeAt(end - 1);
    if (c >= 0xd800 && c <= 0xdbff && end < text.length) end++;
    out.push(text.slice(pos, end));
    pos = end;
    n = 0;
  }
  return out;
}
