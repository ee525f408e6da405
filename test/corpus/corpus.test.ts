import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDirectory } from '../../engine/audit';
import { defaultConfig } from '../../engine/config';
import { skipBecause } from '../helpers/skip';

const CORPUS = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

describe('corpus: every rule on every real repository', function () {
  this.timeout(120000);
  if (!fs.existsSync(CORPUS)) {
    it('is skipped because ../shared/corpus is absent', function () {
      skipBecause(this, '../shared/corpus is absent');
    });
    return;
  }
  const repos = fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory()).sort();

  it('has repositories to audit', () => {
    assert.ok(repos.length >= 40, `${repos.length} repositories`);
  });

  it('audits all of them without an internal error', () => {
    const failures: string[] = [];
    let files = 0;
    for (const repo of repos) {
      const result = auditDirectory(path.join(CORPUS, repo), { config: defaultConfig(), git: null });
      files += result.fileCount;
      for (const f of result.failures) failures.push(`${repo}: ${f.ruleId} on ${f.file ?? '(workspace)'}: ${f.error}`);
      for (const f of result.findings) {
        if (f.ruleId === 'readiness-internal') failures.push(`${repo}: ${f.file}: ${f.message}`);
        const src = result.workspace.get(f.file);
        if (src) assert.ok(f.range.start >= 0 && f.range.end <= src.text.length && f.range.start <= f.range.end, `${repo}/${f.file}: range inside the file for ${f.ruleId}`);
      }
    }
    assert.ok(files > 200, `${files} config files audited`);
    assert.deepEqual(failures, []);
  });
});
