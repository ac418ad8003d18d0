// A tool-using conversation in VS Code's Chat continues after a window reload: the reasoning of the
// answer that made the tool call is read back from the extension's storage and sent again as
// `reasoning_content` (DeepSeek answers 400 without it). The reload is simulated by replacing the
// provider's memory with what is on disk; VS Code's history carries no thinking part here.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answer, toolCallAnswer } from '../server/scenarios';
import { api, bodyOf, chatRequests, startServerWithKey, waitFor, type TestServer } from './helpers';

const REASONING = 'The user wants b.ts; I will call read_file and remember why across a reload.';
const READ_TOOL: vscode.LanguageModelChatTool = {
  name: 'read_file',
  description: 'Read a file of the workspace',
  inputSchema: { type: 'object', properties: { filePath: { type: 'string' } }, required: ['filePath'] },
};

async function drain(response: vscode.LanguageModelChatResponse): Promise<{ text: string; calls: vscode.LanguageModelToolCallPart[] }> {
  const out = { text: '', calls: [] as vscode.LanguageModelToolCallPart[] };
  for await (const part of response.stream) {
    if (part instanceof vscode.LanguageModelTextPart) out.text += part.value;
    else if (part instanceof vscode.LanguageModelToolCallPart) out.calls.push(part);
  }
  return out;
}

suite('Reasoning round-trip across a reload (VS Code Chat)', () => {
  let server: TestServer;

  suiteSetup(async () => {
    server = await startServerWithKey();
    server.account.models = ['deepseek-flash', 'deepseek-v4-pro'];
  });

  suiteTeardown(async () => {
    await server?.close();
  });

  test('the follow-up request after the store is reloaded from disk carries reasoning_content', async () => {
    const deepseek = await api();
    const m = await waitFor('deepseek-flash in vscode.lm', async () => (await vscode.lm.selectChatModels({ vendor: 'deepseek', id: 'deepseek-flash' }))[0], 20_000, 100);
    const callId = `call_reload_${Date.now()}`;
    server.enqueue(toolCallAnswer([{ id: callId, name: 'read_file', arguments: '{"filePath":"b.ts"}' }], { model: 'deepseek-flash', reasoning: REASONING }));
    const question = vscode.LanguageModelChatMessage.User('Read b.ts (reload test)');
    const first = await drain(await m.sendRequest([question], { tools: [READ_TOOL] }));
    assert.equal(first.calls.length, 1);

    // The window reloads: the provider's memory is replaced by what was saved.
    await deepseek.reloadReasoning();

    server.enqueue(answer('`b.ts` exports `b = 2`.', { model: 'deepseek-flash' }));
    const before = chatRequests(server).length;
    const follow = await drain(
      await m.sendRequest(
        [
          question,
          // As VS Code hands the history back without a thinking part.
          vscode.LanguageModelChatMessage.Assistant([first.calls[0]!]),
          vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(callId, [new vscode.LanguageModelTextPart('export const b = 2;')])]),
        ],
        { tools: [READ_TOOL] },
      ),
    );
    assert.equal(follow.text, '`b.ts` exports `b = 2`.');
    const msgs = bodyOf(chatRequests(server)[before]!).messages as Array<Record<string, unknown>>;
    const assistant = msgs.find((x) => x.role === 'assistant' && Array.isArray(x.tool_calls));
    assert.ok(assistant, JSON.stringify(msgs));
    assert.equal(assistant.reasoning_content, REASONING);
  });
});
