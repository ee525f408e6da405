// render-unused-env-group counts the groups each service names and, between keystrokes, counts
// again only the edited services. After every edit (a service stops naming a group, names another,
// is added or removed, a group is renamed, a project environment's services change, random edits),
// its findings must be what a check of the same text from scratch reports.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULES } from '../../rules';
import { RenderPair, randomEditsAgree } from '../helpers/renderPair';

const rules = RULES.filter((r) => r.id === 'render-unused-env-group');

function service(k: number, group: string): string {
  return [`  - type: web`, `    name: svc-${k}`, '    runtime: node', '    envVars:', '      - key: A', '        value: b', `      - fromGroup: ${group}`].join('\n');
}

function blueprint(): string {
  const services = Array.from({ length: 12 }, (_, k) => service(k, k === 3 ? 'alpha' : k === 8 ? 'beta' : 'common'));
  const groups = ['alpha', 'beta', 'common', 'spare'].map((g) => `  - name: ${g}\n    envVars:\n      - key: ${g.toUpperCase()}\n        value: x`);
  const project = 'projects:\n  - name: p\n    environments:\n      - name: prod\n        services:\n          - type: web\n            name: env-svc\n            runtime: node\n            envVars:\n              - fromGroup: local\n        envVarGroups:\n          - name: local\n            envVars:\n              - key: L\n                value: y\n';
  return `services:\n${services.join('\n')}\nenvVarGroups:\n${groups.join('\n')}\n${project}`;
}

describe('incremental render-unused-env-group', function () {
  this.timeout(300_000);
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-unused-group-'));
    fs.writeFileSync(path.join(root, 'render.yaml'), blueprint());
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports what a whole check reports as services name other groups', () => {
    const pair = new RenderPair(root, rules);
    const steps: [string, string, string][] = [
      ['      - fromGroup: alpha\n', '      - fromGroup: spare\n', 'the only user of a group names another'],
      ['      - fromGroup: spare\n', '', 'and names none'],
      [`${service(8, 'beta')}\n`, '', 'the only user of a group is removed'],
      ['envVarGroups:\n', `${service(20, 'beta')}\nenvVarGroups:\n`, 'a user is added at the end'],
      ['services:\n', `services:\n${service(21, 'alpha')}\n`, 'a user is added first'],
      ['  - name: common\n', '  - name: commons\n', 'a group is renamed'],
      ['              - fromGroup: local\n', '              - fromGroup: common\n', "an environment's service names a root group"],
      ['              - fromGroup: common\n', '              - fromGroup: local\n', 'and its own again'],
    ];
    pair.steps(steps);
  });

  it('reports what a whole check reports over random edits', () => {
    randomEditsAgree(() => new RenderPair(root, rules), 120);
  });
});
