// Edges of the SSE decoder (src/deepseek/sse.ts) that sse.test.ts leaves open: the exact wording of
// every failure a user reads, which failures carry a status or are final, the flush of a last event
// that lacks its blank line, whitespace-only and unknown lines, end() after the answer is complete,
// odd choices/usage values, the tool-call limit at its exact edge, event counts, and decodeAll's
// handling of its source.

import * as assert from 'node:assert/strict';
import { SseDecoder, decodeAll } from '../../src/deepseek/sse';
import type { StreamEvent } from '../../src/deepseek/types';
import { chunk, sse, DONE, KEEP_ALIVE } from '../server/scenarios';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const MB = 1024 * 1024;

describe('sse: failure wording, status and retryability', () => {
  it('an error event with a status names it; without one it does not, and carries no status', () => {
    const withStatus = decodeAll([sse({ error: { message: 'Provider returned error', code: 502 } })]);
    assert.deepEqual(withStatus.failure, { kind: 'server', status: 502, message: 'The server reported an error in the stream (502): Provider returned error' });
    const without = decodeAll([sse({ error: { message: 'Something broke' } })]);
    // No `status` key at all: callers test `'status' in failure` / spread it into their own error.
    assert.deepEqual(without.failure, { kind: 'server', message: 'The server reported an error in the stream: Something broke' });
  });

  it('an error without any message text says "unknown error" (with and without a status)', () => {
    assert.deepEqual(decodeAll([sse({ error: { code: 503 } })]).failure, { kind: 'server', status: 503, message: 'The server reported an error in the stream (503): unknown error' });
    // `event: error` with a payload that has no `error` field is still an error.
    assert.deepEqual(decodeAll(['event: error\ndata: {}\n\n']).failure, { kind: 'server', message: 'The server reported an error in the stream: unknown error' });
  });

  it('`"error": null` next to normal choices is an ordinary chunk, not an error', () => {
    const r = decodeAll([sse({ ...chunk({ content: 'fine' }), error: null }) + sse(chunk({ finish: 'stop' })) + DONE]);
    assert.equal(r.failure, undefined);
    assert.deepEqual(r.events, [{ type: 'content', text: 'fine' }, { type: 'finish', reason: 'stop' }]);
  });

  it('malformed JSON and a non-object payload are protocol failures with their own wording', () => {
    const bad = decodeAll([sse(chunk({ content: 'ok' })) + 'data: {"choices": [\n\n']);
    assert.deepEqual(bad.failure, { kind: 'protocol', message: 'The server sent a malformed stream event (invalid JSON, 13 chars).' });
    assert.deepEqual(decodeAll(['data: 42\n\n']).failure, { kind: 'protocol', message: 'The server sent a stream event that is not a JSON object.' });
  });

  it('a close without finish reason or [DONE] is truncated, in plain words and without a status', () => {
    const r = decodeAll([sse(chunk({ content: 'partial' }))]);
    assert.deepEqual(r.failure, { kind: 'truncated', message: 'The answer was cut off: the stream ended without a finish reason or [DONE].' });
    assert.equal(r.done, false);
  });

  it('insufficient_system_resource and an unknown finish reason are worded differently', () => {
    const scarce = decodeAll([sse(chunk({ content: 'x', finish: 'insufficient_system_resource' }))]);
    assert.deepEqual(scarce.failure, {
      kind: 'interrupted',
      message: 'The server stopped the answer early: insufficient system resources (finish_reason insufficient_system_resource).',
    });
    const odd = decodeAll([sse(chunk({ content: 'x', finish: 'weird' }))]);
    assert.deepEqual(odd.failure, { kind: 'interrupted', message: 'The server stopped the answer for an unknown reason (finish_reason weird).' });
  });

  it('an oversize event is a final (not retryable) protocol failure that states the limit', () => {
    const d = new SseDecoder({ maxEventChars: MB });
    assert.deepEqual(d.push(sse(chunk({ content: 'kept' }))), [{ type: 'content', text: 'kept' }]);
    d.push('data: ' + 'x'.repeat(MB + 10));
    assert.deepEqual(d.failure, {
      kind: 'protocol',
      message: 'The server sent a stream event larger than 1 MB (the limit for one event); the answer was stopped and what arrived is kept.',
      retryable: false,
    });
  });

  it('unknown fields and an invalid `retry:` line are ignored, not taken for an oversize event', () => {
    // eventsource-parser reports these through onError too; only the size limit is a failure.
    const s = 'retry: soon\nx-proxy: 1\n' + sse(chunk({ content: 'a' })) + sse(chunk({ finish: 'stop' })) + DONE;
    const r = decodeAll([s]);
    assert.equal(r.failure, undefined);
    assert.deepEqual(r.events, [{ type: 'content', text: 'a' }, { type: 'finish', reason: 'stop' }]);
  });
});

describe('sse: the last event and odd lines', () => {
  it('a finish chunk that is the last line, without its blank line, completes the answer', () => {
    const r = decodeAll([sse(chunk({ content: 'a' })) + 'data: ' + JSON.stringify(chunk({ finish: 'stop' }))]);
    assert.equal(r.failure, undefined);
    assert.equal(r.done, true);
    assert.deepEqual(r.events, [{ type: 'content', text: 'a' }, { type: 'finish', reason: 'stop' }]);
  });

  it('a [DONE] without its blank line after usage and finish emits them exactly once', () => {
    const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
    const r = decodeAll([sse(chunk({ content: 'a' })) + sse(chunk({ finish: 'stop', usage })) + 'data: [DONE]']);
    assert.equal(r.failure, undefined);
    assert.deepEqual(r.events, [{ type: 'content', text: 'a' }, { type: 'usage', usage }, { type: 'finish', reason: 'stop' }]);
  });

  it('a [DONE] without its blank line and without a finish reason is complete, not truncated', () => {
    const r = decodeAll([sse(chunk({ content: 'a' })) + 'data: [DONE]']);
    assert.equal(r.failure, undefined);
    assert.equal(r.done, true);
  });

  it('an error event as the unterminated last line is reported as that error, not as a truncation', () => {
    const r = decodeAll([sse(chunk({ content: 'a' })) + 'data: {"error":{"message":"overloaded","code":503}}']);
    assert.deepEqual(r.failure, { kind: 'server', status: 503, message: 'The server reported an error in the stream (503): overloaded' });
  });

  it('whitespace-only data lines are skipped, yet counted as events', () => {
    const d = new SseDecoder();
    const events = [...d.push('data:   \n\n' + KEEP_ALIVE + 'data: \t \n\n' + sse(chunk({ content: 'a' })) + DONE), ...d.end()];
    assert.equal(d.failure, undefined);
    assert.deepEqual(events, [{ type: 'content', text: 'a' }]);
    assert.equal(d.events, 4, 'two blank events, one chunk, [DONE]');
    assert.equal(d.comments, 1);
  });

  it('end() after [DONE] reads nothing more: a keep-alive cut off by the close is not counted', () => {
    const d = new SseDecoder();
    const events = d.push(sse(chunk({ content: 'a' })) + DONE + ': keep-al');
    assert.equal(d.done, true);
    assert.deepEqual([...events, ...d.end()], [{ type: 'content', text: 'a' }]);
    assert.equal(d.comments, 0);
    assert.equal(d.events, 2);
    assert.equal(d.failure, undefined);
  });

  it('a stream opening with a Latin-1-mangled BOM reads the same when its first byte arrives alone', () => {
    // "ï»¿" (a BOM decoded as Latin-1, then re-encoded) is stripped by the parser only on its first feed;
    // a first network chunk that decodes to nothing (half a UTF-8 character) must not use that up.
    const bytes = enc('\u00ef\u00bb\u00bf' + sse(chunk({ content: 'hi' })) + sse(chunk({ finish: 'stop' })) + DONE);
    const whole = decodeAll([bytes]);
    assert.deepEqual(whole.events, [{ type: 'content', text: 'hi' }, { type: 'finish', reason: 'stop' }]);
    assert.deepEqual(decodeAll([bytes.subarray(0, 1), bytes.subarray(1)]), whole);
  });
});

describe('sse: choices, usage and tool calls', () => {
  it('only choice 0 (or a choice without index) is read; null and primitive choices are skipped', () => {
    const delta = (content: string) => ({ delta: { content } });
    const s = sse({ choices: [null, 'junk', 7, { index: 1, ...delta('other') }, { index: 0, ...delta('zero') }] }) + sse({ choices: [delta(' noindex')] }) + DONE;
    const r = decodeAll([s]);
    assert.equal(r.failure, undefined);
    assert.deepEqual(r.events, [{ type: 'content', text: 'zero' }, { type: 'content', text: ' noindex' }]);
  });

  it('an empty finish_reason means "not finished yet"', () => {
    const r = decodeAll([sse(chunk({ content: 'a', finish: '' })) + sse(chunk({ content: 'b', finish: 'stop' })) + DONE]);
    assert.equal(r.failure, undefined);
    assert.deepEqual(r.events, [{ type: 'content', text: 'a' }, { type: 'content', text: 'b' }, { type: 'finish', reason: 'stop' }]);
  });

  it('usage survives later chunks whose usage is absent, null, a number, a string or an array', () => {
    const usage = { prompt_tokens: 4, completion_tokens: 5, total_tokens: 9 };
    const later = [undefined, null, 7, 'n/a', [1, 2]].map((u) => sse(u === undefined ? chunk({}) : { ...chunk({}), usage: u })).join('');
    const r = decodeAll([sse(chunk({ content: 'a', usage })) + later + sse(chunk({ finish: 'stop' })) + DONE]);
    const usages = r.events.filter((e): e is Extract<StreamEvent, { type: 'usage' }> => e.type === 'usage');
    assert.deepEqual(usages, [{ type: 'usage', usage }]);
  });

  it('tool calls exactly at the size limit pass; one character more stops the answer for good', () => {
    // id (2) + name (1) + arguments: together exactly 1 MB.
    const call = (extra: string) => sse({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: `"${'x'.repeat(MB - 5)}${extra}"` } }] } }] });
    const d = new SseDecoder({ maxToolCallChars: MB });
    const events = [...d.push(call('') + sse(chunk({ finish: 'tool_calls' })) + DONE), ...d.end()];
    assert.equal(d.failure, undefined);
    assert.deepEqual(events.map((e) => (e.type === 'toolCall' ? `${e.type}:${e.call.name}` : e.type)), ['toolCall:f', 'finish']);
    const over = new SseDecoder({ maxToolCallChars: MB });
    over.push(call('y'));
    assert.deepEqual(over.failure, {
      kind: 'interrupted',
      message: "The model's tool-call arguments passed 1 MB (the limit); the answer was stopped and what arrived is kept.",
      retryable: false,
    });
  });
});

describe('sse: decodeAll', () => {
  it('stops reading its source once the answer is complete', () => {
    let pulled = 0;
    function* source(): Generator<string> {
      pulled++;
      yield sse(chunk({ content: 'a' })) + DONE;
      pulled++;
      throw new Error('read past the end of the answer');
    }
    const r = decodeAll(source());
    assert.equal(r.done, true);
    assert.equal(pulled, 1);
  });

  it('with ended: false a stream still in progress is neither complete nor truncated', () => {
    const r = decodeAll([sse(chunk({ content: 'so far' }))], { ended: false });
    assert.deepEqual(r, { events: [{ type: 'content', text: 'so far' }], done: false });
    const ended = decodeAll([sse(chunk({ content: 'so far' }))], { ended: true });
    assert.equal(ended.failure?.kind, 'truncated', 'control: an ended stream is judged');
  });
});
