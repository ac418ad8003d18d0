// What a test-server scenario sends, as answer text: all of it, or only the bytes written so far
// (RecordedRequest.bytesWritten). Plain Node (no vscode import): used by the in-host suite and the
// end-to-end run to compare what the user sees (and what is saved) with what the server sent.

import { decodeAll } from '../../src/deepseek/sse';
import type { Scenario } from '../server/scenarios';

/** The response bytes of a scenario (status line and headers excluded), cut after `maxBytes`. */
export function scenarioBytes(scenario: Scenario, maxBytes = Infinity): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  for (const step of scenario.steps) {
    if (!('write' in step)) continue;
    const b = typeof step.write === 'string' ? Buffer.from(step.write, 'utf8') : Buffer.from(step.write);
    if (size + b.length > maxBytes) {
      parts.push(b.subarray(0, Math.max(0, maxBytes - size)));
      break;
    }
    parts.push(b);
    size += b.length;
  }
  return Buffer.concat(parts);
}

/** The answer (content) text in the first `maxBytes` bytes the scenario writes. */
export function scenarioText(scenario: Scenario, maxBytes = Infinity): string {
  const { events } = decodeAll([scenarioBytes(scenario, maxBytes)], { ended: false });
  return events.map((e) => (e.type === 'content' ? e.text : '')).join('');
}
