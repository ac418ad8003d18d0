// The pure SSE state machine (src/deepseek/sse.ts): stream semantics without a network, and the
// property that any split of the bytes gives the same events as the unsplit stream.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { SseDecoder, decodeAll } from '../../src/deepseek/sse';
import type { StreamEvent } from '../../src/deepseek/types';
import { chunk, sse, DONE, KEEP_ALIVE } from '../server/scenarios';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, 'fixtures', name));
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (events: StreamEvent[], type: 'content' | 'reasoning'): string =>
  events.map((e) => (e.type === type ? e.text : '')).join('');

/** Splits bytes at the given cut points (sorted, deduplicated, inside 1..len-1). */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.min(Math.max(c, 1), Math.max(1, bytes.length - 1))))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    if (p > prev && p < bytes.length) {
      out.push(bytes.subarray(prev, p));
      prev = p;
    }
  }
  out.push(bytes.subarray(prev));
  return out;
}

describe('sse: decoder semantics (pure)', () => {
  it('decodes a DeepSeek reasoner stream: keep-alives ignored, empty first reasoning delta emits nothing, usage then finish', () => {
    const { events, failure, done } = decodeAll([fixture('deepseek-reasoner.sse')]);
    assert.equal(failure, undefined);
    assert.equal(done, true);
    assert.equal(text(events, 'reasoning'), '嗯，用户问的是“你好”的英文。Simple: "hello" 👋.');
    assert.equal(text(events, 'content'), '**Hello**！你好 means *hello* 🌍🚀.\n\n```ts\nconsole.log("你好");\n```\n');
    for (const e of events) if (e.type === 'content' || e.type === 'reasoning') assert.notEqual(e.text, '', 'no empty text events');
    assert.equal(events[0]!.type, 'reasoning');
    assert.deepEqual(events.slice(-2).map((e) => e.type), ['usage', 'finish']);
    const usage = events.at(-2) as Extract<StreamEvent, { type: 'usage' }>;
    assert.equal(usage.usage.completion_tokens_details?.reasoning_tokens, 38);
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'stop' });
  });

  it('decodes an OpenRouter stream: CRLF, `: OPENROUTER PROCESSING`, `reasoning` field, usage in a `choices: []` chunk', () => {
    const d = new SseDecoder();
    const events = [...d.push(fixture('openrouter.sse')), ...d.end()];
    assert.equal(d.failure, undefined);
    assert.equal(d.comments, 2);
    assert.equal(text(events, 'reasoning'), 'Thinking about ümlauts and émojis 🤔');
    assert.equal(text(events, 'content'), 'Grüße aus Köln — ça va? 😀');
    assert.deepEqual(events.slice(-2), [{ type: 'usage', usage: { prompt_tokens: 9, completion_tokens: 20, total_tokens: 29 } }, { type: 'finish', reason: 'stop' }]);
  });

  it('prefers reasoning_content over reasoning when a server sends both (no doubled text)', () => {
    const s = sse({ choices: [{ index: 0, delta: { reasoning_content: 'a', reasoning: 'a' } }] }) + sse(chunk({ finish: 'stop' })) + DONE;
    assert.deepEqual(decodeAll([s]).events.filter((e) => e.type === 'reasoning'), [{ type: 'reasoning', text: 'a' }]);
  });

  it('null and empty deltas, null usage and role-only chunks emit nothing', () => {
    const s =
      sse(chunk({ role: 'assistant', content: '' })) +
      sse(chunk({ content: null, reasoning: null })) +
      sse(chunk({ content: '', usage: null })) +
      sse({ id: 'x', choices: [{ index: 0, delta: null, finish_reason: null }] }) +
      sse(chunk({ content: 'x' })) +
      sse(chunk({ finish: 'length' })) +
      DONE;
    assert.deepEqual(decodeAll([s]).events, [{ type: 'content', text: 'x' }, { type: 'finish', reason: 'length' }]);
  });

  it('usage on the finish chunk, in a `choices: []` chunk or a `choices: null` chunk gives exactly one usage event before finish', () => {
    const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
    const layouts = [
      sse(chunk({ content: 'a' })) + sse(chunk({ finish: 'stop', usage })) + DONE,
      sse(chunk({ content: 'a' })) + sse(chunk({ finish: 'stop' })) + sse(chunk({ choicesEmpty: true, usage })) + DONE,
      sse(chunk({ content: 'a' })) + sse(chunk({ finish: 'stop', usage: null })) + sse(chunk({ choicesNull: true, usage })) + DONE,
    ];
    for (const s of layouts) {
      assert.deepEqual(decodeAll([s]).events, [{ type: 'content', text: 'a' }, { type: 'usage', usage }, { type: 'finish', reason: 'stop' }]);
    }
  });

  it('ends at [DONE]: nothing after it is read', () => {
    const d = new SseDecoder();
    const events = d.push(sse(chunk({ content: 'a' })) + DONE + sse(chunk({ content: 'AFTER' })));
    assert.equal(d.done, true);
    assert.deepEqual(events, [{ type: 'content', text: 'a' }]);
    assert.deepEqual(d.push(sse(chunk({ content: 'more' }))), []);
  });

  it('[DONE] without a finish reason is complete (no finish event)', () => {
    const r = decodeAll([sse(chunk({ content: 'a' })) + DONE]);
    assert.equal(r.failure, undefined);
    assert.deepEqual(r.events, [{ type: 'content', text: 'a' }]);
  });

  it('a finish reason then a clean close without [DONE] is complete', () => {
    const r = decodeAll([sse(chunk({ content: 'a' })) + sse(chunk({ finish: 'stop' }))]);
    assert.equal(r.failure, undefined);
    assert.equal(r.done, true);
    assert.deepEqual(r.events.at(-1), { type: 'finish', reason: 'stop' });
  });

  it('a close with neither finish reason nor [DONE] is truncated, after yielding the text', () => {
    const r = decodeAll([sse(chunk({ content: 'partial ' })) + sse(chunk({ content: 'text' }))]);
    assert.equal(r.failure?.kind, 'truncated');
    assert.equal(text(r.events, 'content'), 'partial text');
  });

  it('a close in the middle of an event line is truncated, not malformed JSON', () => {
    const full = sse(chunk({ content: 'ab' })) + sse(chunk({ content: 'cd' }));
    const r = decodeAll([full.slice(0, full.length - 30)]);
    assert.equal(r.failure?.kind, 'truncated');
    assert.equal(text(r.events, 'content'), 'ab');
  });

  it('a last event without its blank line before a clean close still counts ([DONE] without \\n\\n)', () => {
    const r = decodeAll([sse(chunk({ content: 'a' })) + sse(chunk({ finish: 'stop' })) + 'data: [DONE]']);
    assert.equal(r.failure, undefined);
    assert.equal(r.done, true);
  });

  it('finish_reason insufficient_system_resource → interrupted, after the text of the same chunk', () => {
    const r = decodeAll([sse(chunk({ content: 'half ' })) + sse(chunk({ content: 'an answer', finish: 'insufficient_system_resource' })) + DONE]);
    assert.equal(r.failure?.kind, 'interrupted');
    assert.match(r.failure!.message, /insufficient/);
    assert.equal(text(r.events, 'content'), 'half an answer');
    assert.ok(!r.events.some((e) => e.type === 'finish'));
  });

  it('an unknown finish_reason → interrupted', () => {
    const r = decodeAll([sse(chunk({ content: 'x', finish: 'weird_reason' })) + DONE]);
    assert.equal(r.failure?.kind, 'interrupted');
    assert.match(r.failure!.message, /weird_reason/);
  });

  it('every known finish reason is passed through', () => {
    for (const reason of ['stop', 'length', 'content_filter', 'tool_calls'] as const) {
      assert.deepEqual(decodeAll([sse(chunk({ finish: reason })) + DONE]).events, [{ type: 'finish', reason }]);
    }
  });

  it('an error object inside the stream → its message; kind from its code, else server', () => {
    const a = decodeAll([sse(chunk({ content: 'x' })) + sse({ error: { message: 'Provider returned error', code: 502 } })]);
    assert.deepEqual([a.failure?.kind, a.failure?.status], ['server', 502]);
    assert.match(a.failure!.message, /Provider returned error/);
    assert.equal(text(a.events, 'content'), 'x');
    const b = decodeAll([sse({ error: { message: 'Something broke' } })]);
    assert.equal(b.failure?.kind, 'server');
    assert.match(b.failure!.message, /Something broke/);
    const c = decodeAll([sse({ error: { message: 'slow down', code: 'rate_limit_exceeded' } })]);
    assert.equal(c.failure?.kind, 'rate_limit');
    const d = decodeAll(['event: error\ndata: {"message":"flat error"}\n\n']);
    assert.equal(d.failure?.kind, 'server');
    assert.match(d.failure!.message, /flat error/);
  });

  it('malformed JSON in a data event → protocol', () => {
    const r = decodeAll([sse(chunk({ content: 'ok' })) + 'data: {"choices": [\n\n' + sse(chunk({ content: 'never' }))]);
    assert.equal(r.failure?.kind, 'protocol');
    assert.equal(text(r.events, 'content'), 'ok');
  });

  it('a JSON value that is not an object → protocol', () => {
    assert.equal(decodeAll(['data: 42\n\n']).failure?.kind, 'protocol');
  });

  it('multi-line data fields are joined with \\n (SSE spec)', () => {
    const body = JSON.stringify(chunk({ content: 'multi' }), null, 2).split('\n').map((l) => `data: ${l}`).join('\n') + '\n\n';
    assert.equal(text(decodeAll([body + DONE]).events, 'content'), 'multi');
  });

  it('a 1 MB single delta arrives intact when fed in 1 KB pieces', () => {
    const big = 'x'.repeat(512 * 1024) + '好'.repeat(170 * 1024);
    const bytes = enc(sse(chunk({ content: big })) + sse(chunk({ finish: 'stop' })) + DONE);
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 1024) pieces.push(bytes.subarray(i, i + 1024));
    const r = decodeAll(pieces);
    assert.equal(r.failure, undefined);
    assert.equal(r.events.filter((e) => e.type === 'content').length, 1);
    assert.equal(text(r.events, 'content'), big);
  });

  it('a runaway event larger than the buffer cap → protocol (memory stays bounded)', () => {
    const d = new SseDecoder({ maxEventChars: 1000 });
    assert.deepEqual(d.push(sse(chunk({ content: 'ok' }))), [{ type: 'content', text: 'ok' }]);
    for (let i = 0; i < 5 && !d.finished; i++) d.push('data: ' + 'x'.repeat(400));
    assert.equal(d.failure?.kind, 'protocol');
    assert.deepEqual(d.push(DONE), [], 'nothing after the failure');
  });

  it('holds back events until they are complete: push returns only finished events', () => {
    const d = new SseDecoder();
    const s = sse(chunk({ content: 'ab' }));
    assert.deepEqual(d.push(enc(s.slice(0, 20))), []);
    assert.deepEqual(d.push(enc(s.slice(20))), [{ type: 'content', text: 'ab' }]);
    assert.deepEqual(d.push(enc(KEEP_ALIVE)), []);
  });
});

describe('sse: any split of the bytes gives the same events (fast-check)', () => {
  const streams: Record<string, Uint8Array> = {
    'deepseek reasoner fixture': fixture('deepseek-reasoner.sse'),
    'openrouter CRLF fixture': fixture('openrouter.sse'),
    'CRLF + CR + emoji + truncated': enc(
      (sse(chunk({ content: '😀🇨🇳 中文 ' })) + ': keep-alive\n\n' + sse(chunk({ content: 'é\u0301' }))).replace(/\n/g, '\r\n') + 'data: {"cho',
    ),
    'bare CR line endings': enc((sse(chunk({ content: 'cr 🚀' })) + sse(chunk({ finish: 'stop' })) + DONE).replace(/\n/g, '\r')),
    interrupted: enc(sse(chunk({ content: '部分' })) + sse(chunk({ content: '回答', finish: 'insufficient_system_resource' })) + DONE),
    'malformed JSON': enc(sse(chunk({ content: 'ok 👍' })) + 'data: {nope}\n\n'),
  };

  for (const [name, bytes] of Object.entries(streams)) {
    it(`${name}: ${bytes.length} bytes`, () => {
      const whole = decodeAll([bytes]);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: Math.max(1, bytes.length - 1) }), { maxLength: 64 }), (cuts) => {
          const split = decodeAll(splitAt(bytes, cuts));
          assert.deepEqual(split, whole);
        }),
        { numRuns: 300 },
      );
      // and the extreme: one byte at a time
      const single: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i++) single.push(bytes.subarray(i, i + 1));
      assert.deepEqual(decodeAll(single), whole);
    });
  }

  it('cuts exactly inside every multi-byte character and every \\r\\n', () => {
    const bytes = streams['openrouter CRLF fixture']!;
    const whole = decodeAll([bytes]);
    const interesting: number[] = [];
    for (let i = 1; i < bytes.length; i++) {
      const b = bytes[i]!;
      if ((b & 0xc0) === 0x80 || (bytes[i - 1] === 13 && b === 10)) interesting.push(i);
    }
    assert.ok(interesting.length > 20, `${interesting.length} cut points`);
    for (const cut of interesting) assert.deepEqual(decodeAll(splitAt(bytes, [cut])), whole);
  });
});
