import * as assert from 'node:assert/strict';
import { hasInterpolation, parseInterpolation, resolveInterpolation, variablesIn, type Part } from '../../engine/compose/interpolation';

/** A compact view of parts: kind, offsets and the source text each covers. */
function show(s: string, parts: Part[]): string[] {
  return parts.map((p) => `${p.kind}@${p.start}-${p.end}:${s.slice(p.start, p.end)}`);
}

describe('compose interpolation', () => {
  it('splits literals and plain variables', () => {
    const s = 'postgres://$USER@db/${DB_NAME}';
    assert.deepEqual(show(s, parseInterpolation(s)), [
      'literal@0-11:postgres://',
      'variable@11-16:$USER',
      'literal@16-20:@db/',
      'variable@20-30:${DB_NAME}',
    ]);
    const [user, db] = variablesIn(s);
    assert.deepEqual([user.name, user.braced, user.nameSpan], ['USER', false, { start: 12, end: 16 }]);
    assert.deepEqual([db.name, db.braced, db.nameSpan, db.operator], ['DB_NAME', true, { start: 22, end: 29 }, undefined]);
  });

  it('parses each operator with the offsets of the operator and its argument', () => {
    const cases: [string, string, string][] = [
      ['${PASSWORD:-admin123}', ':-', 'admin123'],
      ['${PASSWORD-admin123}', '-', 'admin123'],
      ['${PASSWORD:?set it}', ':?', 'set it'],
      ['${PASSWORD?set it}', '?', 'set it'],
      ['${PASSWORD:+alt}', ':+', 'alt'],
      ['${PASSWORD+alt}', '+', 'alt'],
      ['${PASSWORD:-}', ':-', ''],
    ];
    for (const [s, op, arg] of cases) {
      const [v] = parseInterpolation(s);
      assert.equal(v.kind, 'variable', s);
      if (v.kind !== 'variable') continue;
      assert.equal(v.name, 'PASSWORD', s);
      assert.equal(v.operator, op, s);
      assert.deepEqual(v.operatorSpan, { start: 10, end: 10 + op.length }, s);
      assert.equal(v.argument!.text, arg, s);
      assert.equal(s.slice(v.argument!.start, v.argument!.end), arg, s);
      assert.deepEqual([v.start, v.end], [0, s.length], s);
    }
  });

  it('takes the first operator after the name, so later ones belong to the argument', () => {
    const [v] = parseInterpolation('${A:-b:?c}');
    assert.ok(v.kind === 'variable');
    assert.equal(v.operator, ':-');
    assert.equal(v.argument!.text, 'b:?c');
  });

  it('parses nested variables inside a default with offsets in the outer string', () => {
    const s = 'x${A:-${B:-weak}}y';
    assert.deepEqual(show(s, parseInterpolation(s)), ['literal@0-1:x', 'variable@1-17:${A:-${B:-weak}}', 'literal@17-18:y']);
    const vars = variablesIn(s);
    assert.deepEqual(vars.map((v) => v.name), ['A', 'B']);
    assert.deepEqual(vars[1].argument && [vars[1].argument.start, vars[1].argument.end, vars[1].argument.text], [11, 15, 'weak']);
    const [, , plain] = variablesIn('${A?$FOO} ${B:-${C}}');
    assert.equal(plain.name, 'B');
  });

  it('treats $$ as a literal dollar and leaves other dollars alone', () => {
    const s = 'pg_isready -U $$POSTGRES_USER costs $5 $';
    assert.deepEqual(show(s, parseInterpolation(s)), [
      'literal@0-14:pg_isready -U ',
      'escape@14-16:$$',
      'literal@16-40:POSTGRES_USER costs $5 $',
    ]);
    assert.equal(hasInterpolation(s), false);
    assert.equal(hasInterpolation('$$$HOME'), true);
    assert.deepEqual(variablesIn('$$$HOME').map((v) => v.nameSpan), [{ start: 3, end: 7 }]);
  });

  it('accepts lowercase names and stops a plain name at the first other character', () => {
    assert.deepEqual(variablesIn('$home/${lower_1}.txt-$A-B').map((v) => v.name), ['home', 'lower_1', 'A']);
  });

  it('reports what Compose rejects as invalid parts', () => {
    const bad = (s: string) => parseInterpolation(s).filter((p) => p.kind === 'invalid').map((p) => [p.start, p.end, p.kind === 'invalid' ? p.reason : '']);
    assert.deepEqual(bad('a ${}'), [[2, 5, '${} does not start with a variable name']]);
    assert.deepEqual(bad('${1X}'), [[0, 5, '${1X} does not start with a variable name']]);
    assert.deepEqual(bad('${X:y}'), [[0, 6, '${X:y} has an unsupported modifier after X']]);
    assert.deepEqual(bad('${X/foo/bar}'), [[0, 12, '${X/foo/bar} has an unsupported modifier after X']]);
    assert.deepEqual(bad('url ${OPEN'), [[4, 10, 'the ${ is never closed with }']]);
    assert.equal(hasInterpolation('${'), true);
  });

  it('evaluates like Compose: unset, empty, required and alternative values', () => {
    const env: Record<string, string> = { SET: 'v', EMPTY: '' };
    const lookup = (n: string) => env[n];
    const value = (s: string) => resolveInterpolation(s, lookup).value;
    assert.equal(value('${UNSET:-d} ${EMPTY:-d} ${SET:-d}'), 'd d v');
    assert.equal(value('${UNSET-d}|${EMPTY-d}|${SET-d}'), 'd||v');
    assert.equal(value('${UNSET:+a}|${EMPTY:+a}|${SET:+a}'), '||a');
    assert.equal(value('${UNSET+a}|${EMPTY+a}|${SET+a}'), '|a|a');
    assert.equal(value('$$SET ${UNSET:-${SET}x}'), '$SET vx');
    assert.deepEqual(resolveInterpolation('${UNSET} $SET', lookup), { value: ' v', missing: ['UNSET'], errors: [] });
    assert.deepEqual(resolveInterpolation('${EMPTY:?must be set}${EMPTY?fine}', lookup), { value: '', missing: [], errors: ['EMPTY: must be set'] });
    assert.deepEqual(resolveInterpolation('${UNSET?}', lookup).errors, ['UNSET: required variable is missing a value']);
    assert.deepEqual(resolveInterpolation('${}', lookup).errors, ['${} does not start with a variable name']);
  });
});
