import * as assert from 'node:assert/strict';
import { isOfferedTool } from '../../../../../src/host/vscodeChat/common/offeredTools';

describe('host: LM provider tool calls', () => {
  it('only a tool offered in the request may be called', () => {
    const offered = new Set(['read_file', 'grep']);
    assert.equal(isOfferedTool('read_file', offered), true);
    assert.equal(isOfferedTool('run_in_terminal', offered), false);
    assert.equal(isOfferedTool('', offered), false);
    assert.equal(isOfferedTool('read_file', new Set()), false);
  });
});
