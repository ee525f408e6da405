// Inputs the long fuzz runs found, reduced to their cause; each must pass every check of the fuzzer.
import * as assert from 'node:assert/strict';
import { parseDocument, isMap, isSeq, type Scalar } from 'yaml';
import { checkInput } from '../../fuzz/engineCheck';
import { scalarExpressions } from '../../engine/workflow/expressions';
import { applyEdits } from '../../engine/fixes';
import { RULES } from '../../rules';
import { check } from '../hardening/helpers';
import { suggest } from '../../engine/text/suggest';
import { groupDigits } from '../../engine/text/numbers';

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

describe('fuzz regressions: garbled and hostile files stay cheap', () => {
  it('yaml-syntax lists the first 100 parse errors and counts the rest in one more finding (seed 1, inputs 1504 and 2355 of the nesting mutation: 70,000+ errors)', () => {
    const text = `services:\n  web:\n    image: nginx:1.27\n${'x: "a" b\n'.repeat(150)}`;
    const r = check({ 'docker-compose.yml': text }, { rules: RULES.filter((x) => x.id === 'yaml-syntax') });
    const parseErrors = r.ws.get('docker-compose.yml')!;
    assert.equal(parseErrors.format, 'yaml');
    const total = parseErrors.format === 'yaml' ? parseErrors.parseErrors.filter((e) => e.code !== 'DUPLICATE_KEY').length : 0;
    assert.ok(total > 101, `${total} parse errors`);
    assert.equal(r.findings.length, 101);
    const last = r.findings[100];
    assert.equal(last.message, `${groupDigits(total - 100)} more YAML errors from here on are not listed; fix the ones above first (later errors often follow from them).`);
    assert.ok(last.range.start >= r.findings[99].range.start);
  });

  it('groups digits as en-US does, without loading ICU (its first use mapped 5 MB into the server during the soak)', () => {
    for (const n of [0, 7, 999, 1000, 61234, 1000000, -1234567, 1234.5]) assert.equal(groupDigits(n), n.toLocaleString('en-US', { maximumFractionDigits: 20 }));
  });

  it('"did you mean" skips candidates too different in length to be within reach (seed 1, input 234: a 37,000-character key took render-unknown-field over a second)', () => {
    assert.deepEqual(suggest('autoDeplo', ['autoDeploy', 'autoDeployTrigger']), { value: 'autoDeploy', certain: true });
    assert.deepEqual(suggest('plna', ['plan', 'name']), { value: 'plan', certain: true });
    assert.equal(suggest(`autoDeplo${'- '.repeat(18000)}`, ['autoDeploy', 'autoDeployTrigger']), undefined);
    const text = `services:\n  - type: web\n    name: api\n    runtime: node\n    autoDeplo${'- '.repeat(18000)}: true\n`;
    const r = check({ 'render.yaml': text }, { rules: RULES.filter((x) => x.id === 'render-unknown-field') });
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.range.start, f.fixes.length]), [['render-unknown-field', text.indexOf('autoDeplo'), 0]]);
    assert.equal(checkInput({ index: -1, origin: 'regression', path: 'render.yaml', kind: 'render', text }), undefined);
  });
});
