// Property test over every fix of every rule on every fixture: a fix applied alone re-parses,
// keeps every comment and key outside its edited ranges byte-for-byte, and applying it twice
// equals applying it once. New rules and fixtures are picked up without changes here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Lexer, isMap, isPair, isScalar, isSeq } from 'yaml';
import { auditDirectory, type AuditResult } from '../../engine/audit';
import { defaultConfig } from '../../engine/config';
import { detectKind } from '../../engine/fileKinds';
import { applyEdits } from '../../engine/fixes';
import { parseDotenv } from '../../engine/parse/dotenv';
import { parseYaml } from '../../engine/parse/yaml';
import { copyDir, fakeGit, tmpDir } from '../helpers/workspace';
import type { FileEdit, Finding, Fix, Range } from '../../engine/types';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

interface Landmark { kind: 'comment' | 'key'; range: Range }

function yamlLandmarks(text: string): Landmark[] {
  const out: Landmark[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token.startsWith('#')) out.push({ kind: 'comment', range: { start: offset, end: offset + token.length } });
    // Control tokens (document start, flow end, scalar marker) stand for no source text.
    if (token !== '\x02' && token !== '\x18' && token !== '\x1f') offset += token.length;
  }
  const { docs } = parseYaml(text);
  const stack: unknown[] = docs.map((d) => d.contents);
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      for (const p of node.items) {
        if (isScalar(p.key) && p.key.range) out.push({ kind: 'key', range: { start: p.key.range[0], end: p.key.range[1] } });
        stack.push(p.value);
      }
    } else if (isSeq(node)) for (const i of node.items) stack.push(isPair(i) ? i.value : i);
  }
  return out;
}

function dotenvLandmarks(text: string): Landmark[] {
  const env = parseDotenv(text);
  return [
    ...env.comments.map((c) => ({ kind: 'comment' as const, range: c.range })),
    ...env.entries.flatMap((e) => [{ kind: 'key' as const, range: e.keyRange }, ...(e.comment ? [{ kind: 'comment' as const, range: e.comment.range }] : [])]),
  ];
}

function landmarks(file: string, text: string): Landmark[] | undefined {
  const kind = detectKind(file);
  if (!kind) return undefined;
  return kind === 'dotenv' ? dotenvLandmarks(text) : yamlLandmarks(text);
}

/** Parse problems that make a file unreadable to its consumers. */
function parseProblems(file: string, text: string): number {
  const kind = detectKind(file);
  if (kind === 'dotenv') {
    const env = parseDotenv(text);
    return env.invalidLines.length + env.entries.filter((e) => !e.closed).length;
  }
  if (kind) return parseYaml(text).errors.filter((e) => e.severity === 'error').length;
  return 0;
}

/** Where an offset of the original text ends up after the edits (edits sorted, non-overlapping). */
function mapOffset(edits: readonly FileEdit[], offset: number): number {
  let delta = 0;
  for (const e of edits) {
    if (e.end <= offset) delta += e.newText.length - (e.end - e.start);
    else if (e.start < offset) return e.start + delta;
  }
  return offset + delta;
}

function touches(edits: readonly FileEdit[], r: Range): boolean {
  return edits.some((e) => (e.start === e.end ? e.start > r.start && e.start < r.end : e.start < r.end && r.start < e.end));
}

function read(dir: string, file: string): string | undefined {
  const abs = path.join(dir, file);
  return fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : undefined;
}

function applyFix(dir: string, fix: Fix): Map<string, { before: string | undefined; after: string; edits: FileEdit[] }> {
  const byFile = new Map<string, FileEdit[]>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const out = new Map<string, { before: string | undefined; after: string; edits: FileEdit[] }>();
  for (const [file, list] of byFile) {
    const before = read(dir, file);
    const edits = [...list].sort((a, b) => a.start - b.start || a.end - b.end);
    out.set(file, { before, after: applyEdits(before ?? '', edits), edits });
  }
  return out;
}

function caseDirs(): { ruleId: string; name: string; dir: string }[] {
  if (!fs.existsSync(FIXTURES)) return [];
  const out: { ruleId: string; name: string; dir: string }[] = [];
  for (const ruleId of fs.readdirSync(FIXTURES).sort()) {
    const ruleDir = path.join(FIXTURES, ruleId);
    if (!fs.statSync(ruleDir).isDirectory()) continue;
    for (const name of fs.readdirSync(ruleDir).sort()) {
      if (fs.existsSync(path.join(ruleDir, name, 'expect.json'))) out.push({ ruleId, name, dir: path.join(ruleDir, name) });
    }
  }
  return out;
}

function auditCase(dir: string, tracked: string[] | undefined): AuditResult {
  return auditDirectory(dir, { config: defaultConfig(), git: tracked ? fakeGit(tracked) : null });
}

function materialise(src: string, changes: Map<string, { after: string }>): string {
  const dir = tmpDir('readiness-fixsafety-');
  copyDir(src, dir);
  for (const [file, { after }] of changes) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), after);
  }
  return dir;
}

describe('hardening: every fix on every fixture is safe', function () {
  this.timeout(300000);
  const cases = caseDirs();

  it('has fixtures with fixes to check', () => {
    assert.ok(cases.length > 0);
  });

  let fixesChecked = 0;
  for (const c of cases) {
    it(`${c.ruleId}/${c.name}`, () => {
      const expected = JSON.parse(fs.readFileSync(path.join(c.dir, 'expect.json'), 'utf8')) as { git?: { tracked: string[] } };
      const tracked = expected.git?.tracked;
      const dir = tmpDir('readiness-fixsafety-');
      copyDir(c.dir, dir, (rel) => rel === 'expect.json' || rel === '__fixed__' || rel.startsWith('__fixed__/'));
      const result = auditCase(dir, tracked);
      for (const finding of result.findings) {
        finding.fixes.forEach((fix, index) => {
          fixesChecked++;
          const what = `${finding.ruleId} fix "${fix.title}" for ${finding.file}:${finding.range.start}`;
          checkOne(dir, tracked, finding, fix, index, what);
        });
      }
    });
  }

  it('the checks themselves catch an unsafe fix', () => {
    const text = 'services:\n  api:\n    image: shop/api:1.4.2 # pinned\n    environment:\n      LOG_LEVEL: info\n';
    const dir = tmpDir('readiness-fixsafety-');
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), text);
    const finding: Finding = { ruleId: 'test', severity: 'warning', category: 'correctness', file: 'docker-compose.yml', range: { start: 0, end: 8 }, message: 'm', fixes: [], related: [] };
    const fix = (start: number, end: number, newText: string): Fix => ({ title: 'bad', safe: true, edits: [{ file: 'docker-compose.yml', start, end, newText }] });
    const image = text.indexOf('shop/api');
    const env = text.indexOf('environment');
    assert.throws(() => checkOne(dir, undefined, finding, fix(image, image, "'"), 0, 'bad'), /no longer parses/);
    const envEnd = env + 'environment:'.length;
    assert.throws(() => checkOne(dir, undefined, finding, fix(envEnd, envEnd, ' >-'), 0, 'bad'), /"LOG_LEVEL" in docker-compose.yml is no longer a key/);
    assert.throws(() => checkOne(dir, undefined, finding, fix(text.length, text.length + 1, ''), 0, 'bad'), /outside docker-compose.yml/);
    checkOne(dir, undefined, finding, fix(image, image + 8, 'shop/web'), 0, 'fine');
  });

  after(() => {
    // Visible in the test output, so a run that silently checked nothing stands out.
    process.stdout.write(`      (${fixesChecked} fixes checked)\n`);
  });
});

function checkOne(dir: string, tracked: string[] | undefined, finding: Finding, fix: Fix, index: number, what: string): void {
  const changes = applyFix(dir, fix);
  for (const [file, { before, after, edits }] of changes) {
    // Edits stay inside the file, never overlap, and a missing file is only ever created.
    const length = before?.length ?? 0;
    for (const e of edits) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= length, `${what}: edit ${e.start}..${e.end} outside ${file} (${length})`);
    for (let i = 1; i < edits.length; i++) assert.ok(edits[i].start >= edits[i - 1].end, `${what}: overlapping edits in ${file}`);

    assert.ok(parseProblems(file, after) <= parseProblems(file, before ?? ''), `${what}: ${file} no longer parses:\n${after}`);
    if (before === undefined) continue;
    if (before.charCodeAt(0) === 0xfeff) assert.equal(after.charCodeAt(0), 0xfeff, `${what}: BOM kept`);

    const marks = landmarks(file, before);
    if (!marks) continue;
    const after_ = landmarks(file, after) ?? [];
    const afterStarts = new Set(after_.map((m) => `${m.kind}@${m.range.start}`));
    for (const m of marks) {
      if (touches(edits, m.range)) continue;
      const original = before.slice(m.range.start, m.range.end);
      const moved = mapOffset(edits, m.range.start);
      assert.equal(after.slice(moved, moved + original.length), original, `${what}: ${m.kind} "${original}" in ${file} changed`);
      assert.ok(afterStarts.has(`${m.kind}@${moved}`), `${what}: "${original}" in ${file} is no longer a ${m.kind} after the fix:\n${after}`);
    }
  }

  // Twice equals once: if the finding survives its own fix, applying that fix again changes nothing.
  const fixedDir = materialise(dir, changes);
  const again = auditCase(fixedDir, tracked);
  const ownEdits = changes.get(finding.file)?.edits ?? [];
  const movedStart = mapOffset(ownEdits, finding.range.start);
  const survivor = again.findings.find((f) => f.ruleId === finding.ruleId && f.file === finding.file && f.message === finding.message && f.range.start === movedStart);
  if (!survivor || !survivor.fixes[index]) return;
  const twice = applyFix(fixedDir, survivor.fixes[index]);
  for (const [file, { before, after }] of twice) assert.equal(after, before ?? '', `${what}: applying it twice differs from once in ${file}`);
}
