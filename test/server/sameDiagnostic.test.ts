import * as assert from 'node:assert/strict';
import { PositionCache, sameDiagnostic, toDiagnostic, type TextSource } from '../../server/convert';
import { LineIndex } from '../../engine/text/lineIndex';
import type { Finding } from '../../engine/types';

function source(texts: Record<string, string>): TextSource {
  return { text: (f) => texts[f], uri: (f) => `file:///w/${f}`, version: () => null };
}

const finding = (start: number, over: Partial<Finding> = {}): Finding => ({
  ruleId: 'render-invalid-value', severity: 'warning', category: 'correctness', file: 'render.yaml',
  range: { start, end: start + 10 }, message: '`autoDeploy` is deprecated', fixes: [],
  related: [{ file: 'render.yaml', range: { start: 0, end: 8 }, message: 'here' }], ...over,
});

describe('diagnostics kept from the last publication (server/convert sameDiagnostic)', () => {
  const before = 'services:\n  - name: a\n    autoDeploy: true\n  - name: b\n    autoDeploy: true\n';
  const at = (text: string, line: number) => text.indexOf('autoDeploy', text.indexOf(line === 2 ? '- name: a' : '- name: b'));

  it('keeps the diagnostic of a finding whose offsets moved while its line and columns did not', () => {
    const was = finding(at(before, 4));
    const published = toDiagnostic(was, 1, new PositionCache(source({ 'render.yaml': before })), source({ 'render.yaml': before }));
    // A character typed on the line of service a moves b's finding by one offset, not its position.
    const after = before.replace('name: a', 'name: ax');
    const now = finding(at(after, 4));
    const positions = new PositionCache(source({ 'render.yaml': after }));
    assert.equal(now.range.start, was.range.start + 1);
    assert.equal(sameDiagnostic(now, 1, positions, source({ 'render.yaml': after }), was, published), published);
    assert.deepEqual(published, toDiagnostic(now, 1, positions, source({ 'render.yaml': after })));
  });

  it('makes a new one when the line, the message, the place in the list or a related position changed', () => {
    const was = finding(at(before, 4));
    const published = toDiagnostic(was, 1, new PositionCache(source({ 'render.yaml': before })), source({ 'render.yaml': before }));
    const newline = before.replace('name: a', 'name: a\n    plan: free');
    const moved = finding(at(newline, 4));
    const src = source({ 'render.yaml': newline });
    assert.equal(sameDiagnostic(moved, 1, new PositionCache(src), src, was, published), undefined, 'one line further down');
    const same = source({ 'render.yaml': before });
    const positions = new PositionCache(same);
    assert.equal(sameDiagnostic(finding(at(before, 4), { message: 'other' }), 1, positions, same, was, published), undefined);
    assert.equal(sameDiagnostic(was, 0, positions, same, was, published), undefined);
    assert.equal(sameDiagnostic(finding(at(before, 4), { related: [{ file: 'render.yaml', range: { start: 1, end: 8 }, message: 'here' }] }), 1, positions, same, was, published), undefined);
    assert.equal(sameDiagnostic(finding(at(before, 4), { related: [] }), 1, positions, same, was, published), undefined);
    assert.equal(sameDiagnostic(finding(at(before, 4), { severity: 'error' }), 1, positions, same, was, published), undefined);
    assert.equal(sameDiagnostic(was, 1, positions, same, undefined, published), undefined);
  });

  it('LineIndex.isAt agrees with positionAt, CRLF and BOM included', () => {
    for (const text of ['a\nbc\n\nd', 'a\r\nbc\r\n', '\uFEFFab\ncd']) {
      const idx = new LineIndex(text);
      for (let o = -1; o <= text.length + 1; o++) {
        const p = idx.positionAt(o);
        assert.equal(idx.isAt(o, p), true, `${JSON.stringify(text)} @${o}`);
        assert.equal(idx.isAt(o, { line: p.line, character: p.character + 1 }), false);
        assert.equal(idx.isAt(o, { line: p.line + 1, character: p.character }), false);
      }
    }
  });
});
