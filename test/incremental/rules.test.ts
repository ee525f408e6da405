// Re-checking only the edited services (perService rules, engine/shardCache) must report exactly
// what a from-scratch check of the same text reports. A server-like folder applies each edit
// incrementally (incremental parse, kept findings); a reference folder parses the text whole and
// runs every rule on it; their findings must be equal after every edit. Edits alternate between
// files now and then, so kept findings also meet changes elsewhere.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FolderState } from '../../server/folder';
import { DEFAULT_SETTINGS } from '../../server/settings';
import { runRules } from '../../engine/runner';
import { RULES } from '../../rules';
import { composeEdits, composeFile, renderEdits, renderFile } from '../../bench/editScript';
import { applyEdit, prng, randomEdit } from '../helpers/randomEdits';
import { skipBecause } from '../helpers/skip';

const CORPUS = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

class Pair {
  readonly live: FolderState;
  readonly ref: FolderState;
  private version = 1;
  edits = 0;

  constructor(readonly root: string) {
    this.live = new FolderState(root, () => undefined);
    this.ref = new FolderState(root, () => undefined);
    this.live.load(DEFAULT_SETTINGS);
    this.ref.load(DEFAULT_SETTINGS);
    this.live.check(undefined);
  }

  text(file: string): string {
    return this.live.workspace.get(file)?.text ?? fs.readFileSync(path.join(this.root, file), 'utf8');
  }

  /** Applies `text` to `file` in both folders and compares the findings of a check of that file. */
  set(file: string, text: string, label: string): void {
    this.version++;
    this.edits++;
    this.live.setOpenText(file, text, this.version);
    const got = runRules(this.live.workspace, RULES, this.live.config, { files: new Set([file]), incremental: true });
    // The reference parses the text whole and keeps nothing between checks.
    this.ref.workspace.remove(file);
    this.ref.setOpenText(file, text, this.version);
    const want = runRules(this.ref.workspace, RULES, this.ref.config, { files: new Set([file]) });
    assert.deepEqual(got.findings, want.findings, `${label} (${file}, edit ${this.edits})`);
  }
}

function tmpWorkspace(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-incremental-'));
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), text);
  }
  return root;
}

function randomRun(pair: Pair, files: string[], seed: number, steps: number, gentle: boolean): void {
  const rand = prng(seed);
  const originals = new Map(files.map((f) => [f, pair.text(f)]));
  for (let k = 0; k < steps; k++) {
    // Mostly the same file (typing), now and then another one.
    const file = files[rand() < 0.85 ? 0 : Math.floor(rand() * files.length)];
    const base = rand() < 0.08 ? originals.get(file)! : pair.text(file);
    pair.set(file, applyEdit(base, randomEdit(base, rand, gentle)), `seed ${seed}${gentle ? ' gentle' : ''}`);
  }
}

describe('incremental rule checks', function () {
  this.timeout(900_000);

  it('report what a whole check reports over the benchmark edit scripts', () => {
    const compose = composeFile();
    const render = renderFile();
    const root = tmpWorkspace({ 'docker-compose.yml': compose, 'render.yaml': render });
    try {
      const pair = new Pair(root);
      for (const [file, text, script] of [['docker-compose.yml', compose, composeEdits] as const, ['render.yaml', render, renderEdits] as const]) {
        let doc = TextDocument.create('file:///x', 'yaml', 1, text);
        for (const c of script(text, 42).changes) {
          doc = TextDocument.update(doc, [c], doc.version + 1);
          pair.set(file, doc.getText(), 'script');
        }
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('report what a whole check reports over random edits of small benchmark files', () => {
    const root = tmpWorkspace({
      'docker-compose.yml': composeFile(10),
      'render.yaml': renderFile(10),
      'services/svc-001/requirements.txt': 'flask\nsqlalchemy\n',
      'services/svc-002/package.json': '{ "dependencies": { "pg": "^8" } }\n',
      'services/svc-003/.env.production': 'DB_POOL_SIZE=20\n',
      'services/svc-004/app.py': 'import os\nTOKEN = os.environ["API_TOKEN"]\nDEBUG = os.environ["DEBUG_MODE"]\n',
      '.env.example': 'API_TOKEN=\n',
    });
    try {
      for (let seed = 1; seed <= 3; seed++) {
        for (const gentle of [true, false]) {
          const pair = new Pair(root);
          randomRun(pair, ['render.yaml', 'docker-compose.yml'], seed, 150, gentle);
          randomRun(pair, ['docker-compose.yml', 'render.yaml'], 50 + seed, 150, gentle);
        }
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('report what a whole check reports when an edited Compose service changes what others refer to', () => {
    const filler = Array.from({ length: 8 }, (_, k) => `  filler-${k}:\n    image: nginx:1.27\n    restart: always\n`).join('');
    const text = [
      'services:',
      '  base:',
      '    image: postgres:16',
      '    restart: always',
      '  db:',
      '    extends: base',
      '    ports:',
      '      - "5432:5432"',
      '  web:',
      '    image: node:20',
      '    depends_on:',
      '      db:',
      '        condition: service_started',
      '    links:',
      '      - db',
      '    volumes_from:',
      '      - db',
      '  job:',
      '    extends:',
      '      file: docker-compose.yml',
      '      service: base',
      '    ports: ["6379:6379"]',
      '    volumes:',
      '      - data:/data',
      '',
    ].join('\n') + filler + 'volumes:\n  data: {}\n';
    const root = tmpWorkspace({ 'docker-compose.yml': text });
    try {
      const pair = new Pair(root);
      let cur = text;
      const step = (from: string, to: string): void => {
        assert.ok(cur.includes(from), from);
        cur = cur.replace(from, to);
        pair.set('docker-compose.yml', cur, `${from} -> ${to}`);
      };
      step('  base:\n', '  based:\n');
      step('  based:\n', '  base:\n');
      step('image: postgres:16', 'image: redis:7');
      step('image: redis:7', 'image: nginx:1');
      step('image: nginx:1', 'image: postgres:16');
      step('  db:\n', '  dbx:\n');
      step('  dbx:\n', '  db:\n');
      step('  db:\n    extends: base\n', '  db:\n    extends: based\n');
      step('extends: based', 'extends: base');
      step('condition: service_started', 'condition: service_healthy');
      step('    restart: always\n  db:', '    restart: always\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n  db:');
      step('      service: base\n', '      service: bass\n');
      step('  data: {}', '  datax: {}');
      step('      - db\n    volumes_from', '      - dbx\n    volumes_from');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('report what a whole check reports when a Compose service name is given twice and the first goes', () => {
    const svc = (name: string, image: string) => `  ${name}:\n    image: ${image}\n    restart: always\n` + (image.endsWith(':latest') ? '    privileged: true\n' : '');
    const filler = Array.from({ length: 8 }, (_, k) => svc(`filler-${k}`, 'nginx:1.27')).join('');
    const text = 'services:\n' + svc('a', 'x:1') + svc('b', 'y:1') + svc('c', 'z:1') + svc('b', 'w:latest') + filler;
    const root = tmpWorkspace({ 'docker-compose.yml': text });
    try {
      const pair = new Pair(root);
      pair.set('docker-compose.yml', text, 'as written');
      // The second `b` (latest tag, privileged) now counts.
      pair.set('docker-compose.yml', text.replace(svc('b', 'y:1'), ''), 'first b deleted');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('report what a whole check reports over random edits of the corpus render and Compose files', function () {
    if (!fs.existsSync(CORPUS)) skipBecause(this, '../shared/corpus is absent');
    let n = 0;
    for (const repo of fs.readdirSync(CORPUS).sort()) {
      const root = path.join(CORPUS, repo);
      if (!fs.statSync(root).isDirectory()) continue;
      const pair = new Pair(root);
      const files = pair.live.workspace.files().filter((f) => f.kind === 'render' || f.kind === 'compose').map((f) => f.path);
      if (!files.length) continue;
      for (const f of files) randomRun(pair, [f, ...files.filter((g) => g !== f)], 7000 + n++, 12, n % 2 === 0);
    }
  });
});
