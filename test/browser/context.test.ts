// Attachments in the composer: chips (name, estimated tokens, remove), refused files with their
// reason, the active-editor suggestion (attached only on click), the budget total, and `@` opening
// the host's file picker (the `@` goes away once a file is picked; an e-mail address does not open it).

import * as assert from 'assert';
import type { HostMessage } from '../../src/shared/protocol';
import { panelState, turnView, type PanelPage } from './harness';
import { closeClean, openSharedPanel } from './setup';

const CONTEXT: HostMessage = {
  type: 'context',
  budgetTokens: 32000,
  chips: [
    { id: 'c1', kind: 'file', label: 'median.ts', title: 'src/median.ts', tokens: 96 },
    { id: 'c2', kind: 'selection', label: 'util.ts:3-9', title: 'src/util.ts', tokens: 1234 },
    { id: 'c3', kind: 'file', label: 'logo.png', title: 'media/logo.png', tokens: 0, refused: 'it is a binary file' },
  ],
  suggestion: { label: 'app.ts', title: 'src/app.ts' },
};

describe('attachments: chips and the @ file picker', () => {
  let panel: PanelPage;
  beforeEach(async () => {
    panel = await openSharedPanel();
    await panel.post({ type: 'sync', state: panelState([]) });
    await panel.clearMessages();
  });
  afterEach(() => closeClean(panel));

  it('shows no chip area until the host sends attachments', async () => {
    assert.strictEqual(await panel.page.locator('.context-chips').isVisible(), false);
    assert.strictEqual(await panel.page.getByRole('listitem').count(), 0);
  });

  it('chips show name and estimated tokens; a refused file says why; the total counts attached ones', async () => {
    await panel.post(CONTEXT);
    const list = panel.page.getByRole('list', { name: 'Attached to the next question' });
    await list.waitFor();
    const chips = list.locator('.context-chip:not(.context-suggestion)');
    assert.deepStrictEqual(await chips.locator('.context-name').allTextContents(), ['median.ts', 'util.ts:3-9', 'logo.png']);
    assert.deepStrictEqual(await chips.locator('.context-tokens').allTextContents(), ['≈96 tokens', '≈1.2k tokens', 'not attached']);
    assert.strictEqual(await chips.nth(2).getAttribute('title'), 'media/logo.png: not attached, it is a binary file');
    assert.strictEqual(await chips.nth(0).getAttribute('title'), 'src/median.ts');
    assert.strictEqual((await panel.page.locator('.context-total').textContent())?.trim(), '≈1.3k / 32k tokens');
    assert.strictEqual(await panel.page.locator('.context-total.over-budget').count(), 0);
  });

  it('the remove button posts removeContext for that chip; the host\'s update removes it', async () => {
    await panel.post(CONTEXT);
    await panel.page.getByRole('button', { name: 'Remove util.ts:3-9' }).click();
    assert.deepStrictEqual(await panel.messages(), [{ type: 'removeContext', id: 'c2' }]);
    await panel.post({ ...CONTEXT, chips: CONTEXT.type === 'context' ? CONTEXT.chips.filter((c) => c.id !== 'c2') : [] } as HostMessage);
    assert.strictEqual(await panel.page.getByRole('button', { name: 'Remove util.ts:3-9' }).count(), 0);
  });

  it('the active editor is only a suggestion: nothing is posted until it is clicked', async () => {
    await panel.post(CONTEXT);
    const suggest = panel.page.getByRole('button', { name: 'Attach app.ts' });
    assert.strictEqual((await suggest.textContent())?.trim(), '+ app.ts');
    await panel.page.getByRole('textbox', { name: 'Ask DeepSeek' }).fill('question');
    await panel.page.keyboard.press('Enter');
    assert.deepStrictEqual(await panel.messages(), [{ type: 'ask', text: 'question' }]);
    await panel.clearMessages();
    await suggest.click();
    assert.deepStrictEqual(await panel.messages(), [{ type: 'attachActive' }]);
  });

  it('over the budget the total is flagged', async () => {
    await panel.post({ type: 'context', budgetTokens: 1000, chips: [{ id: 'a', kind: 'file', label: 'big.ts', title: 'big.ts', tokens: 1500 }] });
    await panel.page.locator('.context-total.over-budget').waitFor();
    assert.match((await panel.page.locator('.context-total').getAttribute('title')) ?? '', /cut or left out/);
  });

  it('@ at the start or after a space asks the host for the picker; a picked file removes the @', async () => {
    const box = panel.page.getByRole('textbox', { name: 'Ask DeepSeek' });
    await box.click();
    await panel.page.keyboard.type('explain @');
    assert.deepStrictEqual(await panel.messages(), [{ type: 'pickFile' }]);
    await panel.post({ type: 'pickFileDone', picked: true });
    assert.strictEqual(await box.inputValue(), 'explain ');
    await panel.page.keyboard.type('please');
    assert.strictEqual(await box.inputValue(), 'explain please', 'the caret is not where the @ was');
  });

  it('a cancelled picker keeps the @; an e-mail address never opens the picker', async () => {
    const box = panel.page.getByRole('textbox', { name: 'Ask DeepSeek' });
    await box.click();
    await panel.page.keyboard.type('@');
    await panel.post({ type: 'pickFileDone', picked: false });
    assert.strictEqual(await box.inputValue(), '@');
    await panel.clearMessages();
    await panel.page.keyboard.type(' mail me at me@example.com');
    assert.deepStrictEqual(await panel.messages(), []);
    assert.strictEqual(await box.inputValue(), '@ mail me at me@example.com', 'the caret was not after the kept @');
  });

  it('Apply shows on code blocks only in turns whose question had a selection or one file, and posts the code', async () => {
    const answer = 'Try this:\n\n```ts\nconst x = 1;\n```\n';
    const plain = turnView({ id: 'plain', question: 'q1', answer, status: 'done' });
    const withSel = turnView({
      id: 'sel',
      question: 'q2',
      answer,
      status: 'done',
      attachments: [{ kind: 'selection', label: 'a.ts:1-2', path: 'a.ts', uri: 'file:///w/a.ts', tokens: 3, lines: { start: 1, end: 2 } }],
    });
    const twoFiles = turnView({
      id: 'two',
      question: 'q3',
      answer,
      status: 'done',
      attachments: [
        { kind: 'file', label: 'a.ts', path: 'a.ts', uri: 'file:///w/a.ts', tokens: 3 },
        { kind: 'file', label: 'b.ts', path: 'b.ts', uri: 'file:///w/b.ts', tokens: 3 },
      ],
    });
    await panel.post({ type: 'sync', state: panelState([plain, withSel, twoFiles]) });
    const apply = (id: string) => panel.page.locator(`[data-turn-id="${id}"]`).getByRole('button', { name: 'Apply code as a reviewable edit' });
    assert.strictEqual(await apply('plain').count(), 0);
    assert.strictEqual(await apply('two').count(), 0);
    assert.strictEqual(await apply('sel').count(), 1);
    await apply('sel').click();
    assert.deepStrictEqual(await panel.messages(), [{ type: 'apply', turn: 'sel', text: 'const x = 1;' }]);
  });
});
