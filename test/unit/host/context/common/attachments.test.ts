import * as assert from 'node:assert/strict';
import { applyBudget, attachedNote, contextBlock, cutToTokens, decodeText, excludeGlob, infoOf, makeAttachment, type Attachment } from '../../../../../src/host/context/common/attachments';
import { Conversation, estimateTokens, sentQuestion } from '../../../../../src/host/conversation/common/conversation';
import type { TurnView } from '../../../../../src/shared/protocol';

function file(label: string, text: string): Attachment {
  return makeAttachment({ id: label, kind: 'file', label, path: `src/${label}`, uri: `file:///w/src/${label}`, languageId: 'typescript', text });
}

describe('host: attachments (text, budget, context block, excludes)', () => {
  it('UTF-8 text is attachable (BOM dropped); NUL bytes or invalid UTF-8 are refused with a reason', () => {
    assert.deepEqual(decodeText(Buffer.from('\uFEFFconst a = "é";\n')), { ok: true, text: 'const a = "é";\n' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);
    assert.deepEqual(decodeText(png), { ok: false, reason: 'it is a binary file' });
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]);
    assert.deepEqual(decodeText(latin1), { ok: false, reason: 'it is not UTF-8 text (binary or another encoding)' });
  });

  it('only the BOM is dropped: a U+FEFF right after it is part of the text, as the editor shows it', () => {
    assert.deepEqual(decodeText(Buffer.from('\uFEFF\uFEFFx = 1;\n')), { ok: true, text: '\uFEFFx = 1;\n' });
    assert.deepEqual(decodeText(Buffer.from('x = 1;\n')), { ok: true, text: 'x = 1;\n' });
  });

  it('estimates tokens the way history trimming does', () => {
    const a = file('a.ts', 'x'.repeat(1000));
    assert.equal(a.tokens, estimateTokens('x'.repeat(1000)));
    assert.equal(a.tokens, 300);
  });

  it('within the budget everything is kept, without notes', () => {
    const items = [file('a.ts', 'a\n'.repeat(100)), file('b.ts', 'b\n'.repeat(100))];
    assert.deepEqual(applyBudget(items, 10_000), { kept: items, notes: [] });
  });

  it('the attachment that crosses the budget is cut at a line; later ones are left out; each gets a note', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n');
    const items = [file('a.ts', 'x'.repeat(2000)), file('b.ts', lines), file('c.ts', 'c')];
    const { kept, notes } = applyBudget(items, 1500);
    assert.equal(kept.length, 2);
    assert.equal(kept[0], items[0]);
    assert.ok(lines.startsWith(kept[1]!.text), 'the cut is not a prefix');
    assert.ok(kept[1]!.text.endsWith('line ' + (kept[1]!.text.split('\n').length - 1)), 'the cut is not at a line boundary');
    assert.ok(kept[0]!.tokens + kept[1]!.tokens <= 1500, 'the budget was exceeded');
    assert.equal(notes.length, 2);
    assert.match(notes[0]!, /b\.ts was cut to its first \d+ of 1000 lines to fit the context budget \(1500 tokens\)/);
    assert.match(notes[1]!, /c\.ts was left out/);
  });

  it('attachments that use up the budget exactly are all kept whole, without notes', () => {
    const items = [file('a.ts', 'a\n'.repeat(100)), file('b.ts', 'b\n'.repeat(50))];
    assert.deepEqual(applyBudget(items, items[0]!.tokens + items[1]!.tokens), { kept: items, notes: [] });
  });

  it('with 200 tokens left the next attachment is still cut, and the note counts its lines', () => {
    // Each line of nine characters plus its newline costs 3 tokens: 66 of the 100 lines fit in 200.
    const b = Array.from({ length: 100 }, () => 'x'.repeat(9)).join('\n');
    const items = [file('a.ts', 'x'.repeat(1000)), file('b.ts', b)];
    assert.equal(items[0]!.tokens, 300);
    const { kept, notes } = applyBudget(items, 500);
    assert.equal(kept.length, 2);
    assert.equal(kept[1]!.text, b.split('\n').slice(0, 66).join('\n'));
    assert.deepEqual(notes, ['b.ts was cut to its first 66 of 100 lines to fit the context budget (500 tokens).']);
  });

  it('a cut keeps every whole line that fits, newlines counted, and never goes over the budget', () => {
    // A line of ten characters plus its newline costs 4 tokens: three lines fit in 12 exactly.
    const text = Array.from({ length: 10 }, (_, i) => String(i).repeat(10)).join('\n');
    const cut = cutToTokens(text, 12);
    assert.equal(cut, '0000000000\n1111111111\n2222222222');
    assert.ok(estimateTokens(cut) <= 12);
  });

  it('one enormous line of non-ASCII text is cut by characters at their double cost, within the budget', () => {
    for (const ch of ['é', '\u0080']) {
      const cut = cutToTokens(ch.repeat(1000), 30);
      assert.equal(cut, ch.repeat(50), `cut of ${JSON.stringify(ch)}`);
      assert.equal(estimateTokens(cut), 30);
    }
  });

  it('one enormous line is cut by characters', () => {
    const cut = cutToTokens('y'.repeat(10_000), 300);
    assert.equal(cut.length, 1000);
  });

  it('the context block names each file and fences its text safely; the note lists them', () => {
    const a = file('a.ts', 'const s = "```";');
    const sel = makeAttachment({ id: 's', kind: 'selection', label: 'b.ts:3-4', path: 'src/b.ts', uri: 'file:///w/src/b.ts', languageId: 'typescript', text: 'x\ny', lines: { start: 3, end: 4 } });
    const block = contextBlock([a, sel]);
    assert.ok(block.includes('File `src/a.ts`:\n\n````typescript\nconst s = "```";\n````'));
    assert.ok(block.includes('Selection from `src/b.ts (lines 3–4)`:\n\n```typescript\nx\ny\n```'));
    assert.equal(attachedNote([a, sel]), `Attached: a.ts (≈${a.tokens} tokens), b.ts:3-4 (≈${sel.tokens} tokens).`);
    assert.equal(attachedNote([]), undefined);
  });

  it('the context block is the attachments in order, a blank line between and after them; with none it is empty', () => {
    const a = file('a.ts', 'let a;');
    const b = file('b.ts', 'let b;');
    assert.equal(contextBlock([a, b]), 'File `src/a.ts`:\n\n```typescript\nlet a;\n```\n\nFile `src/b.ts`:\n\n```typescript\nlet b;\n```\n\n');
    assert.equal(contextBlock([]), '');
  });

  it("the turn's record of a selection keeps its lines; a file's has none", () => {
    const sel = makeAttachment({ id: 's', kind: 'selection', label: 'b.ts:3-4', path: 'src/b.ts', uri: 'file:///w/src/b.ts', languageId: 'typescript', text: 'x\ny', lines: { start: 3, end: 4 } });
    assert.deepEqual(infoOf(sel), { kind: 'selection', label: 'b.ts:3-4', path: 'src/b.ts', uri: 'file:///w/src/b.ts', tokens: sel.tokens, lines: { start: 3, end: 4 } });
    const a = file('a.ts', 'let a;');
    assert.deepEqual(infoOf(a), { kind: 'file', label: 'a.ts', path: 'src/a.ts', uri: 'file:///w/src/a.ts', tokens: a.tokens });
  });

  it('the attached text is sent before the question, in this turn and again in later turns', () => {
    const c = new Conversation();
    const first: TurnView = { id: '1', question: 'What does a.ts do?', context: 'File `a.ts`:\n\n```ts\nx\n```\n\n', answer: 'It does x.', reasoning: '', status: 'done', startedAt: 0 };
    c.add(first);
    assert.equal(sentQuestion(first), 'File `a.ts`:\n\n```ts\nx\n```\n\nWhat does a.ts do?');
    const next: TurnView = { id: '2', question: 'And then?', answer: '', reasoning: '', status: 'streaming', startedAt: 0 };
    c.add(next);
    const { messages } = c.requestMessages(next, '');
    assert.deepEqual(messages.map((m) => m.content), [sentQuestion(first), 'It does x.', 'And then?']);
  });

  it('one exclude glob from files.exclude and search.exclude, only entries set to true', () => {
    assert.equal(excludeGlob({ '**/.git': true, '**/tmp': false }, { '**/node_modules': true, '**/dist': { when: '$(basename).ts' } }), '{**/.git,**/node_modules}');
    assert.equal(excludeGlob({ '**/.git': true }, undefined), '**/.git');
    assert.equal(excludeGlob({}, {}), undefined);
  });

  it('exclude globs are used trimmed (the same glob twice counts once) and blank ones are ignored', () => {
    assert.equal(excludeGlob({ ' **/.git ': true, '  ': true }, { '**/.git': true, '**/out': true }), '{**/.git,**/out}');
  });
});
