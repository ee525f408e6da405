// Runs every fixture case under test/fixtures/<rule-id>/<case>/ (format: see test/fixtures/README.md).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyFixesOnDisk, audit, copyDir, fakeGit, position, ruleById, tmpDir } from './helpers/workspace';

interface Expected {
  findings: { file: string; line: number; column: number; message?: string }[];
  git?: { tracked: string[] };
}

const root = path.join(__dirname, 'fixtures');
const ruleDirs = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory()).sort() : [];

function listFiles(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, r) : [r];
  });
}

for (const ruleId of ruleDirs) {
  describe(`fixtures: ${ruleId}`, () => {
    const cases = fs.readdirSync(path.join(root, ruleId)).filter((c) => fs.existsSync(path.join(root, ruleId, c, 'expect.json'))).sort();
    it('has at least one valid and one invalid case', () => {
      assert.ok(cases.some((c) => c.startsWith('valid')), 'no valid-* case');
      assert.ok(cases.some((c) => c.startsWith('invalid')), 'no invalid-* case');
    });
    for (const c of cases) {
      it(c, () => {
        const src = path.join(root, ruleId, c);
        const expected = JSON.parse(fs.readFileSync(path.join(src, 'expect.json'), 'utf8')) as Expected;
        const dir = tmpDir();
        copyDir(src, dir, (rel) => rel === 'expect.json' || rel === '__fixed__' || rel.startsWith('__fixed__/'));
        const git = expected.git ? fakeGit(expected.git.tracked) : null;
        ruleById(ruleId);
        const result = audit(dir, { only: [ruleId], git });
        const actual = result.findings.filter((f) => f.ruleId === ruleId);
        const shown = actual.map((f) => ({ file: f.file, ...position(result, f), message: f.message }));
        assert.equal(actual.length, expected.findings.length, `findings:\n${JSON.stringify(shown, null, 2)}`);
        expected.findings.forEach((e, i) => {
          assert.deepEqual({ file: shown[i].file, line: shown[i].line, column: shown[i].column }, { file: e.file, line: e.line, column: e.column }, `finding ${i}: ${JSON.stringify(shown[i])}`);
          if (e.message) assert.ok(shown[i].message.includes(e.message), `finding ${i} message "${shown[i].message}" lacks "${e.message}"`);
        });
        const fixedDir = path.join(src, '__fixed__');
        if (!fs.existsSync(fixedDir)) return;
        applyFixesOnDisk(dir, actual);
        for (const rel of listFiles(fixedDir)) {
          assert.equal(fs.readFileSync(path.join(dir, rel), 'utf8'), fs.readFileSync(path.join(fixedDir, rel), 'utf8'), `fixed ${rel}`);
        }
        const again = audit(dir, { only: [ruleId, 'yaml-syntax'], git });
        assert.deepEqual(again.findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => f.message), [], 'fixed files re-parse');
        const changed = applyFixesOnDisk(dir, again.findings.filter((f) => f.ruleId === ruleId));
        assert.deepEqual(changed, [], 'a second fix pass changes nothing');
      });
    }
  });
}
