import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { RULES } from '../../rules';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Document, LineCounter, YAMLSeq, parseDocument } from 'yaml';
import { auditDirectory } from '../../engine/audit';
import { defaultConfig } from '../../engine/config';
import { DEFAULT_LIMITS } from '../../engine/limits';
import { createSourceFile } from '../../engine/sourceFile';
import { parseDocuments } from '../../engine/parse/yaml';
import { documentShape, mergedMaps } from '../../engine/yaml/resolve';
import { tmpDir, writeWorkspace } from '../helpers/workspace';
import { check, where } from './helpers';

const TEN_MB = 10 * 1024 * 1024;

/** A compose file of about `bytes` bytes: one service with many plain environment entries. */
function bigCompose(bytes: number): string {
  const head = 'services:\n  api:\n    image: shop/api:1.4.2\n    environment:\n';
  const lines: string[] = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const line = `      FEATURE_FLAG_${i}: "on"\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    environment: *i',
  '',
].join('\n');

describe('hardening: size limit', function () {
  // Parsing and checking 10 MB in full takes several seconds, more while other suites run.
  this.timeout(120000);
  it('skips a file over the default 2 MB with one info notice, and analyses it once the limit is raised', () => {
    const text = bigCompose(TEN_MB);
    assert.ok(Buffer.byteLength(text) > TEN_MB);
    const skipped = check({ 'docker-compose.yml': text });
    assert.deepEqual(skipped.findings.map((f) => [f.ruleId, f.severity, f.file, f.range.start, f.range.end]), [['readiness-skipped', 'info', 'docker-compose.yml', 0, 0]]);
    assert.equal(skipped.findings[0].message, 'The file is larger than the 2.0 MB size limit, so it was not analysed; raise "maxFileBytes" in .readiness.json to include it.');

    // The same 10 MB file, analysed in full: every rule runs and none fails (the time budget is
    // lifted so a slow machine cannot turn this into a budget notice).
    const full = check({ 'docker-compose.yml': text }, { limits: { ...DEFAULT_LIMITS, maxFileBytes: 20 * 1024 * 1024 }, ruleBudgetMs: Infinity });
    assert.equal(full.ws.get('docker-compose.yml')!.format, 'yaml');
    assert.deepEqual(full.failures, []);
    assert.deepEqual(full.findings.filter((f) => f.ruleId.startsWith('readiness-')), []);
  });

  it('honours maxFileBytes from .readiness.json when reading from disk, without reading the whole file', () => {
    const dir = writeWorkspace({ 'docker-compose.yml': bigCompose(3 * 1024 * 1024), 'compose.small.yml': 'services:\n  web:\n    image: nginx:1.27\n' });
    const byDefault = auditDirectory(dir, { config: defaultConfig(), git: null });
    assert.deepEqual(byDefault.findings.filter((f) => f.ruleId === 'readiness-skipped').map((f) => f.file), ['docker-compose.yml']);

    fs.writeFileSync(path.join(dir, '.readiness.json'), '{ "maxFileBytes": 1000 }');
    const tight = auditDirectory(dir, { git: null });
    assert.deepEqual(tight.findings.filter((f) => f.ruleId === 'readiness-skipped').map((f) => f.file), ['docker-compose.yml']);
    assert.ok(tight.findings.find((f) => f.ruleId === 'readiness-skipped')!.message.includes('1 KB size limit'));
    // Only the head of an oversized file is read: the skipped entry holds at most limit + 1 bytes.
    assert.ok(tight.workspace.get('docker-compose.yml')!.text.length <= 1001);

    fs.writeFileSync(path.join(dir, '.readiness.json'), '{ "maxFileBytes": 8388608 }');
    const raised = auditDirectory(dir, { git: null });
    assert.deepEqual(raised.findings.filter((f) => f.ruleId === 'readiness-skipped'), []);
    assert.equal(raised.workspace.get('docker-compose.yml')!.format, 'yaml');

    fs.writeFileSync(path.join(dir, '.readiness.json'), '{ "maxFileBytes": "2MB" }');
    assert.throws(() => auditDirectory(dir, { git: null }), /"maxFileBytes" must be a positive whole number of bytes/);
  });
});

describe('hardening: binary files', () => {
  it('skips a file with a NUL byte anywhere, with one info notice', () => {
    for (const text of ['\u0000\u0001\u0002PNG', `services:\n  web:\n    image: nginx:1.27\n${'#'.repeat(20000)}\u0000\n`]) {
      const r = check({ '.env.production': text, 'docker-compose.yml': text });
      assert.deepEqual(r.findings.map((f) => [f.ruleId, f.file]), [['readiness-skipped', '.env.production'], ['readiness-skipped', 'docker-compose.yml']]);
      assert.equal(r.findings[0].message, 'The file contains NUL bytes (binary content), so it was not analysed; save it as text if it is configuration.');
    }
  });
});

describe('hardening: YAML aliases', () => {
  it('reports a billion-laughs file once, at the first explosive alias, without expanding it', () => {
    const r = check({ 'docker-compose.yml': BILLION_LAUGHS });
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.findings.map((f) => where(r.ws, f)), [{ ruleId: 'yaml-syntax', file: 'docker-compose.yml', line: 6, column: 8 }]);
    assert.equal(r.findings[0].message, 'Aliases in this document expand to more than 1,000,000 nodes (an alias bomb); Docker Compose and most YAML loaders reject or hang on it. Write the repeated content out, or reuse it with fewer levels of aliases.');
    assert.equal(r.findings[0].severity, 'error');
  });

  it('reports an alias that refers to its own node', () => {
    const r = check({ 'docker-compose.yml': 'x-loop: &loop [1, *loop]\nservices:\n  web:\n    image: nginx:1.27\n' });
    assert.deepEqual(r.findings.map((f) => where(r.ws, f)), [{ ruleId: 'yaml-syntax', file: 'docker-compose.yml', line: 1, column: 19 }]);
    assert.match(r.findings[0].message, /^Aliases in this document refer to the node that contains them, so they expand forever;/);
  });

  it('follows exponential merge chains once per map: one finding per secret', () => {
    const lines = ['x-base0: &x0 {ADMIN_PASSWORD: hunter2hunter2}'];
    for (let i = 1; i < 40; i++) lines.push(`x-base${i}: &x${i}`, `  <<: [*x${i - 1}, *x${i - 1}, *x${i - 1}]`);
    lines.push('services:', '  web:', '    image: nginx:1.27', '    environment:', '      <<: *x39', '');
    const r = check({ 'docker-compose.yml': lines.join('\n') });
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'hardcoded-secret').map((f) => where(r.ws, f)), [{ ruleId: 'hardcoded-secret', file: 'docker-compose.yml', line: 1, column: 31 }]);
  });

  it('resolves many aliases in linear time (each alias looked up, never by walking the document)', () => {
    const lines = ['x-env: &env {LOG_LEVEL: info}', 'services:'];
    for (let i = 0; i < 20000; i++) lines.push(`  s${i}:`, '    image: nginx:1.27', '    environment: *env');
    // The time budget is lifted: 60,000 lines take a few seconds on a busy machine, and this test
    // is about the result (no alias walked twice, no failure), not about a clock.
    const r = check({ 'docker-compose.yml': `${lines.join('\n')}\n` }, { ruleBudgetMs: Infinity });
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'hardcoded-secret' || f.ruleId.startsWith('readiness-')), []);
  });

  it('bounds merged maps and never repeats one', () => {
    const doc = parseDocument('a: &a {x: 1}\nb: &b {<<: [*a, *a]}\nc: {<<: [*b, *a, *b]}\n');
    const c = (doc.contents as unknown as { items: { value: unknown }[] }).items[2].value;
    assert.equal(mergedMaps(c, doc).length, 3);
    assert.equal(mergedMaps(c, doc, 2).length, 2);
  });
});

describe('hardening: nesting depth', () => {
  const N = 10000;
  const deep: Record<string, string> = {
    'flow sequences': `services: ${'['.repeat(N)}${']'.repeat(N)}\n`,
    'flow maps': `services: ${'{a: '.repeat(N)}1${'}'.repeat(N)}\n`,
    'mixed flow collections': `services: ${'[{a: '.repeat(N / 2)}1${'}]'.repeat(N / 2)}\n`,
    'compact block sequences': `${'- '.repeat(N)}x\n`,
    'complex keys': `${'? '.repeat(N)}x\n`,
    'block maps (as deep as 2 MB allows)': Array.from({ length: 1400 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
  };
  for (const [name, text] of Object.entries(deep)) {
    it(`skips 10k-deep ${name} with one notice, in every kind`, () => {
      // Every rule, so none of them walks a skipped tree.
      const r = check({ 'docker-compose.yml': text, 'render.yaml': text, '.github/workflows/ci.yml': text }, { rules: RULES });
      assert.deepEqual(r.failures, []);
      assert.deepEqual(r.findings.map((f) => [f.ruleId, f.file, f.range.start]), [
        ['readiness-skipped', '.github/workflows/ci.yml', 0], ['readiness-skipped', 'docker-compose.yml', 0], ['readiness-skipped', 'render.yaml', 0],
      ]);
      assert.equal(r.findings[0].message, 'The file nests collections more than 200 levels deep, so it was not analysed; flatten the structure.');
    });
  }

  it('keeps files nested up to the limit', () => {
    const r = check({ 'docker-compose.yml': `services:\n  web:\n    image: nginx:1.27\n    labels: ${'['.repeat(150)}${']'.repeat(150)}\n` }, { rules: RULES });
    assert.equal(r.ws.get('docker-compose.yml')!.format, 'yaml');
    assert.deepEqual(r.failures, []);
  });

  it('sizes a 10k-deep tree built in memory without recursion', () => {
    const doc = new Document();
    let inner = new YAMLSeq();
    const root = inner;
    for (let i = 0; i < N; i++) {
      const next = new YAMLSeq();
      inner.items.push(next);
      inner = next;
    }
    doc.contents = root;
    const shape = documentShape(doc);
    assert.equal(shape.depth, N);
    assert.equal(shape.expandedNodes, N + 1);
  });

  it('stops reading a file once it is too deep: the composer never sees it', () => {
    // 1,000 levels of block maps, one per line: reading stops a little past the limit.
    const lines = Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k${i}:`);
    const lineCounter = new LineCounter();
    const parsed = parseDocuments(lines.join('\n'), lineCounter, 200);
    assert.ok('tooDeep' in parsed && parsed.tooDeep > 200);
    assert.ok(lineCounter.lineStarts.length < 250, `read ${lineCounter.lineStarts.length} of 1000 lines`);
    // A million levels (2 MB) is skipped the same way.
    assert.equal(createSourceFile('docker-compose.yml', 'compose', `${'['.repeat(999990)}${']'.repeat(999990)}\n`).format, 'skipped');
  });

  it('survives parsing each 10k-deep file many times in one process (the stack overflow it avoids was fatal, not an exception)', function () {
    this.timeout(120000);
    // In a child process: before the bound, the sixth or so parse of 10,000 nested `[` made V8 abort
    // ("RegExpCompiler Allocation failed - process out of memory"), which no catch can stop.
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'deep.json'), JSON.stringify(Object.values(deep)));
    fs.writeFileSync(path.join(dir, 'parse.js'), [
      `const { parseYaml } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'engine', 'parse', 'yaml.ts'))});`,
      `const deep = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(path.join(dir, 'deep.json'))}, 'utf8'));`,
      'let skipped = 0;',
      'for (const text of deep) for (let i = 0; i < 30; i++) if (parseYaml(text).tooDeep !== undefined) skipped++;',
      'process.stdout.write(String(skipped));',
    ].join('\n'));
    const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', path.join(dir, 'parse.js')], { encoding: 'utf8', cwd: path.join(__dirname, '..', '..') });
    assert.equal(r.status, 0, `${r.signal ?? ''} ${(r.stderr ?? String(r.error)).split('\n').filter((l) => /FATAL|Error/.test(l)).join('\n')}`);
    assert.equal(r.stdout, String(30 * Object.keys(deep).length));
  });

  it('parses dotenv files of any length line by line', () => {
    const file = createSourceFile('.env', 'dotenv', `${'"'.repeat(50000)}\nA=${'\\'.repeat(50000)}\n`);
    assert.equal(file.format, 'dotenv');
  });
});
