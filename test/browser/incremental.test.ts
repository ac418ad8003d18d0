// The sealing logic without a browser (fast, so it can check every prefix of many splits): at every
// step, sealed blocks + open tail equal a one-shot render of the text so far (highlighting aside),
// and at the end finish() yields exactly the one-shot render. Also a fuzz over random block soups.

import * as assert from 'assert';
import { ANSWERS, longAnswer } from './fixtures/answers';
import { blockStartSplit, randomSplit, rng } from './splits';

type Markdown = typeof import('../../src/webview/markdown.js', { with: { 'resolution-mode': 'import' } });
type Incremental = typeof import('../../src/webview/incrementalMarkdown.js', { with: { 'resolution-mode': 'import' } });

const DEF_LINE = /^ {0,3}\[[^\]]+\]:/m;

/** Highlighting only differs in hljs spans and entity spelling; drop both for prefix comparisons. */
function plain(html: string): string {
  return html
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/<span class="(?:hljs-|language-)[^"]*">|<\/span>/g, '')
    .replace(/<span class="code-lang">/g, '')
    .replace(/ class="hljs /g, ' class="')
    .replace(/ class="hljs"/g, '');
}

type FinishResult = ReturnType<InstanceType<Incremental['IncrementalMarkdown']>['finish']>;

/** What the screen shows after finish(): sealed blocks (some replaced) and the final tail. */
function compose(sealed: string[], end: FinishResult): string {
  if (end.kind === 'all') return end.html;
  const blocks = [...sealed];
  for (const r of end.replace) blocks[r.index] = r.html;
  return blocks.join('') + end.tail;
}

describe('incremental markdown (no DOM)', () => {
  let md: Markdown;
  let inc: Incremental;
  before(() => {
    // src/webview is an ES module package (marked is ESM-only); tsx's require hook loads it here.
    /* eslint-disable @typescript-eslint/no-require-imports */
    md = require('../../src/webview/markdown.ts') as Markdown;
    inc = require('../../src/webview/incrementalMarkdown.ts') as Incremental;
    /* eslint-enable @typescript-eslint/no-require-imports */
  });

  /**
   * `sliced`: every step is told its time budget is spent after each sealed block (as a paced panel
   * does on a slow machine) and is repeated until complete; the result must not differ.
   */
  function check(text: string, pieces: string[], label: string, sliced = false): { steps: number; sealedBlocks: number; incomplete: number } {
    const stream = new inc.IncrementalMarkdown();
    let incomplete = 0;
    let sealed = '';
    const sealedList: string[] = [];
    let prefix = '';
    let sealedBlocks = 0;
    const hasDef = DEF_LINE.test(text);
    for (const piece of pieces) {
      stream.append(piece);
      prefix += piece;
      let step = stream.step(sliced ? () => true : undefined);
      sealed += step.sealed.join('');
      sealedList.push(...step.sealed);
      sealedBlocks += step.sealed.length;
      while (!step.complete) {
        incomplete++;
        assert.strictEqual(step.sealed.length, 1, `${label}: a stopped step sealed ${step.sealed.length} blocks, not one`);
        step = stream.step(() => true);
        sealed += step.sealed.join('');
        sealedList.push(...step.sealed);
        sealedBlocks += step.sealed.length;
      }
      if (hasDef && DEF_LINE.test(prefix)) continue;
      // A CR at the very end waits for the next delta (it may be half of a CRLF).
      const expected = plain(md.renderTokens(md.lexBlocks(md.normalizeNewlines(prefix.replace(/\r$/, ''))), false));
      const actual = plain(sealed + step.tail);
      if (actual !== expected) {
        assert.fail(`${label}: after ${prefix.length} chars (…${JSON.stringify(prefix.slice(-40))}) the screen would differ from a one-shot render`);
      }
    }
    const end = stream.finish();
    const full = md.renderMarkdown(text);
    assert.strictEqual(compose(sealedList, end), full, `${label}: the end differs from the one-shot render`);
    assert.strictEqual(end.kind, 'blocks', `${label}: the block structure at the end differs from the sealed blocks`);
    if (!hasDef) assert.deepStrictEqual(end.replace, [], `${label}: without reference definitions the sealed blocks must be final`);
    return { steps: pieces.length, sealedBlocks, incomplete };
  }

  const fixtures = [...ANSWERS, { name: 'long-answer', text: longAnswer(12) }];
  for (const f of fixtures) {
    it(`${f.name}: every prefix of 30 random splits and the block-start split`, () => {
      let sealedBlocks = 0;
      for (let seed = 1; seed <= 30; seed++) {
        const random = rng(seed);
        sealedBlocks += check(f.text, randomSplit(f.text, random, [2, 8, 30, 120][seed % 4]), `${f.name} seed ${seed}`).sealedBlocks;
      }
      sealedBlocks += check(f.text, blockStartSplit(f.text), `${f.name} block starts`).sealedBlocks;
      assert.ok(sealedBlocks > 30, 'blocks were hardly ever sealed');
    });
  }

  it('sealing in slices (a step stopped after every block, then resumed) shows the same text', () => {
    let incomplete = 0;
    for (const f of fixtures) {
      for (let seed = 1; seed <= 5; seed++) incomplete += check(f.text, randomSplit(f.text, rng(seed), [40, 400][seed % 2]), `${f.name} sliced seed ${seed}`, true).incomplete;
      // The whole answer in one delta: every block is sealed by a step of its own.
      incomplete += check(f.text, [f.text], `${f.name} sliced, one delta`, true).incomplete;
    }
    assert.ok(incomplete > 20, `steps were stopped only ${incomplete} times: slicing was hardly exercised`);
  });

  it('fuzz: 3000 random block soups (lists, fences, quotes, tables, html, setext, definitions)', () => {
    const frags = [
      '- a\n', '\n', '\n', '\n', '1. x\n', '2. y\n', '2) y\n', '```\n', '```js\n', '    code\n', '> q\n', '>\n', '| a | b |\n',
      '|---|---|\n', '[r]: http://x.com\n', 'para [r] text\n', '***\n', '===\n', '---\n', '  - nested\n', '   more\n', '<div>\n',
      '<!--\n', '-->\n', '~~~\n', '\tindented\n', '+ plus\n', '* star\n', '# h\n', 'text *em\n', 'more* end\n', '10. ten\n',
      '- [ ] task\n', '  ```\n', '<pre>\n', '</pre>\n', ' \n', '1.\n', '-\n', '<scr', 'ipt>x</script>\n', '\r\n', 'a\r', '\nb\n',
    ];
    for (let seed = 1; seed <= 3000; seed++) {
      const random = rng(seed);
      let text = '';
      const n = 5 + Math.floor(random() * 25);
      for (let i = 0; i < n; i++) text += frags[Math.floor(random() * frags.length)];
      check(text, randomSplit(text, random, 8), `fuzz seed ${seed} ${JSON.stringify(text)}`);
    }
  });

  it('the open tail stays small on a long answer (no re-rendering that grows with the answer)', () => {
    // Every fixture back to back: consecutive reference definitions mid-answer once stalled sealing.
    let text = '';
    while (text.length < 40_000) text += ANSWERS.map((a) => a.text.replace(/```rust[\s\S]*$/, '')).join('\n\n') + '\n\n';
    const stream = new inc.IncrementalMarkdown();
    let maxTail = 0;
    for (let pos = 0; pos < text.length; pos += 60) {
      stream.append(text.slice(pos, pos + 60));
      stream.step();
      maxTail = Math.max(maxTail, Math.min(pos + 60, text.length) - stream.sealedLength);
    }
    assert.ok(maxTail < 2000, `the unsealed tail reached ${maxTail} chars`);
  });

  it('a CR at the end of one delta and LF at the start of the next make one newline', () => {
    const stream = new inc.IncrementalMarkdown();
    stream.append('line one\r');
    stream.append('\n\r\nline two');
    const sealed = stream.step().sealed;
    const end = stream.finish();
    assert.strictEqual(compose(sealed, end), md.renderMarkdown('line one\n\nline two'));
    assert.strictEqual(md.renderMarkdown('line one\r\n\r\nline two'), '<p>line one</p>\n<p>line two</p>\n');
  });
});
