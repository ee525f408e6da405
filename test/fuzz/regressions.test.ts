// Inputs the long fuzz runs found, reduced to their cause; each must pass every check of the fuzzer.
import * as assert from 'node:assert/strict';
import { parseDocument, isMap, isSeq, type Scalar } from 'yaml';
import { checkInput } from '../../fuzz/engineCheck';
import { scalarExpressions } from '../../engine/workflow/expressions';
import { applyEdits } from '../../engine/fixes';
import { RULES } from '../../rules';
import { check } from '../hardening/helpers';

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

describe('fuzz regressions: fixes that replace a scalar replace its source text, not the length of its value', () => {
  const DEPENDS = 'services:\n  redis:\n    image: redis:7\n    healthcheck:\n      test: ["CMD", "redis-cli", "ping"]\n  app:\n    image: app:1\n    depends_on:\n      redis:\n        condition: ';
  const fixed = (text: string, ruleId: string) => {
    const r = check({ 'docker-compose.yml': text }, { rules: RULES.filter((x) => x.id === ruleId) });
    assert.deepEqual(r.failures, []);
    const fixes = r.findings.flatMap((f) => f.fixes);
    assert.equal(fixes.length, 1, `one fix for ${JSON.stringify(text)}`);
    return applyEdits(text, fixes[0].edits);
  };

  // Seed 1, input 36033: `condition:` with nothing after it at the end of the file; the edit
  // covered "null".length characters past the end.
  for (const [value, after] of [['', ''], ['', '\n'], ['~', '\n'], ['"service\\u005fstarted"', '\n'], ['"service_started"', ' # note\n'], ["''", '\n'], ['service_started', '\n  other:\n    image: x\n']] as const) {
    it(`compose-healthcheck: ${JSON.stringify(`condition: ${value}${after}`)}${after ? '' : ' at the end of the file'}`, () => {
      const text = `${DEPENDS}${value}${after}`;
      const quoted = value === '"service_started"' || value === "''";
      const expected = `${DEPENDS}${quoted ? `${value[0]}service_healthy${value[0]}` : 'service_healthy'}${after}`;
      assert.equal(fixed(text, 'compose-healthcheck'), expected);
      assert.equal(checkInput({ index: -1, origin: 'regression', path: 'docker-compose.yml', kind: 'compose', text }), undefined);
    });
  }

  for (const [value, after, replaced] of [['', '', '127.0.0.1'], ['"0.0.0.0"', '\n', '"127.0.0.1"'], ['0.0.0.0', '\n', '127.0.0.1'], ['"0.0.0.\\x30"', '\n', '127.0.0.1']] as const) {
    it(`public-datastore-port: ${JSON.stringify(`host_ip: ${value}${after}`)}${after ? '' : ' at the end of the file'}`, () => {
      const head = 'services:\n  db:\n    image: postgres:16\n    ports:\n      - target: 5432\n        published: 5432\n        host_ip: ';
      assert.equal(fixed(`${head}${value}${after}`, 'public-datastore-port'), `${head}${replaced}${after}`);
      assert.equal(checkInput({ index: -1, origin: 'regression', path: 'docker-compose.yml', kind: 'compose', text: `${head}${value}${after}` }), undefined);
    });
  }
});
