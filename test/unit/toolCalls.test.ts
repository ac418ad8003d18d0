// Tool calls in the stream: index-keyed fragments of id, name and JSON arguments assembled into
// whole, validated calls, whatever the split (inside a \u escape, between a surrogate pair, at any
// byte of the wire), through the decoder and through the real test server.

import * as assert from 'node:assert/strict';
import { SseDecoder } from '../../src/deepseek/sse';
import type { StreamEvent, ToolCall } from '../../src/deepseek/types';
import { raw, startTestServer, toolCallAnswer, toolCallStream, answer, type TestServer } from '../server';
import { chat, run } from './helpers';

// Arguments as a model writes them: an escaped é (\u00e9), a raw CJK string, an emoji (a surrogate
// pair in UTF-16, 4 bytes in UTF-8), an escaped quote and a nested object.
const ARGS = '{"filePath":"/work/caf\\u00e9/说明.md","note":"😀 \\"quoted\\"","range":{"start":1,"end":20}}';
const INPUT = { filePath: '/work/café/说明.md', note: '😀 "quoted"', range: { start: 1, end: 20 } };

function calls(events: StreamEvent[]): ToolCall[] {
  return events.flatMap((e) => (e.type === 'toolCall' ? [e.call] : []));
}

function decode(chunks: Array<string | Uint8Array>): StreamEvent[] {
  const d = new SseDecoder();
  const out: StreamEvent[] = [];
  for (const c of chunks) out.push(...d.push(c));
  out.push(...d.end());
  assert.equal(d.failure, undefined, `decoder failed: ${d.failure?.message}`);
  return out;
}

describe('tool calls: decoder', () => {
  it('assembles arguments split at every UTF-16 position (inside \\u escapes and surrogate pairs)', () => {
    for (let k = 1; k < ARGS.length; k++) {
      const events = decode([toolCallStream([{ id: 'call_1', name: 'read_file', arguments: ARGS, pieces: [ARGS.slice(0, k), ARGS.slice(k)] }])]);
      const got = calls(events);
      assert.equal(got.length, 1, `split at ${k}: ${got.length} calls`);
      assert.deepEqual(got[0], { index: 0, id: 'call_1', name: 'read_file', arguments: ARGS, input: INPUT }, `split at ${k}`);
      assert.deepEqual(events.slice(-2).map((e) => e.type), ['usage', 'finish']);
      assert.deepEqual(events.at(-1), { type: 'finish', reason: 'tool_calls' });
    }
  });

  it('decodes the same calls whatever byte of the wire the stream is cut at', () => {
    const bytes = Buffer.from(toolCallStream([{ id: 'call_1', name: 'read_file', arguments: ARGS, pieces: ARGS.match(/[\s\S]{1,2}/g)! }]), 'utf8');
    for (let b = 1; b < bytes.length; b++) {
      const got = calls(decode([bytes.subarray(0, b), bytes.subarray(b)]));
      assert.equal(got.length, 1, `cut at byte ${b}`);
      assert.deepEqual(got[0]!.input, INPUT, `cut at byte ${b}`);
    }
  });

  it('keeps interleaved calls apart by index and emits them in index order', () => {
    const events = decode([
      toolCallStream(
        [
          { id: 'a', name: 'read_file', arguments: '{"filePath":"a.ts"}' },
          { id: 'b', name: 'list_dir', arguments: '{"path":"src"}' },
        ],
        { interleave: true, reasoning: 'I need both files.' },
      ),
    ]);
    assert.deepEqual(
      calls(events).map((c) => [c.id, c.name, c.input]),
      [
        ['a', 'read_file', { filePath: 'a.ts' }],
        ['b', 'list_dir', { path: 'src' }],
      ],
    );
    assert.equal(events.filter((e) => e.type === 'reasoning').map((e) => (e as { text: string }).text).join(''), 'I need both files.');
  });

  it('says so when the arguments are not valid JSON, or not an object, and gives no input', () => {
    const [bad] = calls(decode([toolCallStream([{ id: 'x', name: 'read_file', arguments: '{"filePath": "a.ts"' }])]));
    assert.equal(bad!.input, undefined);
    assert.match(bad!.error!, /invalid JSON arguments for the tool "read_file"/);
    const [arr] = calls(decode([toolCallStream([{ id: 'y', name: 'read_file', arguments: '[1,2]' }])]));
    assert.equal(arr!.input, undefined);
    assert.match(arr!.error!, /not a JSON object/);
    const [none] = calls(decode([toolCallStream([{ id: 'z', name: 'get_time', arguments: '' }])]));
    assert.deepEqual(none!.input, {}, 'no arguments means no parameters');
  });

  it('emits nothing for a stream cut off in the middle of a call (truncated, not a call)', () => {
    const text = toolCallStream([{ id: 'c', name: 'read_file', arguments: ARGS }]);
    const d = new SseDecoder();
    const out = d.push(text.slice(0, text.indexOf('finish_reason":"tool_calls') - 200));
    out.push(...d.end());
    assert.equal(calls(out).length, 0);
    assert.equal(d.failure?.kind, 'truncated');
  });
});

describe('tool calls: through the test server', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('yields one complete call for a stream written in two pieces cut at every byte boundary', async function () {
    this.timeout(120_000);
    const bytes = Buffer.from(toolCallStream([{ id: 'call_w', name: 'read_file', arguments: ARGS, pieces: ARGS.match(/[\s\S]{1,10}/g)! }]), 'utf8');
    for (let b = 1; b < bytes.length; b++) {
      server.enqueue(raw([bytes.subarray(0, b), bytes.subarray(b)], { delayMs: 0 }));
      const r = await run(server);
      assert.equal(r.error, undefined, `cut at byte ${b}: ${r.error?.message}`);
      const got = calls(r.events);
      assert.equal(got.length, 1, `cut at byte ${b}`);
      assert.deepEqual(got[0]!.input, INPUT, `cut at byte ${b}`);
    }
  });

  it('sends tools, tool_choice, tool_calls, tool results and reasoning_content as given', async () => {
    server.enqueue(answer('done'));
    await run(server, {}, {}, {
      model: 'deepseek-flash',
      messages: [
        { role: 'user', content: 'Read a.ts' },
        { role: 'assistant', content: '', reasoning_content: 'I should read it.', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"filePath":"a.ts"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'export const a = 1;' },
      ],
      tools: [{ type: 'function', function: { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { filePath: { type: 'string' } } } } }],
      tool_choice: 'auto',
    });
    const body = server.requests[0]!.body;
    assert.equal(body.tools[0].function.name, 'read_file');
    assert.equal(body.tool_choice, 'auto');
    assert.equal(body.messages[1].reasoning_content, 'I should read it.');
    assert.equal(body.messages[1].tool_calls[0].id, 'c1');
    assert.deepEqual(body.messages[2], { role: 'tool', tool_call_id: 'c1', content: 'export const a = 1;' });
  });

  it('sends no tools field when there are none (an empty list is a 400 on some servers)', async () => {
    server.enqueue(answer('ok'));
    await run(server, {}, {}, chat('hi', { tools: [], tool_choice: 'auto' }));
    assert.equal('tools' in server.requests[0]!.body, false);
    assert.equal('tool_choice' in server.requests[0]!.body, false);
  });

  it('counts slow tool-call fragments as progress: no idle timeout while arguments stream', async () => {
    const events = toolCallAnswer([{ id: 'slow', name: 'write_file', arguments: '{"content":"' + 'x'.repeat(20) + '"}', pieces: undefined }]).steps;
    // One fragment every 60 ms, idle limit 250 ms, about 1.2 s in all.
    const steps = events.flatMap((s) => [s, { sleepMs: 60 }]);
    server.enqueue({ steps });
    const r = await run(server, { idleTimeoutMs: 250, firstByteTimeoutMs: 250 });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(calls(r.events)[0]?.name, 'write_file');
  });
});
