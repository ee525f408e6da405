import * as assert from 'node:assert/strict';
import { positionTexts, samePlain, sameTexts } from '../../server/samePublication';
import type { TextSource } from '../../server/convert';
import type { Finding } from '../../engine/types';

const finding = (over: Partial<Finding> = {}): Finding => ({
  ruleId: 'render-broken-reference', severity: 'error', category: 'correctness', file: 'render.yaml',
  range: { start: 10, end: 20 }, message: 'm', fixes: [{ title: 't', safe: true, edits: [{ file: '.env.example', start: 0, end: 0, newText: 'A=\n' }] }],
  related: [{ file: 'other/render.yaml', range: { start: 1, end: 2 }, message: 'there' }], ...over,
});

function source(texts: Record<string, string>): TextSource {
  return { text: (f) => texts[f], uri: (f) => `file:///w/${f}`, version: () => null };
}

describe('re-publication check (server/samePublication)', () => {
  it('compares findings structurally, down to fix edits and related ranges', () => {
    assert.equal(samePlain([finding()], [finding()]), true);
    assert.equal(samePlain([finding()], [finding({ range: { start: 10, end: 21 } })]), false);
    assert.equal(samePlain([finding()], [finding({ related: [{ file: 'other/render.yaml', range: { start: 1, end: 3 }, message: 'there' }] })]), false);
    const edited = finding();
    edited.fixes[0].edits[0].newText = 'B=\n';
    assert.equal(samePlain([finding()], [edited]), false);
    assert.equal(samePlain([finding()], [finding(), finding()]), false);
    assert.equal(samePlain({ a: undefined }, {}), false);
    assert.equal(samePlain([], {}), false);
  });

  it('keeps the texts of the file and of every file its related information points into', () => {
    const texts = { 'render.yaml': 'a', 'other/render.yaml': 'b', 'unrelated.yml': 'c' };
    const kept = positionTexts('render.yaml', [finding()], source(texts));
    assert.deepEqual([...kept.keys()], ['render.yaml', 'other/render.yaml']);
    assert.equal(sameTexts(kept, source(texts)), true);
    assert.equal(sameTexts(kept, source({ ...texts, 'unrelated.yml': 'changed' })), true);
    assert.equal(sameTexts(kept, source({ ...texts, 'other/render.yaml': 'b\n' })), false, 'a related position may have moved');
    assert.equal(sameTexts(kept, source({ ...texts, 'render.yaml': 'a\n' })), false);
  });
});
