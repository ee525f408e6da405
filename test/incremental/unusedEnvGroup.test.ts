// render-unused-env-group counts the groups each service names and, between keystrokes, counts
// again only the edited services. After every edit (a service stops naming a group, names another,
// is added or removed, a group is renamed, a project environment's services change, random edits),
// its findings must be what a check of the same text from scratch reports.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderState } from '../../server/folder';
import { DEFAULT_SETTINGS } from '../../server/settings';
import { runRules } from '../../engine/runner';
import { RULES } from '../../rules';
import { applyEdit, prng, randomEdit } from '../helpers/randomEdits';

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

class Pair {
  readonly live: FolderState;
  readonly ref: FolderState;
  private version = 1;

  constructor(readonly root: string) {
    this.live = new FolderState(root, () => undefined);
    this.ref = new FolderState(root, () => undefined);
    this.live.load(DEFAULT_SETTINGS);
    this.ref.load(DEFAULT_SETTINGS);
    runRules(this.live.workspace, rules, this.live.config, { incremental: true });
  }

  get text(): string {
    return this.live.workspace.get('render.yaml')!.text;
  }

  set(text: string, label: string): void {
    this.version++;
    this.live.setOpenText('render.yaml', text, this.version);
    const got = runRules(this.live.workspace, rules, this.live.config, { files: new Set(['render.yaml']), incremental: true });
    this.ref.workspace.remove('render.yaml');
    this.ref.setOpenText('render.yaml', text, this.version);
    const want = runRules(this.ref.workspace, rules, this.ref.config, { files: new Set(['render.yaml']) });
    assert.deepEqual(got.findings, want.findings, label);
  }

  replace(from: string, to: string, label: string): void {
    assert.ok(this.text.includes(from), `${label}: ${from}`);
    this.set(this.text.replace(from, to), label);
  }
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
    const pair = new Pair(root);
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
    for (const [from, to, label] of steps) pair.replace(from, to, label);
  });

  it('reports what a whole check reports over random edits', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const pair = new Pair(root);
      const rand = prng(seed);
      const original = pair.text;
      for (let k = 0; k < 120; k++) {
        const base = rand() < 0.05 ? original : pair.text;
        pair.set(applyEdit(base, randomEdit(base, rand, seed % 2 === 0)), `seed ${seed}, edit ${k}`);
      }
    }
  });
});
