import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
// What the installed extension needs at run time, and nothing else.
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^dist\/(extension|server|cli)\.js$/, /^docs\/rules\/[a-z0-9-]+\.md$/, /^syntaxes\/[\w.-]+\.json$/, /^language-configuration\/[\w.-]+\.json$/, /^schemas\/[\w.-]+\.json$/, /^docs\/images\/[\w.-]+\.png$/];

describe('VSIX contents', function () {
  this.timeout(60000);
  it('holds only the bundles, docs, grammar, schemas and manifest', () => {
    const r = spawnSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    assert.ok(files.includes('dist/server.js') && files.includes('dist/extension.js') && files.includes('dist/cli.js'), files.join(', '));
    const unexpected = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
    assert.deepEqual(unexpected, []);
  });
});
