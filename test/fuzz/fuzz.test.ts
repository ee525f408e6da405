// The CI pass of `npm run fuzz`: a short, fixed-seed run in engine mode and a shorter one through
// the language server over stdio. Any crash fails with the input's origin and how to replay it.
// Slowness is not asserted here (no timed assertions); the long runs in docs/robustness.md are.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleServer } from '../../fuzz/bundle';
import { checkInput } from '../../fuzz/engineCheck';
import { makeInput, seedFiles } from '../../fuzz/inputs';
import { ServerSession } from '../../fuzz/serverCheck';
import type { FileRule } from '../../engine/types';

const SEED = 1;

describe('fuzz: short fixed-seed pass', function () {
  this.timeout(240000);

  it('has seed files to mutate, from the fixtures at least', () => {
    assert.ok(seedFiles().some((s) => s.origin.startsWith('fixtures/')), 'fixture files are seeds');
    assert.deepEqual(new Set(seedFiles().map((s) => s.kind)), new Set(['compose', 'render', 'workflow', 'dotenv']));
  });

  it('makes the same input from the same seed and index', () => {
    assert.deepEqual(makeInput(SEED, 123), makeInput(SEED, 123));
    assert.notDeepEqual(makeInput(SEED, 123).text, makeInput(SEED, 124).text);
  });

  it('engine: 120 inputs, every rule and every fix re-checked, without a crash', () => {
    const crashes: string[] = [];
    for (let i = 0; i < 120; i++) {
      const input = makeInput(SEED, i);
      const problem = checkInput(input);
      if (problem) crashes.push(`#${i} ${input.origin} as ${input.path} (npm run fuzz -- --seed ${SEED} --from ${i} --iterations 1): ${problem.detail}`);
    }
    assert.deepEqual(crashes, []);
  });

  it('the checks themselves catch a throwing rule, a range outside its file and a fix edit outside it', () => {
    const input = { index: -1, origin: 'test', path: 'docker-compose.yml', kind: 'compose' as const, text: 'services:\n  api:\n    image: nginx:latest\n' };
    const rule = (id: string, check: FileRule['check']): FileRule => ({ id, meta: { scope: 'file', kinds: ['compose'], category: 'correctness', severity: 'warning', description: id, fixable: false }, check });
    const end = input.text.length;
    assert.equal(checkInput(input, 4, [rule('quiet', () => undefined)]), undefined, 'a rule that reports nothing passes');
    assert.match(checkInput(input, 4, [rule('boom', () => { throw new Error('boom'); })])?.detail ?? '', /rule boom stopped on docker-compose\.yml: Error: boom/);
    assert.match(checkInput(input, 4, [rule('far', (ctx) => ctx.report({ range: { start: 0, end: end + 1 }, message: 'x' }))])?.detail ?? '', /far range 0\.\.\d+ outside docker-compose\.yml/);
    const badFix = rule('badfix', (ctx) => ctx.report({ range: { start: 0, end: 1 }, message: 'x', fix: { title: 't', safe: true, edits: [{ file: 'docker-compose.yml', start: end, end: end + 5, newText: '' }] } }));
    assert.match(checkInput(input, 4, [badFix])?.detail ?? '', /badfix fix "t" edits \d+\.\.\d+ outside docker-compose\.yml/);
  });

  it('server over stdio: 30 inputs opened, diagnostics checked against the text, fix-all asked, closed', async () => {
    const serverJs = await bundleServer();
    const session = new ServerSession(serverJs);
    const crashes: string[] = [];
    try {
      await session.start();
      for (let i = 0; i < 30; i++) {
        const input = makeInput(SEED, i);
        const { problem } = await session.check(input, Infinity);
        if (problem) crashes.push(`#${i} ${input.origin} as ${input.path} (npm run fuzz -- --server --seed ${SEED} --from ${i} --iterations 1): ${problem.detail}`);
        if (session.exited) break;
      }
      assert.equal(session.exited, false, 'the server is still running');
    } finally {
      await session.dispose();
      fs.rmSync(path.dirname(serverJs), { recursive: true, force: true });
    }
    assert.deepEqual(crashes, []);
  });
});
