import * as assert from 'node:assert/strict';
import { LineIndex } from '../../engine/text/lineIndex';
import { GitIgnore } from '../../engine/gitignore';
import { applyEdits, selectFixes } from '../../engine/fixes';
import { mask } from '../../engine/secrets/mask';
import { createKindDetector, isEnvTemplate } from '../../engine/fileKinds';
import { parseConfigText, ConfigError } from '../../engine/config';
import type { Finding } from '../../engine/types';

describe('line index', () => {
  it('maps offsets to UTF-16 line/character with LF, CRLF and lone CR', () => {
    const text = 'a😀b\r\nxy\rz\n';
    const idx = new LineIndex(text);
    assert.equal(idx.lineCount, 4);
    assert.deepEqual(idx.positionAt(text.indexOf('b')), { line: 0, character: 3 });
    assert.deepEqual(idx.positionAt(text.indexOf('y')), { line: 1, character: 1 });
    assert.deepEqual(idx.positionAt(text.indexOf('z')), { line: 2, character: 0 });
    assert.equal(idx.offsetAt({ line: 1, character: 1 }), text.indexOf('y'));
    assert.equal(idx.lineText(0), 'a😀b');
  });
});

describe('gitignore', () => {
  it('supports anchored, unanchored, directory and negated patterns, nested files', () => {
    const ig = new GitIgnore();
    ig.add('', '.env*\n!.env.example\n/build/\nlogs/\n*.log\n');
    ig.add('api', 'secret.txt\n');
    assert.ok(ig.isIgnored('.env'));
    assert.ok(ig.isIgnored('api/.env.production'));
    assert.ok(!ig.isIgnored('.env.example'));
    assert.ok(ig.isIgnored('build/x.js'));
    assert.ok(!ig.isIgnored('src/build'), 'anchored /build/ is a root directory only');
    assert.ok(ig.isIgnored('src/logs/today.txt'));
    assert.ok(ig.isIgnored('a/b/c.log'));
    assert.ok(ig.isIgnored('api/secret.txt'));
    assert.ok(!ig.isIgnored('secret.txt'));
  });

  it('scopes a nested file to its folder; a deeper file overrides a shallower one; `**` covers its folder', () => {
    const ig = new GitIgnore();
    ig.add('', '*.log\nconfig/\n');
    ig.add('api', '!keep.log\n/local.yml\n');
    ig.add('web', '**\n');
    ig.add('api/v2', 'keep.log\n');
    assert.ok(ig.isIgnored('x.log'));
    assert.ok(!ig.isIgnored('api/keep.log'), 'api/.gitignore re-includes it');
    assert.ok(ig.isIgnored('other/keep.log'), 'the negation is scoped to api/');
    assert.ok(ig.isIgnored('api/v2/keep.log'), 'api/v2/.gitignore ignores it again');
    assert.ok(ig.isIgnored('api/local.yml'));
    assert.ok(!ig.isIgnored('local.yml') && !ig.isIgnored('api/sub/local.yml') && !ig.isIgnored('apix/local.yml'));
    assert.ok(ig.isIgnored('web', true) && ig.isIgnored('web/index.html'));
    assert.ok(!ig.isIgnored('webapp/index.html'));
    assert.ok(ig.isIgnored('api/config', true) && ig.isIgnored('api/config/app.yml'));
    assert.ok(!ig.isIgnored('api/config'), 'a directory-only rule does not match a file');
  });
});

describe('fixes', () => {
  const finding = (edits: { file: string; start: number; end: number; newText: string }[], safe = true): Finding => ({
    ruleId: 'r', severity: 'error', category: 'security', file: 'f', range: { start: 0, end: 0 }, message: '', related: [], fixes: [{ title: 't', edits, safe }],
  });
  it('applies non-overlapping edits and keeps insert order', () => {
    assert.equal(applyEdits('abcdef', [{ start: 4, end: 4, newText: 'Y' }, { start: 1, end: 2, newText: 'X' }, { start: 4, end: 4, newText: 'Z' }]), 'aXcdYZef');
  });
  it('skips conflicting fixes as a whole and applies shared edits once', () => {
    const a = finding([{ file: 'f', start: 0, end: 3, newText: 'A' }, { file: '.env.example', start: 0, end: 0, newText: 'X=\n' }]);
    const b = finding([{ file: 'f', start: 2, end: 5, newText: 'B' }]);
    const c = finding([{ file: 'f', start: 6, end: 7, newText: 'C' }, { file: '.env.example', start: 0, end: 0, newText: 'X=\n' }]);
    const unsafe = finding([{ file: 'f', start: 8, end: 9, newText: 'D' }], false);
    const { fixes, edits } = selectFixes([a, b, c, unsafe]);
    assert.equal(fixes.length, 2);
    assert.deepEqual(edits.map((e) => `${e.file}:${e.start}:${e.newText}`), ['f:0:A', '.env.example:0:X=\n', 'f:6:C']);
  });
});

describe('mask', () => {
  it('never reveals more than three characters nor the length', () => {
    assert.equal(mask('admin123'), 'adm***');
    assert.equal(mask('secret'), 'se***');
    assert.equal(mask('dev'), 'd***');
    assert.equal(mask('ab'), '***');
    assert.equal(mask('a-very-long-secret-value'), 'a-v***');
  });
});

describe('file kinds', () => {
  it('detects the four kinds and honours extra globs', () => {
    const detect = createKindDetector({ compose: ['deploy/*.yml'] });
    assert.equal(detect('infra/render.yml'), 'render');
    assert.equal(detect('docker-compose.prod.yaml'), 'compose');
    assert.equal(detect('compose.override.yml'), 'compose');
    assert.equal(detect('.github/workflows/ci.yaml'), 'workflow');
    assert.equal(detect('app/.env.local'), 'dotenv');
    assert.equal(detect('prod.env'), 'dotenv');
    assert.equal(detect('deploy/stack.yml'), 'compose');
    assert.equal(detect('src/config.yml'), undefined);
    assert.ok(isEnvTemplate('.env.example') && isEnvTemplate('api/.env.sample') && isEnvTemplate('.env.template'));
    assert.ok(!isEnvTemplate('.env') && !isEnvTemplate('.env.production'));
  });
});

describe('config', () => {
  it('parses JSONC with rules, options, ignore, files and production globs', () => {
    const c = parseConfigText('// c\n{ "rules": { "a": "off", "b": ["warning", { "x": 1 }], }, "ignore": ["legacy/**"], "files": { "compose": ["d/*.yml"] }, "production": ["p/*.env"], "surprise": 1 }', '.readiness.json');
    assert.deepEqual(c.rules.a, { severity: 'off', options: {} });
    assert.deepEqual(c.rules.b, { severity: 'warning', options: { x: 1 } });
    assert.deepEqual(c.ignore, ['legacy/**']);
    assert.deepEqual(c.files.compose, ['d/*.yml']);
    assert.ok(c.settings.productionGlobs.includes('p/*.env'));
    assert.deepEqual(c.warnings, ['Unknown configuration key "surprise".']);
  });
  it('rejects wrong shapes with a message naming the problem', () => {
    assert.throws(() => parseConfigText('{ "rules": [] }', '.readiness.json'), (e: Error) => e instanceof ConfigError && /"rules" must be an object/.test(e.message));
    assert.throws(() => parseConfigText('{ "files": { "kubernetes": [] } }', '.readiness.json'), /unknown file kind "kubernetes"/);
  });
});
