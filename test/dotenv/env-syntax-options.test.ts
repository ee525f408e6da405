import * as assert from 'node:assert/strict';
import { auditDirectory } from '../../engine/audit';
import { defaultConfig } from '../../engine/config';
import { position, writeWorkspace } from '../helpers/workspace';

function run(files: Record<string, string>, options: Record<string, unknown>): string[] {
  const config = defaultConfig();
  config.rules['env-syntax'] = { severity: 'warning', options };
  const result = auditDirectory(writeWorkspace(files), { config, only: ['env-syntax'], git: null });
  return result.findings.map((f) => {
    const p = position(result, f);
    return `${f.file}:${p.line}:${p.column} ${f.message}`;
  });
}

describe('env-syntax options', () => {
  const env = '# app\nPORT=3000\nLOG_LEVEL=info\n\nAPI_URL=https://api\nDEBUG=false\nworkers=2\n';

  it('reports keys out of alphabetical order inside a group when order is on', () => {
    assert.deepEqual(run({ '.env.example': env }, { order: true, lowercaseKeys: false }), [
      '.env.example:3:1 LOG_LEVEL should come before PORT (keys are kept in alphabetical order in this project).',
    ]);
  });

  it('leaves order alone by default and reports lower-case keys unless lowercaseKeys is false', () => {
    assert.deepEqual(run({ '.env.example': env }, {}), [
      '.env.example:7:1 workers is not upper case; environment names are case-sensitive on Linux but not on Windows, so workers and WORKERS can silently swap. Use WORKERS.',
    ]);
    assert.deepEqual(run({ '.env.example': env }, { lowercaseKeys: false }), []);
  });
});
