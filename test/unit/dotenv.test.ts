import * as assert from 'node:assert/strict';
import { parseDotenv } from '../../engine/parse/dotenv';

describe('dotenv parser', () => {
  it('keeps exact offsets of keys, values, quotes, comments and export', () => {
    const text = '# top\nexport API_URL="https://x.test/a b" # note\nPLAIN=value # c\nEMPTY=\nSINGLE=\'$raw\'\n';
    const env = parseDotenv(text);
    assert.deepEqual(env.comments.map((c) => c.text), ['# top']);
    const [a, b, c, d] = env.entries;
    assert.equal(a.key, 'API_URL');
    assert.equal(text.slice(a.exportRange!.start, a.exportRange!.end), 'export');
    assert.equal(text.slice(a.keyRange.start, a.keyRange.end), 'API_URL');
    assert.equal(text.slice(a.valueRange.start, a.valueRange.end), '"https://x.test/a b"');
    assert.equal(a.value, 'https://x.test/a b');
    assert.equal(a.quote, '"');
    assert.equal(a.comment!.text, '# note');
    assert.equal(b.value, 'value');
    assert.equal(b.comment!.text, '# c');
    assert.equal(c.value, '');
    assert.equal(c.rawValue, '');
    assert.equal(d.value, '$raw');
    assert.equal(d.quote, "'");
    assert.equal(a.line, 1);
    assert.equal(d.line, 4);
    assert.ok(env.endsWithNewline);
  });

  it('reads multi-line double-quoted values and counts lines after them', () => {
    const env = parseDotenv('KEY="line1\nline2"\nNEXT=1');
    assert.equal(env.entries[0].value, 'line1\nline2');
    assert.equal(env.entries[1].key, 'NEXT');
    assert.equal(env.entries[1].line, 2);
    assert.equal(env.endsWithNewline, false);
  });

  it('records unbalanced quotes, invalid lines, CRLF and BOM', () => {
    const text = '\uFEFFA=1\r\nB=\'open\r\nnot a line\r\nC=3\r\n';
    const env = parseDotenv(text);
    assert.ok(env.hasBom);
    assert.deepEqual(env.entries.map((e) => [e.key, e.value, e.closed, e.line]), [['A', '1', true, 0], ['B', "'open", false, 1], ['C', '3', true, 3]]);
    assert.deepEqual(env.invalidLines.map((l) => [l.line, text.slice(l.range.start, l.range.end)]), [[2, 'not a line']]);
  });

  it('treats # without a preceding space as part of an unquoted value', () => {
    const env = parseDotenv('URL=https://x.test/#frag\nCOLOR=#fff # white\n');
    assert.equal(env.entries[0].value, 'https://x.test/#frag');
    assert.equal(env.entries[1].value, '#fff');
  });
});
