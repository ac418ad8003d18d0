// Recorded answers streamed as deltas split at random points (seeded): after every frame the screen
// equals a one-shot render of the text so far, or of an earlier prefix while sealing goes on in tasks
// (highlighting aside: only sealed blocks are highlighted), nothing sealed is ever changed in place or re-created, and after turnEnd the answer's
// DOM equals a one-shot render of the whole text exactly.

import * as assert from 'assert';
import type { HostMessage } from '../../src/shared/protocol';
import { ANSWERS, concatenated, longAnswer, type Fixture } from './fixtures/answers';
import { answerSelector, blockStartSplit, randomSplit, rng, turnView, type PanelPage } from './harness';
import { answerHtml, oneShot, unhighlightedHtml } from './pageHelpers';
import { openSharedPanel } from './setup';

/** Seed 0: cut right after the first one and two characters of every line (where sealing too early goes wrong). */
const SEEDS = [0, 1, 2, 3, 4];
/** Piece sizes differ per seed: a character or two up to whole paragraphs. */
const MAX_PIECE: Record<number, number> = { 1: 3, 2: 12, 3: 40, 4: 160 };

function split(text: string, seed: number, random: () => number): string[] {
  return seed === 0 ? blockStartSplit(text) : randomSplit(text, random, MAX_PIECE[seed]);
}
const DEF_LINE = /^ {0,3}\[[^\]]+\]:/m;

interface StreamReport {
  violations: string[];
  captures: { index: number; html: string }[];
  midCount: number;
  lostFromMid: number;
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `at ${i}:\n  screen:   ${JSON.stringify(a.slice(Math.max(0, i - 80), i + 120))}\n  one-shot: ${JSON.stringify(b.slice(Math.max(0, i - 80), i + 120))}`;
}

/** Streams frames of messages inside the page, one animation frame after each group, watching the answer element. */
async function streamWatched(panel: PanelPage, turnId: string, frames: HostMessage[][], checkpoints: number[]): Promise<StreamReport> {
  return panel.page.evaluate(
    async ({ frames, checkpoints, sel }) => {
      const el = document.querySelector(sel);
      if (!el) throw new Error('no answer element');
      const violations: string[] = [];
      // The open tail may grow in place (text appended at its end); a sealed block never changes. So
      // every top-level block changed in place must be gone (replaced as a tail) once the answer ends.
      const changedInPlace = new Set<Node>();
      (window as unknown as { changedInPlace: Set<Node> }).changedInPlace = changedInPlace;
      // Top-level blocks sit in chunks (the answer's children); a chunk gaining or losing blocks is not a block changing.
      const isChunk = (n: Node | null) => n?.parentNode === el && (n as Element).classList?.contains('md-chunk');
      const isContainer = (n: Node | null) => n === el || isChunk(n);
      const tops = () => Array.from(el.childNodes).flatMap((c) => (isChunk(c) ? Array.from(c.childNodes) : [c]));
      const note = (records: MutationRecord[]) => {
        for (const r of records) {
          if (isContainer(r.target)) continue;
          let top: Node | null = r.target;
          while (top && !isContainer(top.parentNode)) top = top.parentNode;
          // Detached already: it was a tail, replaced in the same frame.
          if (top) changedInPlace.add(top);
        }
      };
      const observer = new MutationObserver(note);
      observer.observe(el, { childList: true, subtree: true, characterData: true, attributes: true });
      const plain = () => {
        const clone = el.cloneNode(true) as Element;
        // Every span inside code comes from the highlighter (hljs-* and nested language-* spans).
        for (const span of Array.from(clone.querySelectorAll('pre code span'))) span.replaceWith(...Array.from(span.childNodes));
        for (const code of Array.from(clone.querySelectorAll('code.hljs'))) code.classList.remove('hljs');
        clone.normalize();
        return clone.innerHTML;
      };
      const captures: { index: number; html: string }[] = [];
      let previous: Node[] = tops();
      let mid: Node[] = [];
      let sent = 0;
      for (let f = 0; f < frames.length; f++) {
        for (const m of frames[f]) window.dispatchEvent(new MessageEvent('message', { data: m }));
        sent += frames[f].length;
        await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        // Only a suffix of the previous frame's nodes (the open tail) may have gone.
        const now = new Set<Node>(tops());
        const firstGone = previous.findIndex((n) => !now.has(n));
        if (firstGone !== -1 && previous.slice(firstGone).some((n) => now.has(n))) {
          violations.push(`frame ${f}: a node before the open tail was removed`);
        }
        previous = tops();
        if (checkpoints.includes(sent - 1)) captures.push({ index: sent - 1, html: plain() });
        if (f === Math.floor(frames.length / 2)) mid = tops();
      }
      note(observer.takeRecords());
      observer.disconnect();
      return { violations, captures, midCount: mid.length, lostFromMid: mid.filter((n) => !n.isConnected).length };
    },
    { frames, checkpoints, sel: answerSelector(turnId) },
  );
}

describe('streaming renders exactly what a one-shot render shows', function () {
  let panel: PanelPage;
  let ref: PanelPage;
  let turnNo = 0;

  before(async () => {
    panel = await openSharedPanel();
    ref = await openSharedPanel();
  });
  after(async () => {
    const problems = [...(await panel.problems()), ...(await ref.problems())];
    await panel.close();
    await ref.close();
    assert.deepStrictEqual(problems, []);
  });

  // The last one is long enough (over PACE_AFTER_CHARS) that its last words are shown before the end render.
  const fixtures: Fixture[] = [...ANSWERS, concatenated(), { name: 'long-answer', text: longAnswer(30) }, { name: 'longer-answer', text: longAnswer(100) }];
  for (const fixture of fixtures) {
    // Long texts in small pieces would take minutes of frames; the Node test covers every prefix of those.
    const seeds = fixture.text.length > 12_000 ? [4] : fixture.text.length > 4000 ? SEEDS.filter((s) => s >= 3) : SEEDS;
    for (const seed of seeds) {
      const how = seed === 0 ? 'cut at every line start' : `seed ${seed}, pieces of 1–${MAX_PIECE[seed]} chars`;
      it(`${fixture.name} (${how})`, async () => {
        const random = rng(seed * 1000 + fixture.name.length);
        const pieces = split(fixture.text, seed, random);
        const id = `s${++turnNo}`;
        await panel.post({ type: 'turnStart', turn: turnView({ id, question: fixture.name }) });
        const messages: HostMessage[] = pieces.map((content, i) => ({ type: 'delta', turn: id, seq: i + 1, content }));
        // Usually one delta per frame, sometimes two or three (a slow frame).
        const frames: HostMessage[][] = [];
        for (let i = 0; i < messages.length; ) {
          const n = random() < 0.7 ? 1 : 2 + Math.floor(random() * 2);
          frames.push(messages.slice(i, i + n));
          i += n;
        }
        // Checkpoints: the end of every frame (a sample of 80 for very long streams).
        const frameEnds: number[] = [];
        let count = 0;
        for (const f of frames) frameEnds.push((count += f.length) - 1);
        const checkpoints =
          frameEnds.length <= 1000
            ? frameEnds
            : [...new Set(Array.from({ length: 80 }, () => frameEnds[Math.floor(random() * frameEnds.length)]))].sort((a, b) => a - b);

        const report = await streamWatched(panel, id, frames, checkpoints);
        assert.deepStrictEqual(report.violations, [], 'sealed blocks changed while streaming');
        // Blocks sealed by the middle of the stream are still the same nodes at the end (not re-created).
        assert.ok(report.lostFromMid <= 6, `${report.lostFromMid} of ${report.midCount} nodes from mid-stream were re-created`);

        // After every frame the screen equals a one-shot render (without highlighting) of the text so
        // far, or, when a frame's sealing did not fit its time slice and goes on in tasks, of an earlier
        // prefix, never older than the one shown before: never a mixture, never going back.
        const prefixOf = (index: number) => pieces.slice(0, index + 1).join('');
        const comparable = report.captures.filter((c) => !DEF_LINE.test(prefixOf(c.index)));
        const refs: { raw: string; plain: string }[] = [];
        for (let k = 0; k < comparable.length; k += 100) {
          refs.push(...(await oneShot(ref.page, comparable.slice(k, k + 100).map((c) => prefixOf(c.index)))));
        }
        assert.ok(comparable.length > 0, 'no prefix was compared');
        let shown = -1; // the delta index the screen was last found to show
        for (let k = 0; k < comparable.length; k++) {
          const c = comparable[k];
          if (c.html === refs[k].plain) {
            shown = c.index;
            continue;
          }
          if (shown === -1 && c.html === '') continue; // nothing shown yet
          const earlier = Array.from({ length: c.index - Math.max(shown, 0) }, (_, i) => c.index - 1 - i).filter((i) => !DEF_LINE.test(prefixOf(i)));
          const earlierRefs = earlier.length ? await oneShot(ref.page, earlier.map(prefixOf)) : [];
          const match = earlierRefs.findIndex((r) => r.plain === c.html);
          assert.ok(match !== -1, `prefix of ${prefixOf(c.index).length} chars differs ${firstDifference(c.html, refs[k].plain)}`);
          shown = earlier[match];
        }

        // With no more text coming, the screen catches up with all of it before the answer ends.
        if (!DEF_LINE.test(fixture.text)) {
          const [all] = await oneShot(ref.page, [fixture.text]);
          let frames = 0;
          while ((await unhighlightedHtml(panel.page, answerSelector(id))) !== all.plain) {
            assert.ok(++frames < 600, 'the screen did not catch up with the text received in 600 frames');
            await panel.nextFrame();
          }
        }

        // The end: exactly the one-shot render.
        await panel.post({ type: 'turnEnd', turn: id, seq: messages.length, status: 'done', endedAt: Date.now() });
        await panel.turnEnded(id);
        const changedSealed = await panel.page.evaluate(() =>
          Array.from((window as unknown as { changedInPlace: Set<Node> }).changedInPlace)
            .filter((n) => n.isConnected)
            .map((n) => (n as Element).outerHTML?.slice(0, 80) ?? n.nodeName),
        );
        assert.deepStrictEqual(changedSealed, [], 'blocks changed in place while streaming are still on screen after the end (sealed blocks changed)');
        const [full] = await oneShot(ref.page, [fixture.text]);
        const screen = await answerHtml(panel.page, id);
        assert.ok(screen === full.raw, `final DOM differs from the one-shot render ${firstDifference(screen, full.raw)}`);
        assert.ok(full.raw.length > fixture.text.length / 2, 'the one-shot render is suspiciously short');
        assert.deepStrictEqual(
          (await panel.messages()).filter((m) => m.type === 'resync'),
          [],
          'no resync expected',
        );
      });
    }
  }

  it('an open fence is highlighted once the answer ends', async () => {
    const fixture = ANSWERS.find((a) => a.name === 'open-fence-rust')!;
    const id = `s${++turnNo}`;
    await panel.post({ type: 'turnStart', turn: turnView({ id }) });
    const pieces = randomSplit(fixture.text, rng(99), 25);
    await panel.stream(pieces.map((content, i) => ({ type: 'delta', turn: id, seq: i + 1, content })));
    const sel = `${answerSelector(id)} code.language-rust`;
    assert.strictEqual(await panel.page.locator(`${sel} span[class^="hljs-"]`).count(), 0, 'the open fence was highlighted while streaming');
    assert.ok((await panel.page.locator(`${answerSelector(id)} code.language-sql span[class^="hljs-"]`).count()) > 0, 'the sealed SQL block is not highlighted');
    await panel.post({ type: 'turnEnd', turn: id, seq: pieces.length, status: 'stopped', endedAt: Date.now() });
    assert.ok((await panel.page.locator(`${sel} span[class^="hljs-"]`).count()) > 0, 'the last fence is not highlighted at the end');
  });

  it('text that arrives with the end is all on screen in the next frame, then the one-shot render', async () => {
    const text = longAnswer(100);
    const pieces = randomSplit(text, rng(7), 400);
    // The last pieces (several blocks, code among them) come in one task with turnEnd: none of it
    // has been shown when the end arrives.
    const tailFrom = pieces.length - 12;
    const id = `s${++turnNo}`;
    await panel.post({ type: 'turnStart', turn: turnView({ id }) });
    const deltas: HostMessage[] = pieces.map((content, i) => ({ type: 'delta', turn: id, seq: i + 1, content }));
    await panel.stream(deltas.slice(0, tailFrom));
    const end: HostMessage = { type: 'turnEnd', turn: id, seq: pieces.length, status: 'done', endedAt: Date.now() };
    await panel.page.evaluate(
      ({ messages, sel }) =>
        new Promise<void>((resolve) => {
          for (const m of messages) window.dispatchEvent(new MessageEvent('message', { data: m }));
          requestAnimationFrame(() => {
            const snap = document.createElement('div');
            snap.id = 'first-frame';
            snap.hidden = true;
            snap.append(document.querySelector(sel)!.cloneNode(true));
            document.body.append(snap);
            resolve();
          });
        }),
      { messages: [...deltas.slice(tailFrom), end], sel: answerSelector(id) },
    );
    const [full] = await oneShot(ref.page, [text]);
    const firstFrame = await unhighlightedHtml(panel.page, '#first-frame > .answer-body');
    assert.ok(firstFrame === full.plain, `the frame after the end does not show the whole text ${firstDifference(firstFrame, full.plain)}`);
    await panel.turnEnded(id);
    const screen = await answerHtml(panel.page, id);
    assert.ok(screen === full.raw, `final DOM differs from the one-shot render ${firstDifference(screen, full.raw)}`);
  });
});

describe('text selected in the growing part of an answer', function () {
  let panel: PanelPage;
  before(async () => {
    panel = await openSharedPanel();
  });
  after(async () => {
    const problems = await panel.problems();
    await panel.close();
    assert.deepStrictEqual(problems, []);
  });

  /** Selects `word` inside the answer's last element matching `within`; returns what is selected. */
  async function select(id: string, within: string, word: string): Promise<string> {
    return panel.page.evaluate(
      ({ sel, word }) => {
        const host = Array.from(document.querySelectorAll(sel)).pop();
        const walker = document.createTreeWalker(host ?? document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const at = (n as Text).data.indexOf(word);
          if (at === -1) continue;
          const range = document.createRange();
          range.setStart(n, at);
          range.setEnd(n, at + word.length);
          getSelection()!.removeAllRanges();
          getSelection()!.addRange(range);
          return getSelection()!.toString();
        }
        return '';
      },
      { sel: `${answerSelector(id)} ${within}`, word },
    );
  }
  const selected = () => panel.page.evaluate(() => getSelection()!.toString());

  /**
   * Starts turn `id` with `start`, selects `word` in the last `within` element, streams `more` piece by
   * piece checking the selection after each, then ends the turn; returns the last `within` element's text.
   */
  async function streamWhileSelected(id: string, within: string, start: string, word: string, more: readonly string[]): Promise<string> {
    await panel.post({ type: 'turnStart', turn: turnView({ id }) });
    await panel.stream([{ type: 'delta', turn: id, seq: 1, content: start }]);
    assert.strictEqual(await select(id, within, word), word, 'could not select the word');
    let seq = 1;
    for (const content of more) {
      await panel.stream([{ type: 'delta', turn: id, seq: ++seq, content }]);
      assert.strictEqual(await selected(), word, `the selection was lost when ${JSON.stringify(content)} arrived`);
    }
    const text = await panel.page.evaluate((sel) => Array.from(document.querySelectorAll(sel)).pop()?.textContent ?? '', `${answerSelector(id)} ${within}`);
    await panel.post({ type: 'turnEnd', turn: id, seq, status: 'done', endedAt: Date.now() });
    return text;
  }

  for (const [what, within, start, word, more] of [
    ['a paragraph', 'p', 'The quick brown fox jumps', 'quick', [' over the lazy dog', ' and runs', " into the woods, doesn't it", ' & more <text>']],
    ['a list item', 'li', 'Steps:\n\n- first step\n- second step is longer', 'second', [' than the first', ' by a few words', ' more']],
    ['a code block', 'pre code', '```ts\nconst total = items.length;\n', 'total', ['let sum = 0;\n', 'for (const x of items) sum += x;\n', 'return sum < total && sum > 0;\n']],
  ] as const) {
    it(`stays selected while more text streams into ${what}`, async () => {
      const text = await streamWhileSelected(`sel-${what.replace(/ /g, '-')}`, within, start, word, more);
      // The text arrived in full, in the same element.
      assert.ok(text.endsWith(more[more.length - 1].replace(/\n$/, '')), `the last piece is not on screen: ${JSON.stringify(text)}`);
    });
  }

  // New rows and items change the open block's structure, not just its last text: only the new part
  // is rendered again, so what the reader selected in an earlier row or item stays selected.
  for (const [what, within, start, word, more, last] of [
    ['a table row', 'td', '| Name | Kind |\n|---|---|\n| alpha | beta |\n', 'beta', ['| gamma', ' | delta |\n', '| epsilon | **zeta**'], 'zeta'],
    ['a list item', 'li', 'Steps:\n\n- first step\n- second step', 'second', ['\n- third', ' step with `code`\n', '- fourth *step*'], 'fourth step'],
  ] as const) {
    it(`stays selected in ${what} while new ones stream in after it`, async () => {
      const text = await streamWhileSelected(`sel-next-${what.replace(/ /g, '-')}`, within, start, word, more);
      assert.strictEqual(text, last, 'the last row or item on screen is not the last one streamed');
    });
  }
});
