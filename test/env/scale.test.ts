import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDirectory } from '../../engine/audit';
import { defaultConfig } from '../../engine/config';
import { loadWorkspace } from '../../engine/load';
import { indexSourcesAsync, sourceIndex } from '../../engine/code/index';
import { generateWorkspace } from '../helpers/generateWorkspace';
import { tmpDir } from '../helpers/workspace';
import { skipBecause } from '../helpers/skip';

const ENV_RULES = ['env-missing-required', 'env-undocumented', 'env-unused'];
const CORPUS = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

describe('environment rules at scale', function () {
  this.timeout(120000);

  it('index a generated 2,000-file workspace in the background and report exactly the planted reads', async () => {
    const ws = generateWorkspace(tmpDir('readiness-gen-'), 2000);
    const loaded = loadWorkspace(ws.root, defaultConfig(), { git: null });
    const progress: number[] = [];
    assert.equal(await indexSourcesAsync(loaded.workspace, (done) => progress.push(done)), true);
    assert.ok(progress.length > 0 && progress[progress.length - 1] === progress.reduce((a, b) => Math.max(a, b)), 'progress reported, ending at the total');
    const index = sourceIndex(loaded.workspace)!;
    const paths = index.files().map((f) => f.path);
    assert.equal(paths.filter((p) => p.startsWith('services/') && /\/mod\d+\./.test(p)).length, ws.sourceFiles);
    assert.deepEqual(paths.filter((p) => /node_modules|\/dist\/|^generated\/|huge\.js/.test(p)), [], 'dependencies, build output, ignored and oversized files are not read');

    const result = auditDirectory(ws.root, { config: defaultConfig(), git: null, only: ENV_RULES });
    assert.deepEqual(result.failures, []);
    const byRule = (id: string) => result.findings.filter((f) => f.ruleId === id);
    assert.equal(byRule('env-missing-required').length, ws.missingReads);
    assert.ok(byRule('env-missing-required').every((f) => /^MISSING_\d+ is read without a default/.test(f.message)));
    assert.deepEqual(byRule('env-undocumented').map((f) => f.message), []);
    assert.deepEqual(byRule('env-unused').map((f) => f.message), []);
  });

  it('index every corpus repository without an error', function () {
    if (!fs.existsSync(CORPUS)) skipBecause(this, '../shared/corpus is absent');
    const failures: string[] = [];
    for (const repo of fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory())) {
      const result = auditDirectory(path.join(CORPUS, repo), { config: defaultConfig(), git: null, only: ENV_RULES });
      failures.push(...result.failures.map((f) => `${repo}: ${f.ruleId}: ${f.error}`));
      failures.push(...result.findings.filter((f) => f.ruleId === 'readiness-internal').map((f) => `${repo}: ${f.message}`));
    }
    assert.deepEqual(failures, []);
  });
});
