// A workspace rule that declares the config kinds it reads (`meta.reads`) keeps its findings while
// only files of other kinds change, and runs again as soon as one of its kinds changes, appears
// or goes: checked through the server's FolderState, against a fresh whole run each time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderState } from '../../server/folder';
import { DEFAULT_SETTINGS } from '../../server/settings';
import { runRules } from '../../engine/runner';
import { RULES } from '../../rules';
import type { Finding } from '../../engine/types';

const RENDER = `services:
  - type: web
    name: api
    runtime: node
    plan: starter
    buildCommand: npm ci
    startCommand: node server.js
    envVars:
      - key: DATABASE_URL
        fromDatabase:
          name: maindb
          property: connectionString
`;
const COMPOSE = `services:
  web:
    image: nginx:1.27
`;

const brokenRefs = (list: readonly Finding[]) => list.filter((f) => f.ruleId === 'render-broken-reference');

function freshRun(folder: FolderState): Finding[] {
  const ws = (folder as unknown as { workspace: Parameters<typeof runRules>[0] }).workspace;
  const config = (folder as unknown as { config: Parameters<typeof runRules>[2] }).config;
  return runRules(ws, RULES, config).findings;
}

describe('workspace rules keep their findings while only other kinds change', () => {
  let root: string;
  let folder: FolderState;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-kept-ws-'));
    fs.writeFileSync(path.join(root, 'render.yaml'), RENDER);
    fs.writeFileSync(path.join(root, 'docker-compose.yml'), COMPOSE);
    folder = new FolderState(root, () => undefined);
    folder.load(DEFAULT_SETTINGS);
    folder.check(undefined);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps render-broken-reference\'s finding objects on a Compose edit, and they equal a whole run', () => {
    const before = brokenRefs(folder.findingsFor('render.yaml'));
    assert.equal(before.length, 1);
    assert.match(before[0].message, /maindb/);
    folder.setOpenText('docker-compose.yml', COMPOSE.replace('1.27', '1.28'), 2);
    folder.check(new Set(['docker-compose.yml']));
    const after = brokenRefs(folder.findingsFor('render.yaml'));
    assert.equal(after.length, 1);
    assert.equal(after[0], before[0], 'the kept object, not a new run');
    assert.deepEqual(after, brokenRefs(freshRun(folder)));
  });

  it('runs again when the render.yaml it reads changes', () => {
    const fixed = RENDER + 'databases:\n  - name: maindb\n    plan: basic-256mb\n';
    folder.setOpenText('render.yaml', fixed, 2);
    folder.check(new Set(['render.yaml']));
    assert.deepEqual(brokenRefs(folder.findingsFor('render.yaml')), []);
    assert.deepEqual(brokenRefs(freshRun(folder)), []);
  });

  it('runs again when a file of its kind appears (another Blueprint declaring the database)', () => {
    folder.setOpenText('docker-compose.yml', COMPOSE.replace('1.27', '1.28'), 2);
    folder.check(new Set(['docker-compose.yml']));
    assert.equal(brokenRefs(folder.findingsFor('render.yaml')).length, 1);
    assert.equal(folder.setOpenText('infra/render.yaml', 'databases:\n  - name: maindb\n    plan: basic-256mb\n', 1), true);
    folder.check(new Set(['infra/render.yaml']));
    assert.deepEqual(brokenRefs(folder.findingsFor('render.yaml')), []);
    assert.deepEqual(brokenRefs(freshRun(folder)), []);
  });
});
