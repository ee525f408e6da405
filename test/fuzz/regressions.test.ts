// Inputs the long fuzz runs found, reduced to their cause; each must pass every check of the fuzzer.
import * as assert from 'node:assert/strict';
import { parseDocument, isMap, isSeq, type Scalar } from 'yaml';
import { checkInput } from '../../fuzz/engineCheck';
import { scalarExpressions } from '../../engine/workflow/expressions';

const workflow = (run: string) => `on: [pull_request_target, issues]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          ${run}`;

describe('fuzz regressions', () => {
  it('an unclosed ${{ at the end of a block scalar, with no final line break, ends at the end of the file', () => {
    const text = workflow('echo ${{ github.event.issue.title');
    const doc = parseDocument(text);
    const steps = doc.getIn(['jobs', 'a', 'steps']);
    assert.ok(isSeq(steps) && isMap(steps.items[0]));
    const run = (steps.items[0] as { get: (k: string, keep: true) => Scalar }).get('run', true);
    const [e] = scalarExpressions(text, run);
    assert.deepEqual({ closed: e.closed, start: e.range.start, end: e.range.end }, { closed: false, start: text.indexOf('${{'), end: text.length });
  });

  for (const [name, run] of [
    ['workflow-script-injection (seed 1, input 40433)', 'echo ${{ github.event.issue.title'],
    ['workflow-permissions (seed 1, input 48903)', 'echo "${{ secrets.TOKEN '],
  ] as const) {
    it(`${name}: no range past the end of the file`, () => {
      assert.equal(checkInput({ index: -1, origin: name, path: '.github/workflows/ci.yml', kind: 'workflow', text: workflow(run) }), undefined);
    });
  }
});
