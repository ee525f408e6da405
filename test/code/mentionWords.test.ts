// Words of mention files counted from the change alone must be the words of a whole scan.
import * as assert from 'node:assert/strict';
import { countMentions, updateMentions } from '../../engine/code/mentionWords';
import { scanFile } from '../../engine/code/index';
import { renderFile, composeFile } from '../../bench/editScript';
import { applyEdit, prng, randomEdit } from '../helpers/randomEdits';

const sorted = (s: Iterable<string>) => [...s].sort();

describe('mention words kept across edits (engine/code/mentionWords)', () => {
  it('matches a whole scan after every one of 3,000 random edits, and says when the set changed', () => {
    for (const [name, start] of [['render.yaml', renderFile(6)], ['docker-compose.yml', composeFile(6)]] as const) {
      const rand = prng(name.length);
      const m = countMentions(start);
      let text = start;
      let prevWords = sorted(scanFile(name, text).words);
      for (let k = 0; k < 1500; k++) {
        const base = rand() < 0.05 ? start : text;
        // Typing upper-case names and joining/splitting words exercises the run boundaries.
        const at = Math.floor(rand() * base.length);
        const edit = rand() < 0.5 ? randomEdit(base, rand, false) : { start: at, end: Math.min(base.length, at + Math.floor(rand() * 3)), text: ['A', '_', 'B1', ' ', 'x', 'DB_URL', '\n'][Math.floor(rand() * 7)] };
        text = applyEdit(base, edit);
        const changed = updateMentions(m, text);
        const words = sorted(scanFile(name, text).words);
        assert.deepEqual(sorted(m.counts.keys()), words, `${name}, edit ${k}`);
        assert.equal(changed, JSON.stringify(words) !== JSON.stringify(prevWords), `${name}, edit ${k}: set change reported`);
        prevWords = words;
      }
    }
  });

  it('joins and splits words at the edge of the change', () => {
    const m = countMentions('A: FOO BAR\n');
    assert.equal(updateMentions(m, 'A: FOOBAR\n'), true);
    assert.deepEqual(sorted(m.counts.keys()), ['FOOBAR']);
    assert.equal(updateMentions(m, 'A: FOO_\n'), true);
    assert.deepEqual(sorted(m.counts.keys()), []);
    assert.equal(updateMentions(m, 'A: FOO_1 FOO_1\n'), true);
    assert.equal(updateMentions(m, 'A: FOO_1 FOO_1 x\n'), false);
    assert.equal(updateMentions(m, 'A: FOO_1 x\n'), false, 'one of two occurrences removed');
    assert.deepEqual(sorted(m.counts.keys()), ['FOO_1']);
  });
});
