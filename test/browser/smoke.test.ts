import * as assert from 'assert';
import { panelState, turnView, type PanelPage } from './harness';
import { closeClean, openSharedPanel } from './setup';

describe('panel smoke', () => {
  let panel: PanelPage;
  beforeEach(async () => {
    panel = await openSharedPanel();
  });
  afterEach(() => closeClean(panel));

  it('loads under the CSP, posts ready and shows the welcome', async () => {
    const msgs = await panel.messages();
    assert.deepStrictEqual(msgs, [{ type: 'ready' }]);
    assert.match(await panel.page.locator('.welcome').innerText(), /Ask DeepSeek anything/);
    await panel.post({ type: 'sync', state: panelState([turnView({ id: 'a', status: 'done', answer: '# Hi\n\nthere', question: 'q' })]) });
    assert.strictEqual(await panel.page.locator('.welcome').isVisible(), false);
    assert.strictEqual(await panel.page.locator('[role=log] h1').innerText(), 'Hi');
  });
});
