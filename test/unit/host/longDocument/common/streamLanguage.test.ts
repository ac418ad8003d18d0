// The language mode of a streaming document: small documents keep their language all along; a large
// one is in Plain Text while it streams (language features would re-read megabytes after every edit)
// and gets its language when the writing ends; a mode the user picks is never overridden.
import * as assert from 'node:assert/strict';
import { PLAIN, StreamLanguage } from '../../../../../src/host/longDocument/common/streamLanguage';

/** A document's mode as the editor holds it; set() applies on the next microtask, like the real API. */
function fakeDocument(initial: string) {
  const doc = { mode: initial, sets: [] as string[] };
  return {
    doc,
    access: {
      current: () => doc.mode,
      set: async (id: string) => {
        doc.sets.push(id);
        await Promise.resolve();
        doc.mode = id;
      },
    },
  };
}
const settle = () => new Promise((r) => setImmediate(r));

describe('long documents: the language mode while streaming', () => {
  it('a small document keeps the language from the request, and gets the fence\'s language at once', async () => {
    const { doc, access } = fakeDocument('markdown');
    const lang = new StreamLanguage(access, 'markdown', 1000);
    lang.grow(999);
    lang.want('python');
    await settle();
    lang.finish();
    await settle();
    assert.equal(doc.mode, 'python');
    assert.deepEqual(doc.sets, ['python']);
  });

  it('past the limit the document is Plain Text while it streams, and gets its language back at the end', async () => {
    const { doc, access } = fakeDocument('markdown');
    const lang = new StreamLanguage(access, 'markdown', 1000);
    lang.grow(500);
    assert.equal(doc.mode, 'markdown');
    lang.grow(1000);
    await settle();
    assert.equal(doc.mode, PLAIN);
    assert.ok(lang.deferred);
    lang.grow(5000);
    lang.finish();
    await settle();
    assert.equal(doc.mode, 'markdown');
    assert.deepEqual(doc.sets, [PLAIN, 'markdown']);
  });

  it('a language named by the fence after the document is large is set only at the end', async () => {
    const { doc, access } = fakeDocument(PLAIN);
    const lang = new StreamLanguage(access, undefined, 1000);
    lang.grow(2000);
    lang.want('typescript');
    await settle();
    assert.equal(doc.mode, PLAIN);
    lang.finish();
    await settle();
    assert.equal(doc.mode, 'typescript');
  });

  it('a mode the user picks while the document streams is left alone', async () => {
    const { doc, access } = fakeDocument('markdown');
    const lang = new StreamLanguage(access, 'markdown', 1000);
    lang.grow(2000);
    await settle();
    doc.mode = 'html'; // the user picks a mode from the status bar
    lang.want('python');
    lang.finish();
    await settle();
    assert.equal(doc.mode, 'html');
    assert.deepEqual(doc.sets, [PLAIN]);
  });

  it('a document without a language is never touched', async () => {
    const { doc, access } = fakeDocument(PLAIN);
    const lang = new StreamLanguage(access, undefined, 1000);
    lang.grow(5000);
    lang.finish();
    await settle();
    assert.deepEqual(doc.sets, []);
  });

  it('a Resume of a large document streams in Plain Text again and ends in its language', async () => {
    const { doc, access } = fakeDocument('markdown');
    const lang = new StreamLanguage(access, 'markdown', 1000);
    lang.grow(3000);
    lang.finish();
    await settle();
    lang.grow(3500);
    await settle();
    assert.equal(doc.mode, PLAIN);
    lang.finish();
    await settle();
    assert.equal(doc.mode, 'markdown');
    assert.deepEqual(doc.sets, [PLAIN, 'markdown', PLAIN, 'markdown']);
  });

  it('on a small document too, a mode the user picked stays when the fence names another language', async () => {
    const { doc, access } = fakeDocument('markdown');
    const lang = new StreamLanguage(access, 'markdown', 1000);
    doc.mode = 'html';
    lang.want('python');
    lang.finish();
    await settle();
    assert.equal(doc.mode, 'html');
    assert.deepEqual(doc.sets, []);
  });

  it('a fence naming the language the document already has sets nothing', async () => {
    const { doc, access } = fakeDocument('markdown');
    const lang = new StreamLanguage(access, 'markdown', 1000);
    lang.want('markdown');
    lang.finish();
    await settle();
    assert.deepEqual(doc.sets, []);
  });

  it('a document asked for in Plain Text is never touched, even when it grows large', async () => {
    const { doc, access } = fakeDocument(PLAIN);
    const lang = new StreamLanguage(access, PLAIN, 1000);
    lang.grow(5000);
    lang.finish();
    await settle();
    assert.deepEqual(doc.sets, []);
  });

  it('a document the editor does not list at that moment is not taken for a mode the user picked: the fence\'s language is still set', async () => {
    const { doc, access } = fakeDocument('markdown');
    let listed = false;
    const lang = new StreamLanguage({ current: () => (listed ? access.current() : undefined), set: access.set }, 'markdown', 1000);
    lang.want('python');
    listed = true;
    await settle();
    assert.equal(doc.mode, 'python');
    assert.deepEqual(doc.sets, ['python']);
  });
});
