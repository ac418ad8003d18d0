// Images in the input area, in a real Chromium: a pasted image becomes a chip with a thumbnail and its
// size; sending posts it with the question (the host turns it into an image_url part); a model without
// vision refuses in words and keeps the image; an image over the size limit is made smaller first.

import * as assert from 'assert';
import type { ImageAttachment, ImageInput, WebviewMessage } from '../../src/shared/protocol';
import { panelState, type PanelPage } from './harness';
import { closeClean, openSharedPanel } from './setup';

const VISION: ImageInput = { vision: true, maxBytes: 2048 * 1024, maxCount: 4 };

/** Pastes a PNG of `size`×`size` pixels (noise when `noisy`, so it does not compress) into the input. */
async function pastePng(panel: PanelPage, size: number, noisy: boolean, name = 'screenshot.png'): Promise<number> {
  await panel.page.getByRole('textbox', { name: 'Ask DeepSeek' }).focus();
  return panel.page.evaluate(
    async ({ size, noisy, name }) => {
      const canvas = document.createElement('canvas');
      canvas.width = size;
      canvas.height = size;
      const ctx = canvas.getContext('2d')!;
      const data = ctx.createImageData(size, size);
      for (let i = 0; i < data.data.length; i += 4) {
        data.data[i] = noisy ? Math.floor(Math.random() * 256) : 40;
        data.data[i + 1] = noisy ? Math.floor(Math.random() * 256) : 120;
        data.data[i + 2] = noisy ? Math.floor(Math.random() * 256) : 200;
        data.data[i + 3] = 255;
      }
      ctx.putImageData(data, 0, 0);
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], name, { type: 'image/png' }));
      document.querySelector('textarea.input')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
      return blob.size;
    },
    { size, noisy, name },
  );
}

async function send(panel: PanelPage, text: string): Promise<void> {
  const box = panel.page.getByRole('textbox', { name: 'Ask DeepSeek' });
  await box.fill(text);
  await box.press('Enter');
}

function asks(messages: WebviewMessage[]): Extract<WebviewMessage, { type: 'ask' }>[] {
  return messages.filter((m): m is Extract<WebviewMessage, { type: 'ask' }> => m.type === 'ask');
}

describe('images in the input area', () => {
  let panel: PanelPage;
  beforeEach(async () => {
    panel = await openSharedPanel();
    await panel.clearMessages();
  });
  afterEach(() => closeClean(panel));

  it('a pasted image becomes a chip with a thumbnail and its size; Send posts it with the question', async () => {
    await panel.post({ type: 'sync', state: panelState([], { model: 'deepseek-flash', imageInput: VISION }) });
    const bytes = await pastePng(panel, 40, false);
    const list = panel.page.getByRole('list', { name: 'Images for the next question' });
    const chip = list.getByRole('listitem');
    await chip.waitFor();
    assert.strictEqual(await chip.locator('.context-name').textContent(), 'screenshot.png');
    assert.strictEqual(await chip.locator('.image-size').textContent(), '1 KB');
    assert.ok(await chip.locator('img.image-thumb').evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 40), 'the thumbnail is the image');

    await send(panel, 'What does this screenshot show?');
    const [ask] = asks(await panel.messages());
    assert.ok(ask, 'nothing was sent');
    assert.strictEqual(ask.text, 'What does this screenshot show?');
    const image = ask.images?.[0] as ImageAttachment;
    assert.strictEqual(ask.images?.length, 1);
    assert.strictEqual(image.type, 'image/png');
    assert.strictEqual(image.bytes, bytes);
    assert.match(image.dataUrl, /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    assert.strictEqual(await list.getByRole('listitem').count(), 0, 'the chips go once sent');
  });

  it('an image dropped on the input area becomes a chip; a non-image file is refused with its name', async () => {
    await panel.post({ type: 'sync', state: panelState([], { model: 'deepseek-flash', imageInput: VISION }) });
    await panel.page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 8;
      canvas.height = 8;
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/webp'));
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], 'dropped.webp', { type: 'image/webp' }));
      transfer.items.add(new File(['<svg/>'], 'drawing.svg', { type: 'image/svg+xml' }));
      const target = document.querySelector('footer.composer')!;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    const chip = panel.page.getByRole('list', { name: 'Images for the next question' }).getByRole('listitem');
    await chip.waitFor();
    assert.strictEqual(await chip.locator('.context-name').textContent(), 'dropped.webp');
    await panel.page.locator('.image-note', { hasText: 'drawing.svg' }).waitFor();
    assert.strictEqual(await panel.page.locator('.image-note').textContent(), 'drawing.svg is not a PNG, JPEG, GIF or WebP image.');
  });

  it('a model without vision refuses in words before anything is sent; the image stays', async () => {
    await panel.post({ type: 'sync', state: panelState([], { model: 'deepseek-v4-pro', imageInput: { ...VISION, vision: false } }) });
    await pastePng(panel, 20, false);
    await panel.page.getByRole('list', { name: 'Images for the next question' }).getByRole('listitem').waitFor();
    await send(panel, 'Describe it');
    const note = panel.page.locator('.image-note');
    await note.waitFor();
    assert.strictEqual(await note.textContent(), 'The model deepseek-v4-pro does not take images. Remove the images, or pick a model that reads them (such as deepseek-flash).');
    assert.deepStrictEqual(asks(await panel.messages()), []);
    assert.strictEqual(await panel.page.getByRole('list', { name: 'Images for the next question' }).getByRole('listitem').count(), 1);
  });

  it('an image over the size limit is made smaller in the panel before it is sent', async () => {
    const maxBytes = 60 * 1024;
    await panel.post({ type: 'sync', state: panelState([], { model: 'deepseek-flash', imageInput: { ...VISION, maxBytes } }) });
    const original = await pastePng(panel, 400, true, 'noise.png');
    assert.ok(original > maxBytes * 2, `the test image is only ${original} bytes`);
    const size = panel.page.locator('.image-chip .image-size');
    await size.waitFor();
    assert.match((await size.textContent()) ?? '', /^\d+ KB → \d+ KB \(made smaller\)$/);
    await send(panel, 'Smaller please');
    const image = asks(await panel.messages())[0]!.images![0]!;
    assert.ok(image.bytes <= maxBytes, `${image.bytes} bytes sent; the limit is ${maxBytes}`);
    assert.strictEqual(image.downscaledFrom, original);
    assert.strictEqual(image.type, 'image/jpeg');
    assert.match(image.dataUrl, /^data:image\/jpeg;base64,/);
  });

  it('a sent question shows its images in the conversation (and in history)', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const image: ImageAttachment = { name: 'dot.png', type: 'image/png', dataUrl: `data:image/png;base64,${png}`, bytes: 70 };
    const turn = { id: 't-img', question: 'What is this dot?', answer: 'A dot.', reasoning: '', status: 'done' as const, startedAt: Date.now(), images: [image] };
    await panel.post({ type: 'sync', state: panelState([turn], { model: 'deepseek-flash', imageInput: VISION }) });
    const img = panel.page.getByRole('img', { name: 'Image: dot.png' });
    await img.waitFor();
    assert.strictEqual(await img.getAttribute('src'), image.dataUrl);
  });
});
