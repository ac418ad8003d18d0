// The panel in English and in Simplified Chinese (the texts handed over as the host does for VS Code's
// display language), the cost line under an answer, the model in the header and the totals.
// Screenshots go to docs/ (shown in the README).

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { HostMessage } from '../../src/shared/protocol';
import { PANEL_STRINGS } from '../../src/shared/panelStrings';
import { ANSWERS } from './fixtures/answers';
import { REPO_ROOT, deltas, panelState, randomSplit, rng, turnView, type PanelPage } from './harness';
import { closeClean, openSharedPanel } from './setup';

const DOCS = path.join(REPO_ROOT, 'docs');
const USAGE = { prompt_tokens: 1204, prompt_cache_hit_tokens: 1024, prompt_cache_miss_tokens: 180, completion_tokens: 812, completion_tokens_details: { reasoning_tokens: 96 } };
// deepseek-flash at peak, CNY: (1024 × 0.04 + 180 × 2 + 812 × 8) / 1M, as the host prices it.
const COST = { amount: (1024 * 0.04 + 180 * 2 + 812 * 8) / 1e6, currency: 'CNY' };
const SESSION = { answers: 3, tokensIn: 5020, cacheHit: 4096, cacheMiss: 924, tokensOut: 2210, cost: [{ amount: 0.0213, currency: 'CNY' }] };

async function pricedConversation(panel: PanelPage, title: string, question: string, reasoning: string, answer: string): Promise<void> {
  const t0 = Date.now() - 40_000;
  await panel.post({ type: 'sync', state: panelState([], { title, model: 'deepseek-flash', session: SESSION }) });
  await panel.post({ type: 'turnStart', turn: turnView({ id: 'cost-1', question, status: 'streaming', startedAt: t0, model: 'deepseek-flash' }) });
  const random = rng(11);
  const r = deltas('cost-1', randomSplit(reasoning, random, 30), 'reasoning');
  const c = deltas('cost-1', randomSplit(answer, random, 60), 'content', r.length + 1);
  await panel.stream([...r, ...c]);
  const end: HostMessage = {
    type: 'turnEnd',
    turn: 'cost-1',
    seq: r.length + c.length,
    status: 'done',
    finishReason: 'stop',
    usage: USAGE,
    cost: COST,
    reasoningEndedAt: t0 + 9_000,
    endedAt: t0 + 25_000,
    session: SESSION,
  };
  await panel.post(end);
  await panel.post({ type: 'settings', hasApiKey: true, keyNeeded: false, model: 'deepseek-flash' });
  await panel.nextFrame();
}

/** Visible texts of the panel's own controls (not the question, answer or reasoning). */
async function chromeTexts(panel: PanelPage): Promise<string> {
  return panel.page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    for (const el of clone.querySelectorAll('.markdown, .reasoning-body, .usage-model, .panel-title, .model-switch')) el.remove();
    const attrs = [...clone.querySelectorAll('[aria-label],[placeholder],[title]')].map((e) => [e.getAttribute('aria-label'), e.getAttribute('placeholder'), e.getAttribute('title')].join(' '));
    return `${clone.innerText}\n${attrs.join('\n')}`;
  });
}

describe('localisation and cost in the panel', () => {
  before(() => fs.mkdirSync(DOCS, { recursive: true }));

  it('English: the cost line (tokens, cache hits and misses, cost), the model button and the totals', async () => {
    const panel = await openSharedPanel({ theme: 'dark', viewport: { width: 760, height: 900 } });
    try {
      await pricedConversation(panel, 'Debounce in TypeScript', 'How do I debounce an input handler in TypeScript?', 'Clear the previous timer on each call; keep the latest arguments.', ANSWERS[0].text.slice(0, 900));
      const usage = await panel.page.locator('.usage').innerText();
      for (const part of ['deepseek-flash', '1,204 tokens in', '1,024 cache hits', '180 cache misses', '812 tokens out', '96 reasoning', '≈ ¥0.0069']) {
        assert.ok(usage.includes(part), `usage line lacks "${part}": ${usage}`);
      }
      assert.strictEqual(await panel.page.locator('.panel-totals').innerText(), 'This chat: 2,016 tokens · ¥0.0069');
      assert.match((await panel.page.locator('.panel-totals').getAttribute('title')) ?? '', /Since VS Code started: 7,230 tokens · ¥0\.0213/);
      const model = panel.page.locator('button.model-switch');
      assert.strictEqual(await model.innerText(), 'deepseek-flash');
      await panel.clearMessages();
      await model.click();
      assert.deepStrictEqual(await panel.messages(), [{ type: 'command', command: 'selectModel' }]);
      await panel.page.evaluate(() => (document.querySelector('.transcript')!.scrollTop = 1e9));
      await panel.nextFrame();
      await panel.page.screenshot({ path: path.join(DOCS, 'panel-en.png') });
      const turn = panel.page.locator('.turn').first();
      const box = (await turn.locator('.turn-footer').boundingBox())!;
      await panel.page.screenshot({ path: path.join(DOCS, 'cost-line.png'), clip: { x: 0, y: Math.max(0, box.y - 60), width: 760, height: box.height + 80 } });
      await closeClean(panel);
    } catch (err) {
      await panel.close();
      throw err;
    }
  });

  it('Simplified Chinese: every panel text is Chinese (welcome, buttons, usage, totals), html lang is zh-cn', async () => {
    const panel = await openSharedPanel({ theme: 'dark', lang: 'zh-cn', viewport: { width: 760, height: 900 } });
    try {
      assert.strictEqual(await panel.page.evaluate(() => document.documentElement.lang), 'zh-cn');
      await panel.post({ type: 'sync', state: panelState([], { hasApiKey: false, keyNeeded: true, title: '' }) });
      await panel.nextFrame();
      const welcome = await panel.page.locator('.welcome').innerText();
      assert.ok(welcome.includes('向 DeepSeek 提任何问题') && welcome.includes('解释所选代码'), welcome);
      assert.ok(await panel.page.getByRole('button', { name: '设置 API 密钥' }).isVisible());
      fs.mkdirSync(path.join(REPO_ROOT, 'test-output', 'screenshots'), { recursive: true });
      await panel.page.screenshot({ path: path.join(REPO_ROOT, 'test-output', 'screenshots', 'panel-zh-cn-empty.png') });

      await pricedConversation(
        panel,
        'TypeScript 防抖',
        '如何在 TypeScript 中为输入事件做防抖？',
        '用户想要一个防抖函数：每次调用时清除上一个定时器，保留最新的参数，并提供 cancel()。',
        '## 防抖（debounce）\n\n每次触发时**重置定时器**，只有停止输入一段时间后才真正执行：\n\n```ts\nfunction debounce<T extends unknown[]>(fn: (...args: T) => void, ms = 300) {\n  let timer: ReturnType<typeof setTimeout> | undefined;\n  return (...args: T) => {\n    clearTimeout(timer);\n    timer = setTimeout(() => fn(...args), ms);\n  };\n}\n```\n\n| 方式 | 何时执行 |\n|---|---|\n| 防抖 | 停止触发后 |\n| 节流 | 每隔固定时间 |\n',
      );
      const usage = await panel.page.locator('.usage').innerText();
      for (const part of ['输入 1,204 tokens', '缓存命中 1,024', '缓存未命中 180', '输出 812 tokens', '思考 96', '≈ ¥0.0069']) assert.ok(usage.includes(part), `usage line lacks "${part}": ${usage}`);
      assert.strictEqual(await panel.page.locator('.panel-totals').innerText(), '本对话：2,016 tokens · ¥0.0069');
      for (const name of ['重新生成', '编辑问题', '发送']) assert.ok(await panel.page.getByRole('button', { name, exact: true }).first().isVisible(), `button ${name}`);
      assert.match(await panel.page.locator('details.reasoning summary').innerText(), /^已思考 \d+ 秒$/);

      // No English panel text is left anywhere in the controls.
      const chrome = await chromeTexts(panel);
      const english = Object.values(PANEL_STRINGS)
        .map((s) => s.split(/\{\d+\}/).map((p) => p.trim()).filter((p) => /[A-Za-z]{3,}/.test(p) && !/^(tokens|HTTP)$/.test(p)))
        .flat();
      const left = english.filter((p) => chrome.includes(p));
      assert.deepStrictEqual(left, [], `English left in the Chinese panel:\n${chrome}`);

      await panel.page.evaluate(() => (document.querySelector('.transcript')!.scrollTop = 0));
      await panel.nextFrame();
      await panel.page.screenshot({ path: path.join(DOCS, 'panel-zh-cn.png') });
      await closeClean(panel);
    } catch (err) {
      await panel.close();
      throw err;
    }
  });
});
