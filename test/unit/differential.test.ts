// Differential tests: the official `openai` client and ours read the same text from the same server
// responses. Proves the test server speaks the wire format faithfully and that our client agrees with
// the reference parser on every normal layout.

import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { answer, raw, startTestServer, type Scenario, type TestServer } from '../server';
import { KEY, chat, run } from './helpers';

interface Read {
  content: string;
  reasoning: string;
  usage?: unknown;
  finish?: string;
}

async function readWithOpenAI(server: TestServer): Promise<Read> {
  const client = new OpenAI({ baseURL: server.url, apiKey: 'sk-test', maxRetries: 0, timeout: 10_000 });
  const stream = await client.chat.completions.create({
    model: 'deepseek-flash',
    messages: [{ role: 'user', content: 'Say hello' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  const out: Read = { content: '', reasoning: '' };
  for await (const chunk of stream) {
    const choice = chunk.choices?.[0];
    const delta = choice?.delta as { content?: string | null; reasoning_content?: string | null; reasoning?: string | null } | undefined;
    out.content += delta?.content ?? '';
    out.reasoning += delta?.reasoning_content ?? delta?.reasoning ?? '';
    if (choice?.finish_reason) out.finish = choice.finish_reason;
    if (chunk.usage) out.usage = chunk.usage;
  }
  return out;
}

async function readWithOurs(server: TestServer): Promise<Read> {
  const r = await run(server, {}, {}, chat('Say hello'));
  assert.equal(r.error, undefined, r.error?.message);
  const out: Read = { content: r.content, reasoning: r.reasoning };
  for (const e of r.events) {
    if (e.type === 'usage') out.usage = e.usage;
    if (e.type === 'finish') out.finish = e.reason;
  }
  return out;
}

const TEXT = 'Hello! 你好，世界 🌍🚀\n\n```ts\nconst x = "naïve café";\n```\n| a | b |\n|---|---|\n| 1 | 2 |\n';
const REASONING = '用户想要问候。Let me think 🤔 about it…';

const cases: Array<[string, () => Scenario]> = [
  ['plain', () => answer(TEXT, { deltaSize: 3 })],
  ['reasoning (DeepSeek reasoner layout)', () => answer(TEXT, { reasoning: REASONING })],
  ['reasoning in the `reasoning` field', () => answer(TEXT, { reasoning: REASONING, reasoningField: 'reasoning' })],
  ...(['last', 'separate', 'null'] as const).map((usageLayout): [string, () => Scenario] => [`usage layout ${usageLayout}`, () => answer(TEXT, { usageLayout })]),
  ['keep-alives before the first token', () => answer(TEXT, { keepAlivesBefore: 4, keepAliveDelayMs: 10 })],
  ['CRLF framing', () => answer(TEXT, { crlf: true, usageLayout: 'separate' })],
  ['byte-by-byte writes', () => answer('你好 🌍 ok', { byteByByte: true, deltaSize: 2, reasoning: '嗯🤔' })],
  ['OpenRouter comments', () => raw([': OPENROUTER PROCESSING\n\n', ...answer(TEXT).steps.flatMap((s) => ('write' in s ? [s.write] : []))])],
];

describe('differential: the official openai client and ours read the same answers', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(async () => server.close());

  for (const [name, make] of cases) {
    it(name, async () => {
      server.enqueue(make(), make());
      const ours = await readWithOurs(server);
      const theirs = await readWithOpenAI(server);
      assert.equal(ours.content, theirs.content);
      assert.equal(ours.reasoning, theirs.reasoning);
      assert.deepEqual(ours.usage, theirs.usage);
      assert.equal(ours.finish, theirs.finish);
      assert.ok(ours.content.length > 0);
      if (/reasoning|byte/.test(name)) assert.ok(ours.reasoning.length > 0);
    });
  }

  it('the openai client sees the same request shape we send (model, messages, stream, stream_options)', async () => {
    server.enqueue(answer('a'), answer('b'));
    const before = server.requests.length;
    await readWithOurs(server);
    await readWithOpenAI(server);
    const [ours, theirs] = server.requests.slice(before);
    for (const key of ['model', 'messages', 'stream', 'stream_options']) assert.deepEqual(ours!.body[key], theirs!.body[key], key);
    assert.equal(ours!.path, theirs!.path);
    assert.equal(ours!.headers.authorization, `Bearer ${KEY}`);
    assert.equal(theirs!.headers.authorization, 'Bearer sk-test');
  });
});
