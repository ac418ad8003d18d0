// The file sink of Write to File (text on disk while it streams) and the document request.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSink } from '../../../../../src/host/longDocument/common/fileSink';
import { buildDocumentRequest, DOCUMENT_SYSTEM_PROMPT, MAX_SOURCE_CHARS } from '../../../../../src/host/longDocument/common/request';
import { waitFor } from '../../../helpers';

describe('long documents: the file sink', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-filesink-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('text reaches the file on its own shortly after it arrives, without waiting for the end', async () => {
    const file = path.join(dir, 'doc.md');
    const sink = await FileSink.open(file, (e) => assert.fail(e));
    sink.append('# Title\n');
    sink.append('First line.\n');
    await waitFor('the text on disk', () => fs.readFileSync(file, 'utf8') === '# Title\nFirst line.\n', 3000);
    sink.append('Second line.\n');
    assert.equal(await sink.textSoFar(), '# Title\nFirst line.\nSecond line.\n');
    await sink.close();
    assert.equal(fs.readFileSync(file, 'utf8'), '# Title\nFirst line.\nSecond line.\n');
  });

  it('open empties an existing file; reopen appends to it (Resume)', async () => {
    const file = path.join(dir, 'doc.txt');
    fs.writeFileSync(file, 'old content');
    const a = await FileSink.open(file, (e) => assert.fail(e));
    a.append('new ');
    await a.close();
    const b = await FileSink.reopen(file, (e) => assert.fail(e));
    b.append('and resumed');
    await b.close();
    assert.equal(fs.readFileSync(file, 'utf8'), 'new and resumed');
  });

  it('a write that fails is reported once, with the reason, and nothing received is lost', async () => {
    const file = path.join(dir, 'doc.txt');
    const errors: Error[] = [];
    const sink = await FileSink.open(file, (e) => errors.push(e));
    // Close the handle underneath the sink: the next write fails.
    await (sink as unknown as { file: fs.promises.FileHandle }).file.close();
    sink.append('lost?');
    await sink.flush();
    sink.append('more');
    await sink.flush();
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /closed|EBADF/i);
    assert.equal(await sink.rescue(), 'lost?more', 'the text that could not be written is kept');
  });

  it('counts the characters handed to the file; a sink that never failed has nothing to rescue', async () => {
    const file = path.join(dir, 'doc.txt');
    const sink = await FileSink.open(file, (e) => assert.fail(e));
    sink.append('# Title\n');
    sink.append('Grüße\n');
    await sink.flush();
    sink.append('more');
    await sink.flush();
    assert.equal(sink.written, '# Title\nGrüße\nmore'.length);
    assert.equal(await sink.rescue(), undefined);
    await sink.close();
  });

  it('empty text is no write: with the file handle gone, nothing is reported until there is text to write', async () => {
    const file = path.join(dir, 'doc.txt');
    const errors: Error[] = [];
    const sink = await FileSink.open(file, (e) => errors.push(e));
    await (sink as unknown as { file: fs.promises.FileHandle }).file.close();
    sink.append('');
    await sink.flush();
    await sink.flush();
    assert.deepEqual(errors, []);
    assert.equal(await sink.rescue(), undefined);
    sink.append('text');
    await sink.flush();
    assert.equal(errors.length, 1);
  });

  it('after a failure, a file that is gone too leaves the rescue with the text that could not be written', async () => {
    const file = path.join(dir, 'doc.txt');
    const sink = await FileSink.open(file, () => undefined);
    await (sink as unknown as { file: fs.promises.FileHandle }).file.close();
    fs.rmSync(file);
    sink.append('kept');
    await sink.flush();
    assert.equal(await sink.rescue(), 'kept');
  });
});

describe('long documents: the request', () => {
  it('asks for the document only, with the description as the user message', () => {
    const r = buildDocumentRequest('  A README for the CLI  ');
    assert.deepEqual(r.messages, [
      { role: 'system', content: DOCUMENT_SYSTEM_PROMPT },
      { role: 'user', content: 'A README for the CLI' },
    ]);
    assert.equal(r.note, undefined);
  });
  it('sends the source fenced with its language and name; a fence inside cannot close it; a long source is cut with a note', () => {
    const r = buildDocumentRequest('Translate to Python', { text: 'const s = "```";\n', name: 'src/a.ts', languageId: 'typescript' });
    assert.equal(r.messages[1]!.content, 'Translate to Python\n\nSource (`src/a.ts`):\n\n````typescript\nconst s = "```";\n\n````');
    const long = buildDocumentRequest('Summarise', { text: 'x'.repeat(MAX_SOURCE_CHARS + 10), name: 'big.txt', languageId: 'plaintext' });
    assert.match(long.note ?? '', /cut to its first 200,000 characters/);
    assert.ok(long.messages[1]!.content.length < MAX_SOURCE_CHARS + 200);
  });
  it('a source without backticks gets a three-backtick fence; a language id that is not a plain name is left off; backticks leave the name', () => {
    const r = buildDocumentRequest('Explain', { text: 'plain words', name: 'notes `draft`.txt', languageId: 'plain text' });
    assert.equal(r.messages[1]!.content, 'Explain\n\nSource (`notes draft.txt`):\n\n```\nplain words\n```');
    const ok = buildDocumentRequest('Explain', { text: 'x', name: 'a.cs', languageId: 'c#' });
    assert.equal(ok.messages[1]!.content, 'Explain\n\nSource (`a.cs`):\n\n```c#\nx\n```');
  });
  it('a source of exactly the limit is sent whole; a longer one is cut to exactly the limit and named as cut', () => {
    const whole = 'x'.repeat(MAX_SOURCE_CHARS);
    const atLimit = buildDocumentRequest('Summarise', { text: whole, name: 'big.txt', languageId: 'plaintext' });
    assert.equal(atLimit.note, undefined);
    assert.equal(atLimit.messages[1]!.content, `Summarise\n\nSource (\`big.txt\`):\n\n\`\`\`plaintext\n${whole}\n\`\`\``);
    const over = buildDocumentRequest('Summarise', { text: whole + 'TAIL', name: 'big.txt', languageId: 'plaintext' });
    assert.ok(over.note);
    assert.equal(over.messages[1]!.content, `Summarise\n\nSource (\`big.txt\`, cut):\n\n\`\`\`plaintext\n${whole}\n\`\`\``);
  });
});
