// Compose deploy units kept across edits (engine/env/units.ts): a service that builds nothing is
// passed over without listing its definitions, and one whose model and definitions are the same
// objects keeps its unit. After every edit of a base file, its override in the same folder and a
// file elsewhere, the units and the environment rules' findings must be what a folder read from
// scratch gives.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderState } from '../../server/folder';
import { DEFAULT_SETTINGS } from '../../server/settings';
import { runRules } from '../../engine/runner';
import { deployUnits } from '../../engine/env/units';
import { RULES } from '../../rules';
import { applyEdit, prng, randomEdit } from '../helpers/randomEdits';

const rules = RULES.filter((r) => r.id.startsWith('env-'));

function base(n: number): string {
  const out = ['services:'];
  for (let k = 0; k < n; k++) {
    if (k % 3 === 0) out.push(`  svc-${k}:`, `    build: ./app${k % 2}`, '    environment:', `      PORT: "80${k}"`, '      LOG_LEVEL: info');
    else out.push(`  svc-${k}:`, `    image: registry.example.com/svc-${k}:1.0`, '    environment:', '      NODE_ENV: production');
  }
  return `${out.join('\n')}\n`;
}

const OVERRIDE = 'services:\n  svc-1:\n    build: ./app1\n    environment:\n      API_KEY: dev\n  svc-3:\n    environment:\n      DATABASE_URL: postgres://localhost/app\n';
const OTHER = 'services:\n  worker:\n    build: .\n    environment:\n      QUEUE: jobs\n  svc-0:\n    build: .\n';

/** What a unit is, without its functions and live ranges. */
function summary(ws: FolderState['workspace']): unknown[] {
  return deployUnits(ws).map((u) => ({ label: u.label, file: u.file, codeRoot: u.codeRoot, provided: [...u.provided.keys()], declarations: u.declarations.map((d) => [d.key, d.file, d.range]), providesAnything: u.providesAnything, nameRange: u.nameRange }));
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

  text(file: string): string {
    return this.live.workspace.get(file)!.text;
  }

  set(file: string, text: string, label: string): void {
    this.version++;
    this.live.setOpenText(file, text, this.version);
    const got = runRules(this.live.workspace, rules, this.live.config, { files: new Set([file]), incremental: true });
    this.ref.workspace.remove(file);
    this.ref.setOpenText(file, text, this.version);
    const want = runRules(this.ref.workspace, rules, this.ref.config, { files: new Set([file]) });
    assert.deepEqual(summary(this.live.workspace), summary(this.ref.workspace), `${label}: units`);
    assert.deepEqual(got.findings, want.findings, label);
  }

  replace(file: string, from: string, to: string, label: string): void {
    assert.ok(this.text(file).includes(from), `${label}: ${from}`);
    this.set(file, this.text(file).replace(from, to), label);
  }
}

describe('incremental Compose deploy units', function () {
  this.timeout(300_000);
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-compose-units-'));
    const files: Record<string, string> = {
      'docker-compose.yml': base(12),
      'docker-compose.override.yml': OVERRIDE,
      'jobs/docker-compose.yml': OTHER,
      'app0/index.js': 'const port = process.env.PORT;\nconst key = process.env.API_KEY;\nconst db = process.env.DATABASE_URL;\n',
      'app1/main.py': 'import os\nlevel = os.environ["LOG_LEVEL"]\nkey = os.environ["API_KEY"]\n',
      'jobs/worker.js': 'const q = process.env.QUEUE;\nconst port = process.env.PORT;\n',
    };
    for (const [p, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
      fs.writeFileSync(path.join(root, p), text);
    }
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('gives what a whole check gives as builds, names and layers change', () => {
    const pair = new Pair(root);
    const steps: [string, string, string, string][] = [
      ['docker-compose.yml', '      PORT: "800"', '      PORT: "8000"', 'a variable of a unit'],
      ['docker-compose.yml', '    image: registry.example.com/svc-2:1.0', '    build: ./app0', 'a service starts building'],
      ['docker-compose.yml', '    build: ./app0\n    environment:\n      NODE_ENV: production\n  svc-3', '    image: x\n    environment:\n      NODE_ENV: production\n  svc-3', 'and stops'],
      ['docker-compose.override.yml', '    build: ./app1\n', '', 'the override stops building svc-1'],
      ['docker-compose.yml', '  svc-4:', '  svc-1x:', 'a service renamed'],
      ['docker-compose.yml', '      PORT: "803"', '      PORT: "803"\n      EXTRA: "1"', 'the base definition of a service the override layers'],
      ['docker-compose.yml', '    build: ./app1\n    environment:\n      PORT: "803"', '    image: y\n    environment:\n      PORT: "803"', 'which stops building there'],
      ['docker-compose.override.yml', '  svc-3:\n    environment:', '  svc-3:\n    build: ./app0\n    environment:', 'and builds in the override'],
      ['docker-compose.override.yml', '  svc-3:\n', '  svc-4:\n', 'the override layers another service'],
      ['docker-compose.override.yml', '  svc-1:\n    environment:', '  svc-1:\n    build: ./app0\n    environment:', 'the override builds again'],
      ['docker-compose.yml', '  svc-1x:', '  svc-4:', 'named back'],
      ['docker-compose.yml', 'services:\n', 'services:\n  svc-new:\n    build: ./app1\n', 'a building service added first'],
      ['jobs/docker-compose.yml', '      QUEUE: jobs\n', '      QUEUE: jobs\n      PORT: "1"\n', 'a file in another folder'],
      ['docker-compose.yml', '  svc-new:\n    build: ./app1\n', '', 'and removed'],
    ];
    for (const [file, from, to, label] of steps) pair.replace(file, from, to, label);
  });

  it('gives what a whole check gives over random edits', () => {
    const files = ['docker-compose.yml', 'docker-compose.yml', 'docker-compose.yml', 'docker-compose.override.yml', 'jobs/docker-compose.yml'];
    for (let seed = 1; seed <= 3; seed++) {
      const pair = new Pair(root);
      const rand = prng(seed);
      for (let k = 0; k < 80; k++) {
        const file = files[Math.floor(rand() * files.length)];
        const text = pair.text(file);
        pair.set(file, applyEdit(text, randomEdit(text, rand, seed !== 2)), `seed ${seed}, edit ${k}`);
      }
    }
  });
});
