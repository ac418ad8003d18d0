// Code blocks' Copy / Insert at Cursor post the exact code; link clicks are handed to the host
// (openLink) for http/https/mailto and do nothing for anything else; the webview never navigates.

import * as assert from 'assert';
import { answerSelector, panelState, turnView, type PanelPage } from './harness';
import { closeClean, openSharedPanel } from './setup';

const TS_CODE = 'const greet = (name: string): string => `Hello, ${name}!`;\n\nconsole.log(greet("<world>"));';
const PY_CODE = 'def add(a, b):\n    return a + b\n\n\nprint(add(1, 2))';

const ANSWER = [
  'Two snippets:',
  '',
  '```ts',
  TS_CODE,
  '```',
  '',
  '```python',
  PY_CODE,
  '```',
  '',
  'See [the docs](https://example.com/docs?a=1&b=2), [mail us](mailto:team@example.com),',
  '[bad](javascript:alert(1)) and https://example.com/auto.',
].join('\n');

describe('code blocks and links', () => {
  let panel: PanelPage;
  beforeEach(async () => {
    panel = await openSharedPanel();
  });
  afterEach(() => closeClean(panel));

  for (const mode of ['streamed', 'synced'] as const) {
    it(`${mode}: Copy and Insert at Cursor post the exact code of their block`, async () => {
      if (mode === 'streamed') {
        await panel.post({ type: 'turnStart', turn: turnView({ id: 'c1' }) });
        const pieces = ANSWER.match(/[\s\S]{1,7}/g)!;
        await panel.stream(pieces.map((content, i) => ({ type: 'delta', turn: 'c1', seq: i + 1, content })));
        await panel.post({ type: 'turnEnd', turn: 'c1', seq: pieces.length, status: 'done', endedAt: Date.now() });
      } else {
        await panel.post({ type: 'sync', state: panelState([turnView({ id: 'c1', answer: ANSWER, status: 'done' })]) });
      }
      await panel.clearMessages();
      const answer = panel.page.locator(answerSelector('c1'));
      const copies = answer.getByRole('button', { name: 'Copy code' });
      const inserts = answer.getByRole('button', { name: 'Insert code at cursor' });
      assert.strictEqual(await copies.count(), 2);
      assert.strictEqual(await inserts.count(), 2);
      assert.strictEqual(await inserts.first().textContent(), 'Insert at Cursor');
      await copies.nth(0).click();
      await inserts.nth(1).click();
      await copies.nth(1).click();
      assert.deepStrictEqual(await panel.messages(), [
        { type: 'copy', text: TS_CODE },
        { type: 'insert', text: PY_CODE },
        { type: 'copy', text: PY_CODE },
      ]);
      // Highlighted, with a language label.
      assert.ok((await answer.locator('code.language-ts span[class^="hljs-"]').count()) > 3);
      assert.deepStrictEqual(await answer.locator('.code-lang').allTextContents(), ['ts', 'python']);
    });
  }

  it('accessible names, table alignment, list numbering and link titles survive sanitizing', async () => {
    const text = '| L | C | R |\n|:--|:-:|--:|\n| a | b | c |\n\n3. three\n4. four\n\n[t](https://example.com "The title")\n\n```js\nx\n```';
    await panel.post({ type: 'sync', state: panelState([turnView({ id: 'm', answer: text, status: 'done' })]) });
    const answer = panel.page.locator(answerSelector('m'));
    assert.deepStrictEqual(await answer.locator('td').evaluateAll((tds) => tds.map((td) => td.getAttribute('align'))), ['left', 'center', 'right']);
    assert.strictEqual(await answer.locator('ol').getAttribute('start'), '3');
    assert.strictEqual(await answer.locator('a').getAttribute('title'), 'The title');
    assert.strictEqual(await answer.getByRole('button', { name: 'Copy code' }).count(), 1);
  });

  it('Copy works on code in the question (Explain Selection) too', async () => {
    const question = 'Explain this:\n\n```go\nfunc main() {\n\tfmt.Println("hi")\n}\n```';
    await panel.post({ type: 'sync', state: panelState([turnView({ id: 'q', question, answer: 'It prints hi.', status: 'done' })]) });
    await panel.clearMessages();
    await panel.page.locator('.question-body').getByRole('button', { name: 'Copy code' }).click();
    assert.deepStrictEqual(await panel.messages(), [{ type: 'copy', text: 'func main() {\n\tfmt.Println("hi")\n}' }]);
  });

  it('links: https and mailto post openLink; javascript: is plain text; nothing navigates', async () => {
    await panel.post({ type: 'sync', state: panelState([turnView({ id: 'l1', answer: ANSWER, status: 'done' })]) });
    await panel.clearMessages();
    const page = panel.page;
    const url = page.url();
    const answer = page.locator(answerSelector('l1'));
    await answer.getByRole('link', { name: 'the docs' }).click();
    await answer.getByRole('link', { name: 'mail us' }).click();
    await answer.getByRole('link', { name: 'https://example.com/auto' }).click();
    // Middle click is routed through the host as well, never a new window.
    await answer.getByRole('link', { name: 'the docs' }).click({ button: 'middle' });
    assert.strictEqual(await answer.getByRole('link', { name: 'bad' }).count(), 0);
    await answer.getByText('bad', { exact: false }).first().click();
    await panel.nextFrame();
    assert.deepStrictEqual(await panel.messages(), [
      { type: 'openLink', href: 'https://example.com/docs?a=1&b=2' },
      { type: 'openLink', href: 'mailto:team@example.com' },
      { type: 'openLink', href: 'https://example.com/auto' },
      { type: 'openLink', href: 'https://example.com/docs?a=1&b=2' },
    ]);
    assert.strictEqual(page.url(), url, 'the webview navigated');
    assert.strictEqual(page.context().pages().length, 1, 'a window was opened');
    assert.deepStrictEqual(panel.requests.filter((u) => !u.startsWith(panel.origin)), []);
  });
});
