// The tool-call assembler driven directly: odd entries ignored, defaults for a missing id or name,
// empty ids and names in later fragments, arguments sent as an object or as whitespace only, the
// progress count, index order and argument validation.

import * as assert from 'node:assert/strict';
import { ToolCallAssembler } from '../../src/deepseek/toolCalls';
import type { ToolCall } from '../../src/deepseek/types';

function assemble(...chunks: unknown[]): { calls: ToolCall[]; chars: number; size: number } {
  const a = new ToolCallAssembler();
  for (const c of chunks) a.push(c);
  return { calls: a.finish(), chars: a.chars, size: a.size };
}

// One whole call at index 0 with the given arguments text.
function withArgs(args: string): ToolCall {
  const { calls } = assemble([{ index: 0, id: 'c', function: { name: 'read_file', arguments: args } }]);
  assert.equal(calls.length, 1);
  return calls[0]!;
}

describe('tool call assembler', () => {
  it('ignores null and primitive entries without creating a call or throwing', () => {
    // A null entry must not be dereferenced; a number or string entry is not a fragment.
    const got = assemble([null, 5, 'x', true, undefined, 0]);
    assert.equal(got.size, 0);
    assert.deepEqual(got.calls, []);
    assert.equal(got.chars, 0);
  });

  it('still reads object entries next to null and primitive ones', () => {
    const got = assemble([null, 7, { index: 3, id: 'k', function: { name: 'n', arguments: '{}' } }]);
    assert.equal(got.size, 1);
    assert.deepEqual(got.calls, [{ index: 3, id: 'k', name: 'n', arguments: '{}', input: {} }]);
  });

  it('gives a call with neither id nor name the id call_<index> and the missing-name error', () => {
    // The defaults are empty, not placeholder text: the id falls back, the name stays empty.
    const { calls } = assemble([{ index: 0 }]);
    assert.deepEqual(calls, [
      { index: 0, id: 'call_0', name: '', arguments: '', error: 'The model sent a tool call without a tool name (call 1).' },
    ]);
  });

  it('numbers the missing-name error from 1 and stops before parsing the arguments', () => {
    const { calls } = assemble([{ index: 4, id: 'x', function: { arguments: '{"a":1}' } }]);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.error, 'The model sent a tool call without a tool name (call 5).');
    assert.equal(calls[0]!.input, undefined);
    assert.equal(calls[0]!.id, 'x');
  });

  it('uses call_<index> for a named call that came without an id', () => {
    const { calls } = assemble([{ index: 2, function: { name: 'list_dir', arguments: '{"path":"src"}' } }]);
    assert.deepEqual(calls, [{ index: 2, id: 'call_2', name: 'list_dir', arguments: '{"path":"src"}', input: { path: 'src' } }]);
  });

  it('serializes arguments sent as a JSON object and counts their characters', () => {
    const obj = { path: 'src', depth: 2 };
    const text = JSON.stringify(obj);
    const got = assemble([{ index: 0, id: 'id1', function: { name: 'list_dir', arguments: obj } }]);
    assert.deepEqual(got.calls, [{ index: 0, id: 'id1', name: 'list_dir', arguments: text, input: obj }]);
    // id + name + serialized arguments.
    assert.equal(got.chars, 'id1'.length + 'list_dir'.length + text.length);
  });

  it('ignores arguments that are neither a string nor an object', () => {
    // A number or boolean is not arguments: the call has none, which means "no parameters".
    for (const args of [42, true]) {
      const got = assemble([{ index: 0, id: 'c', function: { name: 'ping', arguments: args } }]);
      assert.deepEqual(got.calls, [{ index: 0, id: 'c', name: 'ping', arguments: '', input: {} }], String(args));
      assert.equal(got.chars, 'c'.length + 'ping'.length, String(args));
    }
  });

  it('grows the character count with every fragment, object arguments included', () => {
    const a = new ToolCallAssembler();
    a.push([{ index: 0, id: 'ab', function: { name: 'cde' } }]);
    assert.equal(a.chars, 5);
    a.push([{ index: 0, function: { arguments: { k: 1 } } }]);
    assert.equal(a.chars, 5 + '{"k":1}'.length);
    a.push([{ index: 1, function: { name: 'f', arguments: [1] } }]);
    assert.equal(a.chars, 5 + 7 + 1 + '[1]'.length);
  });

  it('returns the calls sorted by index whatever order they arrived in', () => {
    const got = assemble(
      [{ index: 2, id: 'c2', function: { name: 't2', arguments: '{}' } }],
      [{ index: 0, id: 'c0', function: { name: 't0', arguments: '{}' } }],
      [{ index: 1, id: 'c1', function: { name: 't1', arguments: '{}' } }],
    );
    assert.deepEqual(got.calls.map((c) => [c.index, c.id, c.name]), [
      [0, 'c0', 't0'],
      [1, 'c1', 't1'],
      [2, 'c2', 't2'],
    ]);
  });

  it('rejects JSON arguments that are not an object (array, number, null, string, boolean)', () => {
    for (const args of ['[1,2]', '[]', '5', '0', 'null', '"text"', 'true', 'false']) {
      const call = withArgs(args);
      assert.equal(call.error, 'The model sent arguments for the tool "read_file" that are not a JSON object.', args);
      assert.equal(call.input, undefined, args);
      assert.equal(call.arguments, args, args);
    }
  });

  it('keeps the id and name of the first fragment when later fragments repeat them empty', () => {
    // Some servers send `"id": ""` and `"name": ""` with every continuation fragment.
    const got = assemble(
      [{ index: 0, id: 'call_abc', type: 'function', function: { name: 'read_file', arguments: '' } }],
      [{ index: 0, id: '', function: { name: '', arguments: '{"path":' } }],
      [{ index: 0, id: '', function: { name: '', arguments: '"a.ts"}' } }],
    );
    assert.deepEqual(got.calls, [{ index: 0, id: 'call_abc', name: 'read_file', arguments: '{"path":"a.ts"}', input: { path: 'a.ts' } }]);
  });

  it('arguments of only whitespace mean "no parameters", like no arguments at all', () => {
    for (const args of [' ', '\n', ' \t\r\n ']) {
      const call = withArgs(args);
      assert.equal(call.error, undefined, JSON.stringify(args));
      assert.deepEqual(call.input, {}, JSON.stringify(args));
    }
  });

  it('accepts a JSON object as the input', () => {
    const call = withArgs('{"filePath":"a.ts"}');
    assert.equal(call.error, undefined);
    assert.deepEqual(call.input, { filePath: 'a.ts' });
  });
});
