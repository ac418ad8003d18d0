// A "model does not exist" error in the panel: the server's words, then one button per model the
// server lists; a click posts switchModel for that turn (the host switches the setting and asks again).

import * as assert from 'assert';
import { panelState, turnView, type PanelPage } from './harness';
import { closeClean, openSharedPanel } from './setup';

describe('model not found: the server\'s models, one click to switch and retry', () => {
  let panel: PanelPage;
  beforeEach(async () => {
    panel = await openSharedPanel();
    await panel.clearMessages();
  });
  afterEach(() => closeClean(panel));

  it('shows the message and a button per listed model; clicking one posts switchModel', async () => {
    const turn = turnView({
      id: 't-missing',
      status: 'error',
      answer: '',
      error: {
        kind: 'invalid',
        status: 400,
        message: 'Invalid request (400): Model Not Exist This server does not serve the model "deepseek-chat".',
        actions: ['openSettings'],
        models: ['deepseek-flash', 'deepseek-v4-pro'],
      },
    });
    await panel.post({ type: 'sync', state: panelState([turn]) });
    const group = panel.page.getByRole('group', { name: 'Models this server offers:' });
    await group.waitFor();
    assert.match((await panel.page.locator('.error-message').textContent()) ?? '', /Model Not Exist/);
    assert.deepStrictEqual(await group.getByRole('button').allTextContents(), ['Use deepseek-flash and retry', 'Use deepseek-v4-pro and retry']);
    await group.getByRole('button', { name: 'Use deepseek-v4-pro and retry' }).click();
    assert.deepStrictEqual(await panel.messages(), [{ type: 'switchModel', turn: 't-missing', model: 'deepseek-v4-pro' }]);
  });
});
