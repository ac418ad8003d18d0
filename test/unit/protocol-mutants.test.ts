// Behaviour of the webview → host boundary (src/shared/protocol.ts) that a StrykerJS run showed
// untested: the "use this model instead" message, questions with a mix of good and forged images,
// and images that are not objects, have no name, or carry non-base64 data before their last bytes.

import * as assert from 'node:assert/strict';
import { isImageAttachment, isWebviewMessage, type ImageAttachment } from '../../src/shared/protocol';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const IMAGE: ImageAttachment = { name: 'shot.png', type: 'image/png', dataUrl: `data:image/png;base64,${PNG_1PX}`, bytes: 70 };

describe('protocol: cases the mutation run found untested', () => {
  it('a webview asking to switch a turn to an offered model is accepted', () => {
    assert.equal(isWebviewMessage({ type: 'switchModel', turn: 't1', model: 'deepseek-flash' }), true);
  });

  it('a model switch without a turn, without a model, with a blank model or with non-string fields is refused', () => {
    const bad: unknown[] = [
      { type: 'switchModel', turn: 't1' },
      { type: 'switchModel', model: 'deepseek-flash' },
      { type: 'switchModel', turn: 5, model: 'deepseek-flash' },
      { type: 'switchModel', turn: 't1', model: 7 },
      { type: 'switchModel', turn: 't1', model: '' },
      { type: 'switchModel', turn: 't1', model: '  \t' },
    ];
    for (const m of bad) assert.equal(isWebviewMessage(m), false, JSON.stringify(m));
  });

  it('a question with one good image and one forged image is refused', () => {
    const forged = { ...IMAGE, dataUrl: 'https://example.com/x.png' };
    assert.equal(isWebviewMessage({ type: 'ask', text: 'x', images: [IMAGE, forged] }), false);
    assert.equal(isWebviewMessage({ type: 'ask', text: 'x', images: [forged, IMAGE] }), false);
  });

  it('an image that is null, undefined or not an object is refused, not a crash', () => {
    for (const value of [null, undefined, 'data:image/png;base64,AAAA', 42, true]) {
      assert.equal(isImageAttachment(value), false, String(value));
    }
    assert.equal(isWebviewMessage({ type: 'ask', text: 'x', images: [null] }), false);
  });

  it('an image without a string name is refused', () => {
    assert.equal(isImageAttachment({ ...IMAGE, name: 5 }), false);
    assert.equal(isImageAttachment({ type: IMAGE.type, dataUrl: IMAGE.dataUrl, bytes: IMAGE.bytes }), false);
  });

  it('an image whose data is not base64, even when its last characters are, is refused', () => {
    const html = '"><img src=x onerror=alert(1)>';
    assert.equal(isImageAttachment({ ...IMAGE, dataUrl: `data:image/png;base64,${html}${PNG_1PX}` }), false);
    assert.equal(isImageAttachment({ ...IMAGE, type: 'image/jpeg', dataUrl: `data:image/jpeg;base64,${html}${PNG_1PX}` }), false);
    assert.equal(isImageAttachment({ ...IMAGE, type: 'image/jpeg', dataUrl: `data:image/jpeg;base64,${PNG_1PX}` }), true);
  });
});
