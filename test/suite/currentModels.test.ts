// Today's DeepSeek models inside a real VS Code: with no model settings the first question goes out
// as deepseek-flash and has a cost; a server that answers DeepSeek's 400 "Model Not Exist" gets its
// own model list offered, and switching to one of them answers the same question.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { errorResponse } from '../server/scenarios';
import { api, bodyOf, chatRequests, lastTurn, startServerWithKey, waitFor, type TestServer } from './helpers';

const config = () => vscode.workspace.getConfiguration('deepseek');

/** DeepSeek's answer for a model it does not serve (deepseek-api.md). */
const MODEL_NOT_EXIST = { error: { message: 'Model Not Exist', type: 'invalid_request_error', param: null, code: 'invalid_request_error' } };

async function clear(keys: string[]): Promise<void> {
  for (const key of keys) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  await waitFor('the model settings to clear', () => keys.every((k) => config().inspect(k)?.globalValue === undefined));
}

suite('Current models', () => {
  let server: TestServer;

  suiteSetup(async () => {
    server = await startServerWithKey();
  });

  suiteTeardown(async () => {
    server.responder = undefined;
    await clear(['model', 'thinking', 'reasoningEffort']);
    await server?.close();
  });

  test('with no model settings the first question goes out as deepseek-flash and has a cost line', async () => {
    const deepseek = await api();
    await clear(['model', 'thinking', 'reasoningEffort', 'prices', 'currency']);
    await vscode.commands.executeCommand('deepseek.newChat');
    const before = chatRequests(server).length;
    await vscode.commands.executeCommand('deepseek.ask', 'Hello with the defaults (in-host current models)');
    await deepseek.whenIdle();
    const sent = chatRequests(server).slice(before);
    assert.equal(sent.length, 1);
    assert.equal(bodyOf(sent[0]).model, 'deepseek-flash');
    const turn = lastTurn(deepseek.getState());
    assert.equal(turn.status, 'done', turn.error?.message);
    assert.equal(turn.model, 'deepseek-flash');
    assert.ok(turn.cost && turn.cost.amount > 0, `no cost for the default model: ${JSON.stringify(turn.cost)}`);
    await waitFor('the status bar to show deepseek-flash', () => deepseek.statusBar().model.includes('deepseek-flash'));
  });

  test('on DeepSeek\'s host a retired deepseek-reasoner setting becomes deepseek-flash with thinking on', async () => {
    try {
      // No request is made: the setting is rewritten where it is set, from the settings alone.
      await config().update('baseUrl', 'https://api.deepseek.com', vscode.ConfigurationTarget.Global);
      await config().update('model', 'deepseek-reasoner', vscode.ConfigurationTarget.Global);
      await waitFor('deepseek.model to become deepseek-flash', () => config().inspect('model')?.globalValue === 'deepseek-flash');
      await waitFor('thinking to be on', () => config().inspect('thinking')?.globalValue === 'enabled');
    } finally {
      await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
      await clear(['model', 'thinking']);
    }
    // Other servers keep the id: the unit tests of retiredModels.ts cover that rule.
  });

  test("a server's 400 'Model Not Exist' offers its models; switching to one answers the question", async () => {
    const deepseek = await api();
    server.account.models = ['deepseek-flash', 'deepseek-v4-pro'];
    // The test server is on this machine, so the retired id is not rewritten: the server decides.
    await config().update('model', 'deepseek-chat', vscode.ConfigurationTarget.Global);
    await waitFor('deepseek.model to apply', () => config().get('model') === 'deepseek-chat');
    server.responder = (body: { model?: string }) => (body.model === 'deepseek-chat' ? errorResponse(400, MODEL_NOT_EXIST) : undefined);
    await vscode.commands.executeCommand('deepseek.newChat');
    const before = chatRequests(server).length;
    await vscode.commands.executeCommand('deepseek.ask', 'Which models are there? (in-host model not found)');
    await deepseek.whenIdle();
    const failed = lastTurn(deepseek.getState());
    assert.equal(failed.status, 'error');
    assert.match(failed.error?.message ?? '', /Model Not Exist/);
    assert.deepEqual(failed.error?.models, ['deepseek-flash', 'deepseek-v4-pro']);

    await deepseek.switchModel(failed.id, 'deepseek-v4-pro');
    await deepseek.whenIdle();
    assert.equal(config().get('model'), 'deepseek-v4-pro', 'the setting follows the click');
    const retried = lastTurn(deepseek.getState());
    assert.equal(retried.status, 'done', retried.error?.message);
    assert.equal(retried.question, 'Which models are there? (in-host model not found)');
    assert.equal(deepseek.getState().turns.length, 1, 'the failed turn was replaced by the answer');
    const sent = chatRequests(server).slice(before).map((r) => bodyOf(r).model);
    assert.deepEqual(sent, ['deepseek-chat', 'deepseek-v4-pro']);
  });
});
