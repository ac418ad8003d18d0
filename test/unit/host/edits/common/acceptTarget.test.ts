import * as assert from 'node:assert/strict';
import { acceptTarget } from '../../../../../src/host/edits/common/acceptTarget';
import { RangeTracker } from '../../../../../src/host/edits/common/rangeTracker';

describe('host: where Accept may write an edit (both guards)', () => {
  const before = 'head\n  add(a, b) {\n    return a + b;\n  }\ntail\n';
  const original = '  add(a, b) {\n    return a + b;\n  }\n';
  const start = before.indexOf(original);
  const reader = (text: string) => (s: number, e: number) => text.slice(s, e);

  it('the range the tracker followed, when the text there is what was selected', () => {
    const tracker = new RangeTracker(start, start + original.length);
    const typed = '// typed above\n';
    tracker.apply([{ rangeOffset: 0, rangeLength: 0, text: typed }]);
    const now = typed + before;
    assert.deepEqual(acceptTarget(tracker.current, reader(now), original), { ok: true, start: start + typed.length, end: start + typed.length + original.length });
  });

  it('refuses when the tracker saw the selected code change (first guard), with its reason', () => {
    const tracker = new RangeTracker(start, start + original.length);
    tracker.apply([{ rangeOffset: before.indexOf('return'), rangeLength: 0, text: 'void 0; ' }]);
    const got = acceptTarget(tracker.current, () => assert.fail('no text is read once the tracker said changed'), original);
    assert.deepEqual(got, { ok: false, problem: 'changed', reason: 'the selected code was changed while the edit was being prepared' });
  });

  it('refuses when the text in the followed range is not what was selected (second guard)', () => {
    // A change the tracker never saw: the file rewritten on disk while its document was closed.
    const tracker = new RangeTracker(start, start + original.length);
    const rewritten = before.replace('a + b', 'b + a');
    assert.equal(tracker.current.ok, true);
    assert.deepEqual(acceptTarget(tracker.current, reader(rewritten), original), { ok: false, problem: 'moved' });
    // Same length, other place: lines above removed and as many added below.
    const shifted = 'x\n' + before.slice('head\n'.length) + 'more';
    assert.deepEqual(acceptTarget(tracker.current, reader(shifted), original), { ok: false, problem: 'moved' });
  });
});
