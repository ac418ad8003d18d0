// Assembles streamed `delta.tool_calls` fragments into whole calls. The first fragment of a call
// carries `id`, `type` and `function.name`; later ones only `index` and a piece of
// `function.arguments`, split anywhere (inside a `\u` escape, between a surrogate pair). Pieces are
// concatenated as decoded strings and parsed only once the answer is complete, so no split matters.

import type { ToolCall } from './types';

interface PendingCall {
  index: number;
  id: string;
  name: string;
  args: string[];
}

export class ToolCallAssembler {
  private readonly calls = new Map<number, PendingCall>();
  private _chars = 0;

  /** Characters of ids, names and arguments received so far (progress for the idle timeout). */
  get chars(): number {
    return this._chars;
  }

  get size(): number {
    return this.calls.size;
  }

  /** Feeds one chunk's `delta.tool_calls` (anything else is ignored). */
  push(raw: unknown): void {
    if (!Array.isArray(raw)) return;
    raw.forEach((entry, position) => {
      if (!entry || typeof entry !== 'object') return;
      const f = entry as { index?: unknown; id?: unknown; function?: unknown };
      // Servers that send each call whole in one chunk sometimes leave out `index`.
      const index = typeof f.index === 'number' && Number.isInteger(f.index) ? f.index : position;
      let call = this.calls.get(index);
      if (!call) {
        call = { index, id: '', name: '', args: [] };
        this.calls.set(index, call);
      }
      if (typeof f.id === 'string' && f.id !== '') {
        call.id = f.id;
        this._chars += f.id.length;
      }
      const fn = f.function && typeof f.function === 'object' ? (f.function as { name?: unknown; arguments?: unknown }) : undefined;
      if (typeof fn?.name === 'string' && fn.name !== '') {
        // A name comes whole with the first fragment; some servers repeat it: keep, don't append.
        call.name = fn.name;
        this._chars += fn.name.length;
      }
      if (typeof fn?.arguments === 'string' && fn.arguments !== '') {
        call.args.push(fn.arguments);
        this._chars += fn.arguments.length;
      } else if (fn?.arguments && typeof fn.arguments === 'object') {
        // A few servers send the arguments as an object instead of a JSON string.
        const text = JSON.stringify(fn.arguments);
        call.args.push(text);
        this._chars += text.length;
      }
    });
  }

  /** The complete calls in index order, each with parsed `input` or an `error` in plain words. */
  finish(): ToolCall[] {
    return [...this.calls.values()].sort((a, b) => a.index - b.index).map(complete);
  }
}

function complete(p: PendingCall): ToolCall {
  const text = p.args.join('');
  const call: ToolCall = { index: p.index, id: p.id || `call_${p.index}`, name: p.name, arguments: text };
  if (!p.name) {
    call.error = `The model sent a tool call without a tool name (call ${p.index + 1}).`;
    return call;
  }
  // No arguments at all means "no parameters".
  if (text.trim() === '') {
    call.input = {};
    return call;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    call.error = `The model sent invalid JSON arguments for the tool "${p.name}" (${text.length} characters): ${why}`;
    return call;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    call.error = `The model sent arguments for the tool "${p.name}" that are not a JSON object.`;
    return call;
  }
  call.input = value as Record<string, unknown>;
  return call;
}
