// Images with a question: sent as OpenAI-style `image_url` content parts after the text, only for
// models that take images; a model without vision refuses before any request; the webview's images
// are checked before they are used (known type, base64 data URL of the same type).
import * as assert from 'node:assert/strict';
import { chatBody } from '../../src/deepseek/http';
import { Conversation } from '../../src/host/conversation/common/conversation';
import { readSettings } from '../../src/host/core/common/settings';
import { ChatController } from '../../src/host/panel/common/chatController';
import { toDeepSeekMessages } from '../../src/host/vscodeChat/common/lmMessages';
import { specFor } from '../../src/host/vscodeChat/common/lmModels';
import { isImageAttachment, isWebviewMessage, type HostMessage, type ImageAttachment, type TurnView } from '../../src/shared/protocol';
import { answer, startTestServer, type TestServer } from '../server';
import { tokenSource } from './host/panel/common/tokenSource';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const IMAGE: ImageAttachment = { name: 'shot.png', type: 'image/png', dataUrl: `data:image/png;base64,${PNG_1PX}`, bytes: 70 };

describe('images in requests', () => {
  it('the request body has the text, then one image_url part per image; messages without images stay strings', () => {
    const body = JSON.parse(chatBody({ model: 'deepseek-flash', messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'What is this?', images: [IMAGE.dataUrl, IMAGE.dataUrl] }] })) as { messages: unknown[] };
    assert.deepEqual(body.messages[0], { role: 'system', content: 'sys' });
    assert.deepEqual(body.messages[1], {
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: IMAGE.dataUrl } },
        { type: 'image_url', image_url: { url: IMAGE.dataUrl } },
      ],
    });
    const empty = JSON.parse(chatBody({ model: 'm', messages: [{ role: 'user', content: 'hi', images: [] }] })) as { messages: unknown[] };
    assert.deepEqual(empty.messages[0], { role: 'user', content: 'hi' });
  });

  it('the panel sends a turn\'s images with its question (and earlier ones) only when asked to', () => {
    const c = new Conversation();
    const turn = (id: string, images?: ImageAttachment[]): TurnView => ({ id, question: `q ${id}`, answer: `a ${id}`, reasoning: '', status: 'done', startedAt: 0, ...(images ? { images } : {}) });
    c.add(turn('t1', [IMAGE]));
    const now = turn('t2', [IMAGE]);
    c.add(now);
    const withImages = c.requestMessages(now, '', undefined, { images: true }).messages;
    assert.deepEqual(withImages.map((m) => m.images?.length ?? 0), [1, 0, 1]);
    const without = c.requestMessages(now, '').messages;
    assert.ok(without.every((m) => m.images === undefined));
  });

  it('VS Code Chat: image parts go to a vision model, not to others', () => {
    const msgs = [{ role: 'user' as const, parts: [{ kind: 'text' as const, text: 'Look' }, { kind: 'image' as const, mimeType: 'image/png', base64: PNG_1PX }] }];
    assert.deepEqual(toDeepSeekMessages(msgs, specFor({ id: 'deepseek-flash' })), [{ role: 'user', content: 'Look', images: [IMAGE.dataUrl] }]);
    assert.deepEqual(toDeepSeekMessages(msgs, specFor({ id: 'deepseek-v4-pro' })), [{ role: 'user', content: 'Look' }]);
  });

  it('the webview\'s images are checked: known type, a base64 data URL of that type', () => {
    assert.ok(isImageAttachment(IMAGE));
    assert.ok(!isImageAttachment({ ...IMAGE, type: 'image/svg+xml', dataUrl: 'data:image/svg+xml;base64,PHN2Zz4=' }), 'SVG can carry script');
    assert.ok(!isImageAttachment({ ...IMAGE, dataUrl: `data:image/jpeg;base64,${PNG_1PX}` }), 'type and data URL disagree');
    assert.ok(!isImageAttachment({ ...IMAGE, dataUrl: 'https://example.com/x.png' }));
    assert.ok(!isImageAttachment({ ...IMAGE, dataUrl: 'data:image/png;base64,abc"><script>' }));
    assert.ok(isWebviewMessage({ type: 'ask', text: 'x', images: [IMAGE] }));
    assert.ok(!isWebviewMessage({ type: 'ask', text: 'x', images: [{ ...IMAGE, bytes: 'many' }] }));
  });

  describe('the panel against the test server', () => {
    let server: TestServer;
    before(async () => (server = await startTestServer()));
    after(() => server.close());

    function controller(model: string, extra: Record<string, unknown> = {}): { c: ChatController; posted: HostMessage[] } {
      const posted: HostMessage[] = [];
      const values: Record<string, unknown> = { baseUrl: server.url, model, maxRetries: 0, ...extra };
      const c = new ChatController(
        { settings: () => readSettings((k) => values[k]), apiKey: async () => 'sk-test', offerToSetKey: () => undefined },
        { post: (m) => posted.push(structuredClone(m)), createCancellation: tokenSource, frameMs: 5 },
      );
      return { c, posted };
    }

    it('a vision model gets the image as an image_url part', async () => {
      const { c } = controller('deepseek-flash');
      const before = server.requests.length;
      server.enqueue(answer('A one-pixel image.'));
      await c.ask('What is in this image?', { images: [IMAGE] });
      const sent = server.requests.slice(before).filter((r) => r.path.endsWith('/chat/completions'));
      assert.equal(sent.length, 1);
      const last = (sent[0]!.body as { messages: Array<{ content: unknown }> }).messages.at(-1)!;
      assert.deepEqual(last.content, [{ type: 'text', text: 'What is in this image?' }, { type: 'image_url', image_url: { url: IMAGE.dataUrl } }]);
      assert.deepEqual(c.conversation.all()[0]!.images, [IMAGE], 'saved with the turn');
      c.dispose();
    });

    it('a model without vision, too many or too large images: refused in words, no request', async () => {
      for (const [model, extra, pattern] of [
        ['deepseek-v4-pro', {}, /does not take images/],
        ['deepseek-flash', { maxImagesPerQuestion: 1 }, /at most 1/],
        ['deepseek-flash', { maxImageSizeKB: 16 }, /larger than 16 KB/],
      ] as const) {
        const { c, posted } = controller(model, extra);
        const before = server.requests.length;
        const big = { ...IMAGE, bytes: 17 * 1024 };
        await c.ask('Look', { images: 'maxImageSizeKB' in extra ? [big] : [IMAGE, IMAGE] });
        assert.equal(server.requests.length, before, `${model}: a request was sent`);
        const end = posted.find((m): m is Extract<HostMessage, { type: 'turnEnd' }> => m.type === 'turnEnd')!;
        assert.equal(end.status, 'error');
        assert.match(end.error!.message, pattern);
        c.dispose();
      }
    });
  });
});
