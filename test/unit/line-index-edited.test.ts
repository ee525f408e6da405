// A line index updated for an edit must equal one built from scratch: line starts, and every
// offset's position, with LF, CRLF and lone CR line breaks meeting the edit's ends.
import * as assert from 'node:assert/strict';
import { LineIndex } from '../../engine/text/lineIndex';
import { textChange } from '../../engine/parse/incremental';
import { prng } from '../helpers/randomEdits';

const PIECES = ['a', 'bc', ' ', '\n', '\r', '\r\n', '\n\n', '\r\r', 'x\r\ny'];

function randomText(rand: () => number, pieces: number): string {
  let s = rand() < 0.1 ? '\uFEFF' : '';
  for (let i = 0; i < pieces; i++) s += PIECES[Math.floor(rand() * PIECES.length)];
  return s;
}

function same(a: LineIndex, b: LineIndex, text: string, label: string): void {
  assert.equal(a.lineCount, b.lineCount, label);
  for (let l = 0; l < a.lineCount; l++) assert.equal(a.lineStart(l), b.lineStart(l), `${label}: line ${l}`);
  for (let o = 0; o <= text.length; o++) assert.deepEqual(a.positionAt(o), b.positionAt(o), `${label}: offset ${o}`);
}

describe('LineIndex.edited', () => {
  it('equals a fresh index after random edits around line breaks', () => {
    const rand = prng(42);
    for (let round = 0; round < 3000; round++) {
      const before = randomText(rand, 1 + Math.floor(rand() * 12));
      const start = Math.floor(rand() * (before.length + 1));
      const end = Math.min(before.length, start + Math.floor(rand() * 4));
      const after = before.slice(0, start) + randomText(rand, Math.floor(rand() * 3)).replace('\uFEFF', '') + before.slice(end);
      const edited = LineIndex.edited(new LineIndex(before), after, textChange(before, after));
      same(edited, new LineIndex(after), after, `${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
    }
  });

  it('equals a fresh index along a chain of edits, each taking over the previous index', () => {
    const rand = prng(7);
    let text = randomText(rand, 40);
    let index = new LineIndex(text);
    for (let step = 0; step < 2000; step++) {
      const start = Math.floor(rand() * (text.length + 1));
      const end = Math.min(text.length, start + Math.floor(rand() * 4));
      const after = text.slice(0, start) + randomText(rand, Math.floor(rand() * 3)).replace('\uFEFF', '') + text.slice(end);
      index = LineIndex.edited(index, after, textChange(text, after));
      same(index, new LineIndex(after), after, `step ${step}`);
      text = after.length > 400 ? randomText(rand, 40) : after;
      if (text !== after) index = new LineIndex(text);
    }
  });
});
