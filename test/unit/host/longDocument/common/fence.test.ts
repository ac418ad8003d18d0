import * as assert from 'node:assert/strict';
import { FenceStripper, languageFromFence, languageFromRequest } from '../../../../../src/host/longDocument/common/fence';

/** Feeds `text` in pieces of `size` and returns what is written. */
function strip(text: string, size: number): { out: string; language?: string } {
  const f = new FenceStripper();
  let out = '';
  for (let i = 0; i < text.length; i += size) out += f.push(text.slice(i, i + size));
  out += f.end();
  return { out, language: f.language };
}

describe('long documents: a single wrapping fence is stripped as the text streams', () => {
  const sizes = [1, 2, 3, 7, 1000];
  it('strips ```python … ``` and reports the language, at any split', () => {
    for (const size of sizes) {
      const r = strip('```python\nprint(1)\nprint(2)\n```\n', size);
      assert.equal(r.out, 'print(1)\nprint(2)\n', `size ${size}`);
      assert.equal(r.language, 'python');
    }
  });
  it('keeps inner fences of a wrapped markdown document; drops only the last one', () => {
    const doc = '# Title\n\n```js\nx()\n```\n\nEnd.\n';
    for (const size of sizes) assert.equal(strip('```markdown\n' + doc + '```', size).out, doc, `size ${size}`);
  });
  it('passes text without an opening fence through unchanged (a fence later on stays)', () => {
    const doc = '# Title\n\nSome text.\n\n```\ncode\n```\n';
    for (const size of sizes) assert.equal(strip(doc, size).out, doc, `size ${size}`);
  });
  it('an answer cut inside the fence keeps everything written; a lone backtick line at the end is kept unless it closes', () => {
    assert.equal(strip('```ts\nconst a = 1;\n``', 3).out, 'const a = 1;\n``');
    assert.equal(strip('```ts\nconst a = 1;\nconst b', 3).out, 'const a = 1;\nconst b');
  });
  it('text that cannot open a fence is written at once; a first line that only starts like one is let through at 200 characters', () => {
    const plain = new FenceStripper();
    assert.equal(plain.push('Hello world\n'), 'Hello world\n');
    assert.equal(plain.held, '');
    assert.equal(plain.takeHeld(), '');
    assert.equal(plain.push('```js\nx\n```\n'), '```js\nx\n```\n', 'a fence later on is text');
    assert.equal(plain.end(), '');
    const line = '`npm install` then ' + 'words '.repeat(40);
    const short = new FenceStripper();
    assert.equal(short.push(line.slice(0, 199)), '', 'still maybe a fence');
    const long = new FenceStripper();
    assert.equal(long.push(line.slice(0, 200)), line.slice(0, 200));
    assert.equal(long.push(line.slice(200)), line.slice(200));
  });
  it('an answer wrapped in ~~~ is stripped like one in backticks, at any split', () => {
    const doc = '# Title\n\n```js\nx()\n```\n\nEnd.\n';
    for (const size of sizes) {
      const r = strip('~~~markdown\n' + doc + '~~~\n', size);
      assert.equal(r.out, doc, `size ${size}`);
      assert.equal(r.language, 'markdown');
    }
    assert.equal(strip('~~~\nplain\n~~\n', 2).out, 'plain\n~~\n', 'a shorter line does not close it');
  });
  it('a short answer that only looks like the start of a fence is written whole at the end, and nothing stays held', () => {
    for (const answer of ['~~~', '``', ' \n']) {
      const f = new FenceStripper();
      assert.equal(f.push(answer), '');
      assert.equal(f.end(), answer);
      assert.equal(f.held, '');
    }
  });
  it('a stop hands over the held text once; a Resume goes on inside the same fence and its closing fence is still dropped', () => {
    const f = new FenceStripper();
    assert.equal(f.push('```py\nx = 1\n``'), 'x = 1\n');
    assert.equal(f.held, '``');
    assert.equal(f.takeHeld(), '``');
    assert.equal(f.held, '');
    assert.equal(f.openingLine, '```py\n', 'the prefix of the continuation still starts with the fence');
    assert.equal(f.push('`\ny = 2\n```\n'), '`\ny = 2\n');
    assert.equal(f.end(), '');
  });
  it('a stop before any text: what comes after is the document, so a fence at its start is kept', () => {
    const f = new FenceStripper();
    assert.equal(f.push('\n'), '');
    assert.equal(f.takeHeld(), '\n');
    assert.equal(f.openingLine, '');
    assert.equal(f.push('```js\nx\n```\n'), '```js\nx\n```\n');
    assert.equal(f.end(), '');
  });
  it('the opening line for a continuation: the fence as it came, without an info string too; none for unfenced text', () => {
    const bare = new FenceStripper();
    assert.equal(bare.openingLine, '');
    bare.push('```\ncode\n');
    assert.equal(bare.openingLine, '```\n');
    const plain = new FenceStripper();
    plain.push('Plain text.\n');
    assert.equal(plain.openingLine, '');
  });
  it('language ids from fences and from requests', () => {
    assert.equal(languageFromFence('TS'), 'typescript');
    assert.equal(languageFromFence('unknown-lang'), undefined);
    assert.equal(languageFromRequest('Write a README for this project'), 'markdown');
    assert.equal(languageFromRequest('a pytest suite for the parser'), 'python');
    assert.equal(languageFromRequest('a poem about autumn'), undefined);
  });
});
