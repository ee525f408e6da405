// Hostile source files for the env-read scanner: the shapes that made bracket matching, regex
// literals, suppression comments and settings classes cost quadratic time, each at a size where
// quadratic work would not finish within the test timeout. The reads must still be found.
import * as assert from 'node:assert/strict';
import { scanSource } from '../../engine/code/scan';
import { matchingClose, matchingOpen } from '../../engine/code/read/tokens';
import type { Language } from '../../engine/code/languages';

const names = (language: Language, text: string) => scanSource(language, text).reads.map((r) => `${r.name}@${r.line + 1}${r.hasDefault ? `=${r.default}` : ''}`);

describe('hardening: hostile source files for the env-read scanner', () => {
  it('pairs brackets in one pass, leaving stray closers and unclosed openers unmatched', () => {
    const code = 'a(b[c]d)}e{f(g)';
    assert.equal(matchingClose(code, 1), 7);
    assert.equal(matchingOpen(code, 7), 1);
    assert.equal(matchingClose(code, 3), 5);
    assert.equal(matchingOpen(code, 8), -1, 'a stray } has no opener');
    assert.equal(matchingClose(code, 10), -1, 'an unclosed { has no closer');
    assert.equal(matchingClose(code, 12), 14);
    assert.equal(matchingClose(code, -1), -1);
    assert.equal(matchingClose(code, code.length), -1);
  });

  it('finds a read after 200,000 unclosed brackets and after a line of 200,000 slashes (JavaScript)', () => {
    const brackets = `${'('.repeat(200_000)}\nconst a = process.env.API_KEY || 'x';\n`;
    assert.deepEqual(names('js', brackets), ['API_KEY@2=x']);
    const slashes = `let x = 1 ${'/ '.repeat(100_000)}\nconst b = process.env.DB_URL;\n`;
    assert.deepEqual(names('js', slashes), ['DB_URL@2']);
  });

  it('reads a Strapi config helper only when `env` is destructured in the parameter list', () => {
    assert.deepEqual(names('js', "module.exports = ({ env }) => ({ host: env('HOST', '0.0.0.0') });\n"), ['HOST@1=0.0.0.0']);
    const many = `${'f({ a }); '.repeat(50_000)}\n`;
    assert.deepEqual(names('js', many), []);
  });

  it('stops a suppression comment from searching past 100 blank lines for its line', () => {
    const text = `// readiness-ignore-next-line env-missing-required\n${'\n'.repeat(150)}const a = process.env.FAR_AWAY;\n`;
    const scan = scanSource('js', text);
    assert.deepEqual(scan.reads.map((r) => r.name), ['FAR_AWAY']);
    assert.ok(![...scan.suppressedLines.keys()].includes(151), 'the read 151 lines below is not suppressed');
  });

  it('reads pydantic settings through a subclass of a settings class, among 20,000 other classes', () => {
    const others = Array.from({ length: 20_000 }, (_, i) => `class C${i}(object):\n    x = ${i}\n`).join('');
    const text = [
      'from pydantic_settings import BaseSettings',
      'class Base(BaseSettings):',
      '    debug: bool = False',
      'class Prod(Base):',
      '    database_url: str',
      '',
    ].join('\n') + others;
    assert.deepEqual(names('python', text), ['DEBUG@3=False', 'DATABASE_URL@5']);
  });
});
