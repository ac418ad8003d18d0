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
  it('language ids from fences and from requests', () => {
    assert.equal(languageFromFence('TS'), 'typescript');
    assert.equal(languageFromFence('unknown-lang'), undefined);
    assert.equal(languageFromRequest('Write a README for this project'), 'markdown');
    assert.equal(languageFromRequest('a pytest suite for the parser'), 'python');
    assert.equal(languageFromRequest('a poem about autumn'), undefined);
  });
});
