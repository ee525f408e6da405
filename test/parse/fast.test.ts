// The fast YAML parse must give exactly yaml's documents: every node's class, ranges, comments,
// value and its type, scalar type and format, flow flag, the document's fields and line starts,
// over every YAML file of the corpus and the examples and over random edits of them. Files it
// does not handle must be left to yaml (it answers undefined).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, isDocument, type Document } from 'yaml';
import { parseFastOrThrow } from '../../engine/parse/fast';
import { PARSE_OPTIONS, parseDocumentsWithYaml, type ParsedYaml } from '../../engine/parse/yaml';
import { DEFAULT_LIMITS } from '../../engine/limits';
import { canonParse } from '../helpers/yamlCanon';
import { applyEdit, prng, randomEdit } from '../helpers/randomEdits';
import { skipBecause } from '../helpers/skip';
import { randomYaml } from '../helpers/randomYaml';
import { CORPUS, yamlFilesUnder } from '../helpers/yamlFiles';

const ROOT = path.resolve(__dirname, '..', '..');

/** Own enumerable keys, in order, of every node: a consumer iterating a node sees the same thing. */
function keyOrder(node: unknown, out: string[] = []): string[] {
  if (node === null || typeof node !== 'object') return out;
  out.push(Object.keys(node).join(','));
  const n = node as { items?: unknown[]; key?: unknown; value?: unknown };
  if (Array.isArray(n.items)) for (const i of n.items) keyOrder(i, out);
  else if ('key' in n) {
    keyOrder(n.key, out);
    keyOrder(n.value, out);
  }
  return out;
}

/** The document written out (or as JSON), or the error doing so raises (an alias without its anchor). */
function stringified(d: Document.Parsed, json = false): string {
  try {
    return json ? JSON.stringify(d.toJS({ maxAliasCount: 100 })) : String(d);
  } catch (err) {
    return `throws ${String(err)}`;
  }
}

function docPicture(d: Document.Parsed): unknown {
  const { _directives, ...options } = d.options as { _directives?: unknown };
  return {
    document: isDocument(d),
    keys: Object.keys(d),
    options,
    directives: _directives === undefined ? 'none' : JSON.stringify(_directives),
    docDirectives: JSON.stringify(d.directives),
    schema: { name: d.schema.name, tags: d.schema.tags, compat: d.schema.compat },
    nodeKeys: keyOrder(d.contents),
    text: stringified(d),
    js: stringified(d, true),
  };
}

function picture(docs: Document.Parsed[], lineCounter: LineCounter): unknown {
  const parsed: ParsedYaml = { docs, lineCounter, errors: [] };
  return { canon: canonParse(parsed), docs: docs.map(docPicture) };
}

interface Tally {
  files: number;
  fast: number;
}

/** Compares the fast parse with yaml's on `text`; counts it when the fast path took it. */
function check(label: string, text: string, tally: Tally): void {
  tally.files++;
  const fastLines = new LineCounter();
  const fast = parseFastOrThrow(text, fastLines, DEFAULT_LIMITS.maxDepth, PARSE_OPTIONS);
  if (!fast) {
    assert.deepEqual(fastLines.lineStarts, [], `${label}: line starts added before giving up`);
    return;
  }
  tally.fast++;
  const yamlLines = new LineCounter();
  const slow = parseDocumentsWithYaml(text, yamlLines, DEFAULT_LIMITS.maxDepth);
  assert.ok('docs' in slow, `${label}: yaml found it too deep`);
  assert.deepEqual(picture(fast, fastLines), picture(slow.docs, yamlLines), `${label}: ${JSON.stringify(text.slice(0, 2000))}`);
}

/** Texts one to three random edits away from `text` (further, most of them no longer parse cleanly). */
function mutations(text: string, seed: number, count: number, gentle: boolean): string[] {
  const rand = prng(seed);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let cur = text;
    const edits = 1 + Math.floor(rand() * 3);
    for (let e = 0; e < edits; e++) cur = applyEdit(cur, randomEdit(cur, rand, gentle));
    out.push(cur);
  }
  return out;
}

describe('fast YAML parse', function () {
  this.timeout(600_000);

  const files = [...yamlFilesUnder(CORPUS), ...yamlFilesUnder(path.join(ROOT, 'examples'))];

  it('gives yaml\'s documents for every corpus and example YAML file, and takes most of them', function () {
    if (!fs.existsSync(CORPUS)) skipBecause(this, 'no ../shared/corpus');
    const tally = { files: 0, fast: 0 };
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      check(path.relative(ROOT, file), text, tally);
      // The same file with CRLF line ends (taken when no comment spans lines).
      check(`${path.relative(ROOT, file)} with CRLF`, text.replace(/\r?\n/g, '\r\n'), { files: 0, fast: 0 });
    }
    console.log(`      fast path: ${tally.fast} of ${tally.files} files`);
    assert.ok(tally.fast > tally.files / 2, `${tally.fast} of ${tally.files} on the fast path`);
  });

  it('gives yaml\'s documents over random edits of them', function () {
    if (!fs.existsSync(CORPUS)) skipBecause(this, 'no ../shared/corpus');
    const tally = { files: 0, fast: 0 };
    files.forEach((file, n) => {
      const text = fs.readFileSync(file, 'utf8');
      const label = path.relative(ROOT, file);
      mutations(text, 1000 + n, 30, false).forEach((t, k) => check(`${label} edit ${k}`, t, tally));
      mutations(text, 5000 + n, 30, true).forEach((t, k) => check(`${label} gentle edit ${k}`, t, tally));
    });
    console.log(`      fast path: ${tally.fast} of ${tally.files} edited texts`);
    assert.ok(tally.fast > tally.files / 4, `${tally.fast} of ${tally.files} on the fast path`);
  });

  it('gives yaml\'s documents for hand-picked cases, or leaves them to yaml', () => {
    const tally = { files: 0, fast: 0 };
    const cases = [
      '"a" : 1\n', "'a'  : [x]  # c\n", `${'k'.repeat(1030)}: 1\n`, `- ${'k'.repeat(1030)}: 1\n`, `${'k'.repeat(999)}: 1\n`,
      'a: "\\ud800 \\U0010FFFF"\n', 'a: "\\U00110000"\n', 'a: "\\q"\n', 'a: 1\n\n\n', 'a:\n  - b\n  # c\n\n# d\n', '- a\n  # c\n- b\n',
      'a: |\n  x\n\n\n', 'a: >+\n  x\n\n  \n', 'a: x\n    # deep\n  # mid\n# top\n', '__proto__: 1\nconstructor: 2\n',
      'a: -.inf\nb: 0o7\nc: 0x_1\nd: 1_000\ne: 1.0\nf: 01\ng: 1.50\nh: 3.\n', 'a: 1 #c\n#d\n', '- - a\n', 'a: { }\nb: [ ]\n',
      '# only a comment\n', '', '\n\n', 'a: 1\n---\nb: 2\n', '---\na: 1\n', 'a: 1\n...\n', '  a: 1\n', 'a:\n\tb: 1\n', 'a: 1\r\n',
      'a:\n# c\nb: 1\n', 'a:\n\n\nb: 1\n', 'a: # c\n  b: 1\n', '-\n# c\n- b\n', '- # c\n  a: 1\n', 'a:\n- x\n- y\nb: 2\n',
      '---\na: 1\n', '# c\n---\n# d\n\na: 1\n', '--- \n- a\n', '---\n\n# x\n  # y\nb:\n  c: 1\n', '---\n', '--- # c\na: 1\n', '# a\n\n---\n\na: 1\n',
      'x: &a\n  b: 1\ny:\n  <<: *a\n  c: *a # same\n', 'x: &a 1\n- *a\n', '- *a\n- *b\n', 'a: &x:\n', 'a: *x:\n',
      // a flow sequence on the lines after its key, as Prettier writes long Compose lists
      's:\n  t:\n    [\n      "CMD",\n      pg_isready ,\n      \'-h\',\n    ]\n  u: 1\n', 't:\n  [\n    a,\n    b\n  ]\n', 't:\n  [\n    a,\n]\n',
      't:\n[\n  a,\n]\n', 't: # c\n  [\n    a,\n  ]\n', 't:\n\n  [\n    a,\n  ]\n', 't:\n  [\n    a,\n  ] # c\n', 't:\n  [\n    a, b,\n  ]\n',
      't:\n  [\n    # c\n    a,\n  ]\n', 't:\n  [\n    a,\n\n  ]\n', 't:\n  [\n  ]\n', 't: &x\n  [\n    a,\n  ]\n', '- t:\n    [\n      a,\n    ]\n- u\n',
      't:\n  ["CMD", "curl", "-s"]\nu: 2\n', 't:\n  [a, b]   \n', 't:\n  [a, b] # c\n', 't:\n  [\n    a,\n  ]', 't:\n  [\n    a,\n  ]\n\n# d\nu: 1\n',
      // CRLF line ends, mixed ones, a lone CR; comments over several lines are left to yaml
      'a: 1 # c\r\nb: 2\r\n', 'a: |\r\n  x\r\n\r\n  y\r\nb: >\r\n  p\r\n  q\r\n\r\n', 'a: 1\r\nb: 2\n\r\nc:\r\n  - x\n', '# a\r\n# b\r\na: 1\r\n',
      'a: 1\r\n\r\n# c\r\n', '- a\r\n  # c\r\n- b\r\n', 'a: b\rc\n', 'a: 1\r', '---\r\na: [x, y]\r\n', 't:\r\n  [\r\n    a,\r\n  ]\r\n',
    ];
    for (const [k, text] of cases.entries()) check(`case ${k}`, text, tally);
    assert.ok(tally.fast > cases.length / 2, `${tally.fast} of ${cases.length} on the fast path`);
  });

  it('gives yaml\'s documents for random block YAML', () => {
    const rand = prng(42);
    const tally = { files: 0, fast: 0 };
    for (let k = 0; k < 200_000; k++) {
      const text = randomYaml(rand);
      check(`random text ${k}`, text, tally);
      if (k % 4 === 0) check(`random text ${k} with CRLF`, text.replace(/\n/g, '\r\n'), { files: 0, fast: 0 });
      if (k % 8 === 1) check(`random text ${k} with one CRLF`, text.replace(/\n(?=[^]*\n)/, '\r\n'), { files: 0, fast: 0 });
    }
    console.log(`      fast path: ${tally.fast} of ${tally.files} random texts`);
    assert.ok(tally.fast > tally.files / 5, `${tally.fast} of ${tally.files} on the fast path`);
  });
});
