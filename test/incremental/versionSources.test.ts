// The production version sources keep each blueprint's services' contributions (the Dockerfile a
// Docker service builds, a service's version variables), and the Dockerfiles Render services build,
// between keystrokes and look again only at the edited services. After every edit (a version typed, services added, removed and moved, a
// group's version changed, a service turned to Docker, random edits), the sources and the version
// findings must be what the same text read from scratch gives.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FolderState } from '../../server/folder';
import { runRules } from '../../engine/runner';
import { productionSources } from '../../engine/versions/production';
import { RULES } from '../../rules';
import { RenderPair, randomEditsAgree } from '../helpers/renderPair';

const rules = RULES.filter((r) => r.id === 'runtime-version-mismatch' || r.id === 'env-conflicting-flags');

function service(k: number): string {
  const docker = k % 6 === 5;
  return [
    '  - type: web',
    `    name: svc-${k}`,
    `    runtime: ${docker ? 'docker' : k % 2 ? 'python' : 'node'}`,
    `    rootDir: app-${k % 4}`,
    '    envVars:',
    ...(k % 3 === 0 ? ['      - key: NODE_VERSION', `        value: "${18 + (k % 3)}.${k}.0"`] : []),
    ...(k % 5 === 1 ? ['      - key: PYTHON_VERSION', `        value: 3.${9 + (k % 3)}.1`] : []),
    '      - key: LOG_LEVEL',
    '        value: info',
    ...(k % 4 === 2 ? ['      - fromGroup: versions'] : []),
  ].join('\n');
}

function blueprint(n: number): string {
  const services = Array.from({ length: n }, (_, k) => service(k));
  return `services:\n${services.join('\n')}\nenvVarGroups:\n  - name: versions\n    envVars:\n      - key: PYTHON_VERSION\n        value: "3.12.2"\n      - key: NODE_VERSION\n        value: 20.11.0\n`;
}

const WORKFLOW = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 16\n      - uses: actions/setup-python@v5\n        with:\n          python-version: "3.8"\n';

function sameSources(live: FolderState, fresh: FolderState, label: string): void {
  assert.deepEqual(productionSources(live.workspace, live.config.settings), productionSources(fresh.workspace, fresh.config.settings), label);
}

describe('incremental production version sources', function () {
  this.timeout(300_000);
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-version-sources-'));
    fs.writeFileSync(path.join(root, 'render.yaml'), blueprint(30));
    for (let d = 0; d < 4; d++) {
      fs.mkdirSync(path.join(root, `app-${d}`));
      fs.writeFileSync(path.join(root, `app-${d}`, 'package.json'), `{ "name": "app-${d}", "engines": { "node": "${16 + 2 * d}.x" } }\n`);
    }
    fs.writeFileSync(path.join(root, 'app-1', 'Dockerfile'), 'FROM python:3.10-slim\nENV PYTHONUNBUFFERED=1 FLASK_DEBUG=1\nCMD ["python", "app.py"]\n');
    fs.mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true });
    fs.writeFileSync(path.join(root, '.github', 'workflows', 'ci.yml'), WORKFLOW);
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('are what a whole read gives as versions, services and groups change', () => {
    const pair = new RenderPair(root, rules, sameSources);
    assert.ok(productionSources(pair.live.workspace, pair.live.config.settings).some((s) => s.kind === 'render-env'));
    const first = runRules(pair.live.workspace, rules, pair.live.config, { incremental: true }).findings;
    assert.ok(first.some((f) => f.ruleId === 'env-conflicting-flags') && first.some((f) => f.ruleId === 'runtime-version-mismatch'));
    const steps: [string, string, string][] = [
      ['        value: "18.3.0"\n', '        value: "18.3.1"\n', 'a version is typed'],
      ['    name: svc-4\n    runtime: node\n', '    name: svc-4\n    runtime: node\n    plan: starter\n', 'an edit that leaves the versions alone'],
      ['  - type: web\n    name: svc-10\n', `${service(60)}\n  - type: web\n    name: svc-10\n`, 'a service with a version is added in the middle'],
      ['services:\n', `services:\n${service(61)}\n`, 'a service is added first'],
      [`${service(7)}\n`, '', 'a service is removed'],
      ['    name: svc-8\n    runtime: node\n', '    name: svc-8\n    runtime: docker\n', 'a service turns to Docker'],
      ['    name: svc-5\n    runtime: docker\n', '    name: svc-5\n    runtime: python\n', 'and one from Docker'],
      ['        value: "3.12.2"\n', '        value: "3.11.4"\n', "the group's version changes"],
      ['  - name: versions\n', '  - name: versions-2\n', 'the group is renamed'],
      ['  - name: versions-2\n', '  - name: versions\n', 'and named back'],
      ['      - key: NODE_VERSION\n        value: "18.0.0"\n', '      - key: NODE_VERSION\n        value: "18.0.0"\n      - fromGroup: versions\n', 'a service takes the group'],
    ];
    pair.steps(steps);
  });

  it('are what a whole read gives over random edits', () => {
    randomEditsAgree(() => new RenderPair(root, rules, sameSources), 100);
  });
});
