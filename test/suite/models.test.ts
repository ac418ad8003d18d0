// Models, cost, balance and the request limit inside a real VS Code: the test server's model list
// reaches the picker, picking one changes the next request's `model`, thinking settings reach the
// request, the balance is shown, and the request limit spreads a burst of questions.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MODELS } from '../server';
import { answer, errorResponse } from '../server/scenarios';
import { api, bodyOf, chatRequests, fire, lastTurn, startServerWithKey, waitFor, type TestServer } from './helpers';

const config = () => vscode.workspace.getConfiguration('deepseek');

async function setSetting(key: string, value: unknown): Promise<void> {
  await config().update(key, value, vscode.ConfigurationTarget.Global);
  await waitFor(`deepseek.${key} to apply`, () => JSON.stringify(config().get(key)) === JSON.stringify(value) || (value === undefined && config().inspect(key)?.globalValue === undefined));
}

suite('Models, cost and balance', () => {
  let server: TestServer;

  suiteSetup(async () => {
    server = await startServerWithKey();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    for (const key of ['model', 'thinking', 'reasoningEffort', 'maxRequestsPerSecond', 'showBalanceInStatusBar', 'currency']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await server?.close();
  });

  test("the server's model list reaches the picker; picking one changes the next request's model", async () => {
    const deepseek = await api();
    server.account.models = ['deepseek-flash', 'deepseek-v4-pro', 'in-host-model-x'];
    await vscode.commands.executeCommand('deepseek.newChat');
    await setSetting('model', 'deepseek-flash');

    void fire('deepseek.selectModel');
    const opened = await waitFor('the model picker to load', () => {
      const p = deepseek.modelPicker();
      return p && !p.busy ? p : undefined;
    }, 20_000);
    if (!opened.labels().includes('in-host-model-x')) {
      // A list cached before this test (another surface asked first): refresh it, as a user would.
      const refresh = opened.labels().find((l) => /Refresh|刷新/.test(l));
      assert.ok(refresh && opened.highlight(refresh), `no refresh entry: ${opened.labels().join(' | ')}`);
      await waitFor('the workbench to make the refresh entry active', () => opened.activeLabel() === refresh);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const picker = await waitFor('the model picker to list the server\'s models', () => {
      const p = deepseek.modelPicker();
      return p && !p.busy && p.labels().includes('in-host-model-x') ? p : undefined;
    }, 20_000);
    const labels = picker.labels();
    for (const id of ['deepseek-flash', 'deepseek-v4-pro', 'in-host-model-x']) assert.ok(labels.includes(id), `picker items: ${labels.join(' | ')}`);
    assert.ok(server.requests.some((r) => r.method === 'GET' && r.path.endsWith('/models')), 'the picker did not ask GET /models');
    // deepseek-flash is a V4 model: thinking and effort are offered.
    assert.ok(labels.some((l) => /Thinking/i.test(l) || /思考/.test(l)), `no thinking entries: ${labels.join(' | ')}`);

    assert.ok(picker.highlight('in-host-model-x'));
    await waitFor('the workbench to make in-host-model-x the active item', () => picker.activeLabel() === 'in-host-model-x');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await waitFor('deepseek.model to become in-host-model-x', () => config().get('model') === 'in-host-model-x');
    assert.equal(config().inspect('model')?.globalValue, 'in-host-model-x', 'written to the user settings');
    await waitFor('the status bar to show the new model', () => deepseek.statusBar().model.includes('in-host-model-x'));
    await waitFor('the panel state to carry the new model', () => deepseek.getState().model === 'in-host-model-x');

    const before = chatRequests(server).length;
    server.enqueue(answer('Answer from the picked model.'));
    await vscode.commands.executeCommand('deepseek.ask', 'Which model answers? (in-host model test)');
    await deepseek.whenIdle();
    const sent = chatRequests(server).slice(before);
    assert.equal(sent.length, 1);
    assert.equal(bodyOf(sent[0]).model, 'in-host-model-x');
    assert.equal(lastTurn(deepseek.getState()).model, 'in-host-model-x');
  });

  test('a server without GET /models: the known DeepSeek models stand in', async () => {
    const deepseek = await api();
    server.account.models = errorResponse(404, { error: { message: 'Not Found' } });
    await setSetting('model', 'deepseek-flash');
    // A change of base URL (here: the same server under /v1) asks again.
    await config().update('baseUrl', `${server.url}/v1`, vscode.ConfigurationTarget.Global);
    try {
      const models = await waitFor('the fallback list', async () => {
        const list = await deepseek.models();
        return list.some((m) => m.id === 'deepseek-v4-pro') && !list.some((m) => m.id === 'in-host-model-x') ? list : undefined;
      });
      assert.deepEqual(models.map((m) => m.id), ['deepseek-flash', 'deepseek-v4-pro']);
    } finally {
      server.account.models = [...MODELS];
      await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    }
  });

  test('thinking off and reasoning effort reach the request for a V4 model, never for others', async () => {
    const deepseek = await api();
    await setSetting('model', 'deepseek-v4-pro');
    await setSetting('thinking', 'enabled');
    await setSetting('reasoningEffort', 'max');
    let before = chatRequests(server).length;
    server.enqueue(answer('Thought hard.'));
    await vscode.commands.executeCommand('deepseek.ask', 'Think hard (in-host thinking test)');
    await deepseek.whenIdle();
    let body = bodyOf(chatRequests(server)[before]);
    assert.deepEqual(body.thinking, { type: 'enabled' });
    assert.equal(body.reasoning_effort, 'max');

    await setSetting('thinking', 'disabled');
    before = chatRequests(server).length;
    server.enqueue(answer('Quick.'));
    await vscode.commands.executeCommand('deepseek.ask', 'Quick one (in-host thinking test)');
    await deepseek.whenIdle();
    body = bodyOf(chatRequests(server)[before]);
    assert.deepEqual(body.thinking, { type: 'disabled' });
    assert.equal(body.reasoning_effort, undefined, 'no effort with thinking off');

    await setSetting('model', 'some-other-model');
    before = chatRequests(server).length;
    server.enqueue(answer('Plain.'));
    await vscode.commands.executeCommand('deepseek.ask', 'Plain (in-host thinking test)');
    await deepseek.whenIdle();
    body = bodyOf(chatRequests(server)[before]);
    assert.equal(body.thinking, undefined);
  });

  test('the cost of an answer from its cache hits, misses and output; conversation and session totals', async () => {
    const deepseek = await api();
    await setSetting('model', 'deepseek-flash');
    await setSetting('currency', 'USD');
    await vscode.commands.executeCommand('deepseek.newChat');
    const usage = { prompt_tokens: 1_000_000, prompt_cache_hit_tokens: 800_000, prompt_cache_miss_tokens: 200_000, completion_tokens: 100_000, total_tokens: 1_100_000 };
    server.enqueue(answer('Priced.', { usage }));
    await vscode.commands.executeCommand('deepseek.ask', 'What does this cost? (in-host cost test)');
    await deepseek.whenIdle();
    const turn = lastTurn(deepseek.getState());
    assert.equal(turn.status, 'done', turn.error?.message);
    assert.ok(turn.cost, 'the answer has no cost');
    assert.equal(turn.cost.currency, 'USD');
    // Peak or off-peak, depending on when the test runs: 0.8 × 0.006 + 0.2 × 0.3 + 0.1 × 1.2 = 0.1848 at peak.
    const peak = 0.8 * 0.006 + 0.2 * 0.3 + 0.1 * 1.2;
    assert.ok(Math.abs(turn.cost.amount - peak) < 1e-9 || Math.abs(turn.cost.amount - peak / 2) < 1e-9, `cost ${turn.cost.amount}`);
    const session = deepseek.getState().session;
    assert.ok(session && session.answers >= 1 && session.cost.some((m) => m.currency === 'USD' && m.amount >= turn.cost!.amount - 1e-12), JSON.stringify(session));
  });

  test('Show Balance shows the balance from GET /user/balance; the status bar shows it when asked to', async () => {
    const deepseek = await api();
    const text = (await vscode.commands.executeCommand('deepseek.showBalance')) as string | undefined;
    assert.ok(text && text.includes('¥110.00') && text.includes('¥10.00') && text.includes('¥100.00'), `balance text: ${text}`);
    assert.equal(deepseek.statusBar().balance, undefined, 'the status bar balance is off by default');
    await setSetting('showBalanceInStatusBar', true);
    await waitFor('the balance in the status bar', () => deepseek.statusBar().balance?.includes('¥110.00'));
    await setSetting('showBalanceInStatusBar', false);
    await waitFor('the status bar balance to go', () => deepseek.statusBar().balance === undefined);
  });

  test('the request limit is shared: at 1/s a question waits for the second after a balance read', async () => {
    const deepseek = await api();
    await setSetting('model', 'deepseek-flash');
    await setSetting('maxRequestsPerSecond', 1);
    await vscode.commands.executeCommand('deepseek.newChat');
    const before = chatRequests(server).length;
    try {
      // One question at a time goes through the panel; the limit is per extension host, so it is
      // shared with the account requests too: a balance read takes this second's turn first.
      await vscode.commands.executeCommand('deepseek.showBalance');
      server.enqueue(answer('One.'));
      await vscode.commands.executeCommand('deepseek.ask', 'First (in-host limit test)');
      await deepseek.whenIdle();
      const sent = chatRequests(server).slice(before);
      assert.equal(sent.length, 1);
      const balanceAt = [...server.requests].reverse().find((r) => r.path.endsWith('/user/balance'))!.receivedAt;
      assert.ok(sent[0].receivedAt - balanceAt >= 900, `the question went ${sent[0].receivedAt - balanceAt} ms after the balance read`);
      assert.equal(lastTurn(deepseek.getState()).status, 'done');
    } finally {
      await setSetting('maxRequestsPerSecond', 0);
    }
  });
});
