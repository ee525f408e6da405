import * as assert from 'node:assert/strict';
import { isMap, isScalar } from 'yaml';
import { createSourceFile } from '../../engine/sourceFile';
import { contextRefs, decodedScalar, scalarExpressions } from '../../engine/workflow/expressions';
import { workflowModel } from '../../engine/workflow/model';
import { mapValue, rootMap } from '../../engine/yaml/ast';
import type { YamlSourceFile } from '../../engine/types';

function yaml(path: string, text: string): YamlSourceFile {
  const f = createSourceFile(path, 'workflow', text);
  assert.equal(f.format, 'yaml');
  return f as YamlSourceFile;
}

/** The file text at each expression's range, and at its body range. */
function located(text: string, key: string) {
  const f = yaml('.github/workflows/x.yml', text);
  const node = mapValue(rootMap(f), key);
  assert.ok(isScalar(node));
  return scalarExpressions(f.text, node).map((e) => ({ at: f.text.slice(e.range.start, e.range.end), body: f.text.slice(e.bodyRange.start, e.bodyRange.end), verbatim: e.verbatim, line: f.lines.positionAt(e.range.start) }));
}

describe('workflow expressions', () => {
  it('locates expressions in a literal block scalar through its indentation', () => {
    const text = 'run: |\n    echo "${{ github.event.issue.title }}"\n      indented ${{ inputs.name }}\n\n    tail ${{x}}\nnext: 1\n';
    const got = located(text, 'run');
    assert.deepEqual(got.map((g) => [g.at, g.body]), [
      ['${{ github.event.issue.title }}', 'github.event.issue.title'],
      ['${{ inputs.name }}', 'inputs.name'],
      ['${{x}}', 'x'],
    ]);
    assert.equal(text.indexOf('${{ github'), 17);
    assert.deepEqual(got[0].line, { line: 1, character: 10 });
    assert.deepEqual(got[1].line, { line: 2, character: 15 });
    assert.deepEqual(got[2].line, { line: 4, character: 9 });
  });

  it('locates expressions in a folded, stripped block scalar and in CRLF files', () => {
    const text = 'run: >-\r\n  first ${{ a.b }}\r\n  second\r\n\r\n  third ${{ c }}\r\n';
    const got = located(text, 'run');
    assert.deepEqual(got.map((g) => g.at), ['${{ a.b }}', '${{ c }}']);
    assert.deepEqual(got.map((g) => g.line), [{ line: 1, character: 8 }, { line: 4, character: 8 }]);
  });

  it('maps every value character of a block scalar back to the file', () => {
    const f = yaml('.github/workflows/x.yml', 'jobs:\n  a:\n    steps:\n      - run: |-\n          one\n            two\n          three\n');
    const step = workflowModel(f).jobs[0].steps[0];
    const d = decodedScalar(f.text, step.run!.node);
    assert.equal(d.exact, true);
    assert.equal(d.value, 'one\n  two\nthree');
    for (let i = 0; i < d.value.length; i++) if (d.value[i] !== '\n') assert.equal(f.text[d.offsets[i]], d.value[i], `index ${i}`);
  });

  it('locates expressions in quoted scalars with escapes before them', () => {
    const got = located('a: "say \\"hi\\" ${{ github.head_ref }}"\n', 'a');
    assert.deepEqual(got.map((g) => [g.at, g.verbatim]), [['${{ github.head_ref }}', true]]);
    const single = located("a: 'it''s ${{ github.event.comment.body }}'\n", 'a');
    assert.deepEqual(single.map((g) => g.at), ['${{ github.event.comment.body }}']);
    assert.deepEqual(single[0].line, { line: 0, character: 10 });
  });

  it('locates expressions in multi-line plain scalars and keeps `}}` inside string literals', () => {
    const got = located("a: echo\n  ${{ format('{0}}}', x) }} done\n", 'a');
    assert.deepEqual(got.map((g) => g.at), ["${{ format('{0}}}', x) }}"]);
    assert.deepEqual(got[0].line, { line: 1, character: 2 });
  });

  it('marks an expression split by an escape as not verbatim', () => {
    const got = located('a: "${{ github.\\x65vent.issue.title }}"\n', 'a');
    assert.equal(got.length, 1);
    assert.equal(got[0].verbatim, false);
  });

  it('finds context paths, normalising index access', () => {
    const refs = contextRefs("github.event['pull_request'].title || toJSON(github.event.commits[0].message) && 'github.x'");
    assert.deepEqual(refs.map((r) => [r.path, r.inFunction]), [
      ['github.event.pull_request.title', undefined],
      ['github.event.commits.[].message', 'tojson'],
    ]);
  });
});
