import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'vscode-tmgrammar-test.cmd' : 'vscode-tmgrammar-test');

// The scope assertions live in the .test.env files themselves; this runs them inside the mocha
// totals so a broken grammar fails `npm test`.
describe('dotenv TextMate grammar', function () {
  this.timeout(60000);
  const cases = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.env'));

  it('has scope test files', () => {
    assert.ok(cases.length > 0);
  });

  for (const name of cases) {
    it(`matches every scope assertion in ${name}`, () => {
      const r = spawnSync(BIN, [path.join('test', 'grammar', name)], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /run successfuly/);
    });
  }
});
