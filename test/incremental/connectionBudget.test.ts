// connection-budget keeps a database's uses, shares, message and related shares between
// keystrokes and looks again only at the edited services. With more services than the related
// information lists, after every edit (one that leaves the shares alone, one that reorders the
// largest, added, removed and pooled services, a plan change, random edits), its finding must be
// what a check of the same text from scratch reports.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderState } from '../../server/folder';
import { DEFAULT_SETTINGS } from '../../server/settings';
import { runRules } from '../../engine/runner';
import { RULES } from '../../rules';
import { applyEdit, prng, randomEdit } from '../helpers/randomEdits';

const rules = RULES.filter((r) => r.id === 'connection-budget');

function service(k: number): string {
  return [
    '  - type: web',
    `    name: svc-${k}`,
    '    runtime: node',
    '    startCommand: node server.js',
    `    numInstances: ${(k % 7) + 1}`,
    '    envVars:',
    '      - key: DATABASE_URL',
    '        fromDatabase:',
    `          name: ${k % 9 === 8 ? 'other' : 'db'}`,
    `          property: ${k % 11 === 10 ? 'connectionPoolString' : 'connectionString'}`,
    '      - key: LOG_LEVEL',
    '        value: info',
  ].join('\n');
}

function blueprint(n: number): string {
  const services = Array.from({ length: n }, (_, k) => service(k));
  return `services:\n${services.join('\n')}\ndatabases:\n  - name: db\n    plan: basic-256mb\n  - name: other\n    plan: basic-256mb\n`;
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

describe('incremental connection-budget with more services than it relates', function () {
  this.timeout(300_000);
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-connection-budget-'));
    fs.writeFileSync(path.join(root, 'render.yaml'), blueprint(45));
    fs.writeFileSync(path.join(root, 'package.json'), '{ "dependencies": { "pg": "^8" } }\n');
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports what a whole check reports as shares, services and plans change', () => {
    const pair = new Pair(root);
    const steps: [string, string, string][] = [
      ['    name: svc-3\n    runtime: node\n    startCommand: node server.js\n', '    name: svc-3\n    runtime: node\n    startCommand: node  server.js\n', 'an edit that leaves the share alone'],
      ['      - key: LOG_LEVEL\n        value: info\n  - type: web\n    name: svc-30\n', '      - key: LOG_LEVEL\n        value: debug\n  - type: web\n    name: svc-30\n', 'a variable the share does not read'],
      ['    name: svc-12\n    runtime: node\n    startCommand: node server.js\n    numInstances: 6\n', '    name: svc-12\n    runtime: node\n    startCommand: node server.js\n    numInstances: 60\n', 'a share becomes the largest'],
      ['    name: svc-13\n    runtime: node\n    startCommand: node server.js\n    numInstances: 7\n', '    name: svc-13\n    runtime: node\n    startCommand: node server.js\n    numInstances: 1\n', 'a large share shrinks'],
      ['    name: svc-4\n', '    name: svc-4b\n', 'a service is renamed'],
      ['databases:\n', `${service(99)}\ndatabases:\n`, 'a service is added'],
      ['services:\n', `services:\n${service(100)}\n`, 'a service is added first'],
      ['          name: db\n          property: connectionString\n      - key: LOG_LEVEL\n        value: info\n  - type: web\n    name: svc-20\n', '          name: db\n          property: connectionPoolString\n      - key: LOG_LEVEL\n        value: info\n  - type: web\n    name: svc-20\n', 'a service pools'],
      ['  - name: db\n    plan: basic-256mb\n', '  - name: db\n    plan: basic-256mb\n    connectionPool: pgbouncer\n', 'the database gets a pooler'],
      ['    connectionPool: pgbouncer\n', '', 'and loses it'],
      ['  - name: db\n    plan: basic-256mb\n', '  - name: db\n    plan: basic-1gb\n', 'the plan grows'],
      ['  - name: db\n    plan: basic-1gb\n', '  - name: db\n    plan: basic-256mb\n', 'and shrinks'],
      [service(7) + '\n', '', 'a service is removed'],
      ['  - name: db\n', '  - name: dbx\n', 'the database is renamed'],
      ['  - name: dbx\n', '  - name: db\n', 'and named back'],
    ];
    for (const [from, to, label] of steps) pair.replace(from, to, label);
  });

  it('reports what a whole check reports over random edits', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const pair = new Pair(root);
      const rand = prng(seed);
      const original = pair.text;
      for (let k = 0; k < 100; k++) {
        const base = rand() < 0.05 ? original : pair.text;
        pair.set(applyEdit(base, randomEdit(base, rand, seed % 2 === 0)), `seed ${seed}, edit ${k}`);
      }
    }
  });
});
