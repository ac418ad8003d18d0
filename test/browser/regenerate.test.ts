// Regenerate and Edit question on the last answer: shown there only, and they post what the host
// needs (retry of that turn; ask with replaceTurn). Escape or Cancel leaves edit mode.

import * as assert from 'assert';
import { panelState, turnView, type PanelPage } from './harness';
import { closeClean, openSharedPanel } from './setup';

describe('Regenerate and Edit question', () => {
  let panel: PanelPage;
  beforeEach(async () => {
    panel = await openSharedPanel();
    await panel.post({
      type: 'sync',
      state: panelState([
        turnView({ id: 'a', question: 'first question', answer: 'first answer', status: 'done' }),
        turnView({ id: 'b', question: 'second question', answer: 'second answer', status: 'done' }),
      ]),
    });
    await panel.nextFrame();
    await panel.clearMessages();
  });
  afterEach(() => closeClean(panel));

  it('are shown under the last answer only, and not while it streams', async () => {
    const regenerate = panel.page.getByRole('button', { name: 'Regenerate' });
    assert.strictEqual(await panel.page.locator('.turn-last-actions').count(), 2, 'both finished turns carry them');
    assert.strictEqual(await regenerate.count(), 1, 'only one is shown (role queries skip hidden elements)');
    assert.strictEqual(await regenerate.evaluate((el) => el.closest('.turn') === document.querySelector('.turn:last-of-type')), true);
    await panel.post({ type: 'turnStart', turn: turnView({ id: 'c', question: 'third', status: 'streaming' }) });
    await panel.nextFrame();
    assert.strictEqual(await regenerate.count(), 0, 'nothing to regenerate while an answer streams');
  });

  it('Regenerate posts a retry of the last turn', async () => {
    await panel.page.getByRole('button', { name: 'Regenerate' }).last().click();
    assert.deepStrictEqual(await panel.messages(), [{ type: 'retry', turn: 'b' }]);
  });

  it('Edit question fills the input; sending replaces that turn; Escape cancels', async () => {
    const box = panel.page.getByRole('textbox', { name: 'Ask DeepSeek' });
    await panel.page.getByRole('button', { name: 'Edit question' }).last().click();
    assert.strictEqual(await box.inputValue(), 'second question');
    await box.press('End');
    await panel.page.keyboard.type(', in Go');
    await box.press('Enter');
    assert.deepStrictEqual(await panel.messages(), [{ type: 'ask', text: 'second question, in Go', replaceTurn: 'b' }]);

    await panel.clearMessages();
    await panel.page.getByRole('button', { name: 'Edit question' }).last().click();
    await box.press('Escape');
    assert.strictEqual(await box.inputValue(), '');
    await box.fill('a new question');
    await box.press('Enter');
    assert.deepStrictEqual(await panel.messages(), [{ type: 'ask', text: 'a new question' }], 'after Escape, a question is new again');
  });
});
