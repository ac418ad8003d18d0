// The input area: Enter sends, Shift+Enter adds a line, IME composition is safe, Stop (and Escape)
// stop a streaming answer, New chat / History / Set API Key run their commands, focusInput fills the box.

import * as assert from 'assert';
import { panelState, turnView, type PanelPage } from './harness';
import { closeClean, openSharedPanel } from './setup';

describe('input, Send and Stop', () => {
  let panel: PanelPage;
  beforeEach(async () => {
    panel = await openSharedPanel();
    await panel.post({ type: 'sync', state: panelState([]) });
    await panel.clearMessages();
  });
  afterEach(() => closeClean(panel));

  it('Enter posts ask with the text and clears the box; Shift+Enter inserts a newline', async () => {
    const box = panel.page.getByRole('textbox', { name: 'Ask DeepSeek' });
    await box.click();
    await panel.page.keyboard.type('first line');
    await panel.page.keyboard.press('Shift+Enter');
    await panel.page.keyboard.type('second line');
    assert.strictEqual(await box.inputValue(), 'first line\nsecond line');
    assert.deepStrictEqual(await panel.messages(), []);
    await panel.page.keyboard.press('Enter');
    assert.deepStrictEqual(await panel.messages(), [{ type: 'ask', text: 'first line\nsecond line' }]);
    assert.strictEqual(await box.inputValue(), '');
    // Empty or blank input sends nothing.
    await panel.page.keyboard.press('Enter');
    await panel.page.keyboard.type('   ');
    await panel.page.keyboard.press('Enter');
    assert.strictEqual((await panel.messages()).length, 1);
  });

  it('the box grows with each line typed, up to 40% of the panel, scrolls beyond that and shrinks once sent', async () => {
    const box = panel.page.getByRole('textbox', { name: 'Ask DeepSeek' });
    const height = () => box.evaluate((el) => el.getBoundingClientRect().height);
    await box.click();
    await panel.page.keyboard.type('one line');
    const one = await height();
    await panel.page.keyboard.press('Shift+Enter');
    await panel.page.keyboard.type('two lines');
    const two = await height();
    assert.ok(two > one + 10, `two lines (${two} px) are not taller than one (${one} px)`);
    for (let i = 0; i < 60; i++) await panel.page.keyboard.press('Shift+Enter');
    const max = await panel.page.evaluate(() => Math.max(80, window.innerHeight * 0.4));
    const tall = await height();
    assert.ok(tall <= max + 1 && tall > max - 30, `62 lines are ${tall} px high; the cap is ${max} px`);
    assert.ok(await box.evaluate((el) => el.scrollHeight > el.clientHeight + 100), 'the text beyond the cap does not scroll');
    await panel.page.keyboard.press('Enter');
    assert.strictEqual(await box.inputValue(), '');
    assert.ok(Math.abs((await height()) - one) < 2, 'the empty box did not shrink back to one line');
  });

  it('Enter while an IME is composing does not send', async () => {
    const box = panel.page.getByRole('textbox', { name: 'Ask DeepSeek' });
    await box.fill('你好');
    await box.evaluate((el) => {
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true }));
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 229, bubbles: true, cancelable: true }));
    });
    assert.deepStrictEqual(await panel.messages(), []);
    assert.strictEqual(await box.inputValue(), '你好');
    await box.press('Enter');
    assert.deepStrictEqual(await panel.messages(), [{ type: 'ask', text: '你好' }]);
  });

  it('the Send button sends; while an answer streams Stop is shown and posts stop, and so does Escape', async () => {
    const page = panel.page;
    const stop = page.getByRole('button', { name: 'Stop', exact: true });
    const send = page.getByRole('button', { name: 'Send', exact: true });
    assert.strictEqual(await stop.isVisible(), false, 'Stop is visible with nothing streaming');
    await page.getByRole('textbox', { name: 'Ask DeepSeek' }).fill('Why is the sky blue?');
    await send.click();
    assert.deepStrictEqual(await panel.messages(), [{ type: 'ask', text: 'Why is the sky blue?' }]);
    await panel.clearMessages();

    await panel.post({ type: 'turnStart', turn: turnView({ id: 'q1', question: 'Why is the sky blue?' }) });
    await panel.post({ type: 'delta', turn: 'q1', seq: 1, content: 'Rayleigh scattering' });
    assert.ok(await stop.isVisible(), 'Stop is not visible while streaming');
    assert.ok(await stop.isEnabled());
    assert.ok(await send.isDisabled(), 'Send should wait until the answer ends');
    // Enter while streaming keeps the text instead of sending.
    const box = page.getByRole('textbox', { name: 'Ask DeepSeek' });
    await box.fill('next question');
    await box.press('Enter');
    assert.strictEqual(await box.inputValue(), 'next question');
    assert.deepStrictEqual(await panel.messages(), []);

    await stop.click();
    assert.deepStrictEqual(await panel.messages(), [{ type: 'stop' }]);
    await panel.clearMessages();
    await box.press('Escape');
    assert.deepStrictEqual(await panel.messages(), [{ type: 'stop' }]);
    await panel.clearMessages();
    // Escape from elsewhere in the panel too.
    await page.locator('[role="log"]').focus();
    await page.keyboard.press('Escape');
    assert.deepStrictEqual(await panel.messages(), [{ type: 'stop' }]);

    await panel.post({ type: 'turnEnd', turn: 'q1', seq: 1, status: 'stopped', endedAt: Date.now() });
    assert.strictEqual(await stop.isVisible(), false, 'Stop still visible after the end');
    assert.ok(await send.isEnabled());
    await panel.clearMessages();
    await page.keyboard.press('Escape');
    assert.deepStrictEqual(await panel.messages(), [], 'Escape with nothing streaming posts nothing');
    assert.match(await page.locator('[role="log"]').innerText(), /Stopped/);
  });

  it('New chat and History are not in the page (they are title-bar actions); the Set API Key hint appears without a key', async () => {
    const page = panel.page;
    assert.strictEqual(await page.getByRole('button', { name: 'New chat' }).count(), 0, 'a New chat button is still in the page');
    assert.strictEqual(await page.getByRole('button', { name: 'Chat history' }).count(), 0, 'a History button is still in the page');
    await panel.clearMessages();
    const setKey = page.getByRole('button', { name: 'Set API Key' });
    assert.strictEqual(await setKey.isVisible(), false);
    await panel.post({ type: 'settings', hasApiKey: false, keyNeeded: true, model: 'deepseek-flash' });
    assert.ok(await setKey.isVisible());
    await setKey.click();
    assert.deepStrictEqual(await panel.messages(), [{ type: 'command', command: 'setApiKey' }]);
    // A server on this machine (Ollama, LM Studio) needs no key: no hint although none is stored.
    await panel.post({ type: 'settings', hasApiKey: false, keyNeeded: false, model: 'llama3' });
    assert.strictEqual(await setKey.isVisible(), false, 'the page asks for a key a local server does not need');
    await panel.post({ type: 'settings', hasApiKey: false, keyNeeded: true, model: 'deepseek-flash' });
    assert.ok(await setKey.isVisible());
    await panel.post({ type: 'settings', hasApiKey: true, keyNeeded: false, model: 'deepseek-v4-pro' });
    assert.strictEqual(await setKey.isVisible(), false);
    assert.strictEqual(await page.locator('.model-label').innerText(), 'deepseek-v4-pro');
  });

  it('focusInput puts text in the box and focuses it; buttons are reachable with the keyboard', async () => {
    const page = panel.page;
    await panel.post({ type: 'focusInput', text: 'Explain `debounce`' });
    const focused = await page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.value);
    assert.strictEqual(focused, 'Explain `debounce`');
    await panel.post({ type: 'focusInput' });
    assert.strictEqual(await page.evaluate(() => document.activeElement?.tagName), 'TEXTAREA');
    // Tab order reaches real buttons with a visible focus ring: from the model button to the next one.
    await page.locator('button.model-switch').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const focusedButton = await page.evaluate(() => ({
      model: document.activeElement?.classList.contains('model-switch'),
      outline: getComputedStyle(document.activeElement!).outlineStyle,
    }));
    assert.deepStrictEqual(focusedButton, { model: true, outline: 'solid' });
    await panel.clearMessages();
    await page.keyboard.press('Enter');
    assert.deepStrictEqual(await panel.messages(), [{ type: 'command', command: 'selectModel' }]);
  });

  it('the unsent text follows the chat: typing reports it, a sync into an empty box restores it, sending clears it', async () => {
    const page = panel.page;
    const box = page.getByRole('textbox', { name: 'Ask DeepSeek' });
    await box.click();
    await page.keyboard.type('half a question');
    const drafts = async () => (await panel.messages({ drafts: true })).filter((m) => m.type === 'draft');
    assert.deepStrictEqual((await drafts()).at(-1), { type: 'draft', text: 'half a question' });
    // Saved with the page's state (throttled), so a view rebuilt after hiding shows it again.
    await page.waitForFunction(() => (window as unknown as { __state?: { state: { draft?: string } } }).__state?.state.draft === 'half a question');
    // The host's draft (typed on the other surface) does not overwrite what is typed here...
    await panel.post({ type: 'sync', state: panelState([], { draft: 'typed in the side bar' }) });
    assert.strictEqual(await box.inputValue(), 'half a question');
    // ...and fills the box of a surface that has nothing typed (a new tab, the view shown again).
    await box.fill('');
    await panel.post({ type: 'sync', state: panelState([], { draft: 'typed in the side bar' }) });
    assert.strictEqual(await box.inputValue(), 'typed in the side bar');
    await panel.clearMessages();
    await box.click();
    await page.keyboard.press('Enter');
    assert.deepStrictEqual(await panel.messages({ drafts: true }), [
      { type: 'ask', text: 'typed in the side bar' },
      { type: 'draft', text: '' },
    ]);
    assert.strictEqual((await panel.savedState())?.state.draft, 'typed in the side bar');
    await page.waitForFunction(() => (window as unknown as { __state?: { state: { draft?: string } } }).__state?.state.draft === undefined);
  });
});
