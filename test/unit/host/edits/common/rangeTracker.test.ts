import * as assert from 'node:assert/strict';
import { RangeTracker, type OffsetChange } from '../../../../../src/host/edits/common/rangeTracker';

/** Applies changes (VS Code's order: each in pre-event coordinates) to a string. */
function applyTo(text: string, changes: OffsetChange[]): string {
  for (const c of [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset)) {
    text = text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);
  }
  return text;
}

describe('host: edit range tracking', () => {
  const doc = 'header\nSELECTED\nfooter\n';
  const start = doc.indexOf('SELECTED');
  const end = start + 'SELECTED'.length;

  it('moves with edits before the range and ignores edits after it', () => {
    const t = new RangeTracker(start, end);
    let text = doc;
    const steps: Array<(text: string) => OffsetChange[]> = [
      () => [{ rangeOffset: 0, rangeLength: 0, text: '// new line\n' }],
      () => [{ rangeOffset: 0, rangeLength: 3, text: '' }],
      (t) => [{ rangeOffset: t.length, rangeLength: 0, text: 'tail' }],
      // a multi-cursor edit: one before, one after
      (t) => [
        { rangeOffset: 2, rangeLength: 0, text: 'XY' },
        { rangeOffset: t.indexOf('footer') + 2, rangeLength: 1, text: 'Z' },
      ],
    ];
    for (const step of steps) {
      const changes = step(text);
      text = applyTo(text, changes);
      const r = t.apply(changes);
      assert.ok(r.ok);
      assert.equal(text.slice(r.start, r.end), 'SELECTED');
    }
  });

  it('typing right at the start or end does not touch the range', () => {
    const t = new RangeTracker(start, end);
    let text = applyTo(doc, [{ rangeOffset: start, rangeLength: 0, text: '>>' }]);
    let r = t.apply([{ rangeOffset: start, rangeLength: 0, text: '>>' }]);
    assert.ok(r.ok);
    assert.equal(text.slice(r.start, r.end), 'SELECTED');
    text = applyTo(text, [{ rangeOffset: r.end, rangeLength: 0, text: '<<' }]);
    r = t.apply([{ rangeOffset: r.end, rangeLength: 0, text: '<<' }]);
    assert.ok(r.ok);
    assert.equal(text.slice(r.start, r.end), 'SELECTED');
  });

  it('a multi-cursor edit is followed the same whatever order its changes are listed in', () => {
    const before = { rangeOffset: 0, rangeLength: 0, text: '// a longer comment line\n' };
    const after = { rangeOffset: end + 1, rangeLength: 0, text: 'x' };
    const inside = { rangeOffset: start + 2, rangeLength: 1, text: 'x' };
    for (const changes of [[before, after], [after, before]]) {
      const r = new RangeTracker(start, end).apply(changes);
      assert.ok(r.ok);
      assert.equal(applyTo(doc, changes).slice(r.start, r.end), 'SELECTED');
    }
    for (const changes of [[before, inside], [inside, before]]) {
      assert.equal(new RangeTracker(start, end).apply(changes).ok, false, JSON.stringify(changes));
    }
  });

  it('an edit inside or across the range makes it unusable, with a reason, for good', () => {
    for (const change of [
      { rangeOffset: start + 2, rangeLength: 1, text: 'x' },
      { rangeOffset: start - 2, rangeLength: 4, text: '' },
      { rangeOffset: end - 1, rangeLength: 3, text: '' },
      { rangeOffset: start + 3, rangeLength: 0, text: 'typed' },
    ]) {
      const t = new RangeTracker(start, end);
      const r = t.apply([change]);
      assert.equal(r.ok, false, JSON.stringify(change));
      assert.match(!r.ok ? r.reason : '', /changed/);
      assert.equal(t.apply([{ rangeOffset: 0, rangeLength: 0, text: 'a' }]).ok, false);
    }
  });
});
