// The incremental YAML parse must give exactly what a whole-file parse gives: every node, range,
// comment, error and line start, over random edits of the benchmark files and the corpus, each
// applied to the result of the previous one (so reused trees keep being reused), and over the
// benchmark's own edit script.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseYaml, type ParsedYaml } from '../../engine/parse/yaml';
import { reparseYaml, textChange } from '../../engine/parse/incremental';
import { reparseInRuns } from '../../engine/parse/runs';
import { composeEdits, composeFile, renderEdits, renderFile } from '../../bench/editScript';
import { canonParse } from '../helpers/yamlCanon';
import { applyEdit, prng, randomEdit } from '../helpers/randomEdits';
import { skipBecause } from '../helpers/skip';
import { CORPUS, yamlFilesUnder } from '../helpers/yamlFiles';

const corpusYaml = (): string[] => yamlFilesUnder(CORPUS);

interface Tally {
  edits: number;
  incremental: number;
}

/** Applies `texts` in turn, each re-parsed from the previous result; every step is compared with a whole parse. */
function check(label: string, texts: string[], tally: Tally): void {
  let prevText = texts[0];
  let prev: ParsedYaml = parseYaml(prevText);
  for (let k = 1; k < texts.length; k++) {
    const text = texts[k];
    const full = parseYaml(text);
    const expected = canonParse(full);
    const inc = reparseYaml(prevText, prev, text);
    tally.edits++;
    if (inc) {
      tally.incremental++;
      const c = textChange(prevText, text);
      const around = (t: string, end: number) => JSON.stringify(t.slice(Math.max(0, c.start - 60), Math.min(end, c.start + 200) + 60));
      assert.deepEqual(canonParse(inc), expected, `${label}, step ${k} at ${c.start}: ${around(prevText, c.oldEnd)} -> ${around(text, c.newEnd)}`);
      prev = inc;
    } else prev = full;
    prevText = text;
  }
}

function randomTexts(text: string, seed: number, count: number, gentle: boolean): string[] {
  const rand = prng(seed);
  const out = [text];
  for (let k = 0; k < count; k++) {
    // Now and then start over from the original, so edits do not drift into nonsense.
    const base = rand() < 0.1 ? text : out[out.length - 1];
    out.push(applyEdit(base, randomEdit(base, rand, gentle)));
  }
  return out;
}

function scriptTexts(text: string, changes: ReturnType<typeof composeEdits>['changes']): string[] {
  let doc = TextDocument.create('file:///x', 'yaml', 1, text);
  const out = [text];
  for (const c of changes) {
    doc = TextDocument.update(doc, [c], doc.version + 1);
    out.push(doc.getText());
  }
  return out;
}

function servicesOf(p: ParsedYaml): unknown[] {
  const pairs = (p.docs[0].contents as { items: { key: { value: unknown }; value: { items: unknown[] } }[] }).items;
  return pairs.find((x) => x.key.value === 'services')!.value.items;
}

describe('incremental YAML parse', function () {
  this.timeout(600_000);

  it('finds the same single change as a character-by-character comparison, across whole blocks', () => {
    const naive = (a: string, b: string) => {
      const min = Math.min(a.length, b.length);
      let start = 0;
      while (start < min && a[start] === b[start]) start++;
      let tail = 0;
      while (tail < min - start && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
      return { start, oldEnd: a.length - tail, newEnd: b.length - tail };
    };
    const rand = prng(7);
    for (let k = 0; k < 300; k++) {
      const len = Math.floor(rand() * 5000);
      let a = '';
      for (let i = 0; i < len; i++) a += 'ab\n '[Math.floor(rand() * 4)];
      const at = Math.floor(rand() * (a.length + 1));
      const b = a.slice(0, at) + 'ab'.slice(0, Math.floor(rand() * 3)) + a.slice(Math.min(a.length, at + Math.floor(rand() * 3)));
      assert.deepEqual(textChange(a, b), naive(a, b));
    }
  });

  it('gives the whole-file parse on the benchmark edit scripts, re-parsing incrementally', () => {
    for (const [name, text, script] of [
      ['docker-compose.yml', composeFile(), composeEdits] as const,
      ['render.yaml', renderFile(), renderEdits] as const,
    ]) {
      const tally = { edits: 0, incremental: 0 };
      // Three rounds of the script's edit kinds (a full file parse per step is slow).
      check(name, scriptTexts(text, script(text, 63).changes), tally);
      // Every edit of the script stays inside one service, broken indentation included.
      assert.equal(tally.incremental, tally.edits, `${name}: ${tally.incremental} of ${tally.edits} incremental`);
    }
  });

  it('gives the whole-file parse over random edits of the benchmark files', () => {
    const small = (n: number) => ({ compose: composeFile(n), render: renderFile(n) });
    const tally = { edits: 0, incremental: 0 };
    for (let seed = 1; seed <= 4; seed++) {
      const files = small(12);
      for (const gentle of [false, true]) {
        check(`compose seed ${seed}${gentle ? ' gentle' : ''}`, randomTexts(files.compose, seed, 300, gentle), tally);
        check(`render seed ${seed}${gentle ? ' gentle' : ''}`, randomTexts(files.render, 100 + seed, 300, gentle), tally);
      }
    }
    // Random edits break files often; the incremental path must still be taken on a good share.
    assert.ok(tally.incremental > tally.edits / 10, `${tally.incremental} of ${tally.edits} incremental`);
  });

  it('moves a later root collection right after items of it were re-parsed (its kept offset list is renewed)', () => {
    const text = renderFile(3);
    const steps = [text];
    const edit = (at: string, insert: string) => {
      const last = steps[steps.length - 1];
      const i = last.indexOf(at) + at.length;
      steps.push(last.slice(0, i) + insert + last.slice(i));
    };
    edit('services:\n', ''); // no change: the first step is compared too
    edit('    name: svc-000', 'a'); // in services: moves databases and envVarGroups
    edit('    plan: basic-256mb', '0'); // in databases: replaces its item
    edit('    name: svc-001', 'b'); // in services again: must move the new database item
    edit('      - key: TZ', 'Z'); // in envVarGroups, after both
    edit('    name: svc-002', 'c');
    const tally = { edits: 0, incremental: 0 };
    check('render.yaml across root collections', steps, tally);
    assert.equal(tally.incremental, tally.edits);
  });

  it('re-parses a change spanning many services one run of changed lines at a time, keeping the services between', () => {
    for (const [name, text, script] of [
      ['docker-compose.yml', composeFile(), composeEdits] as const,
      ['render.yaml', renderFile(), renderEdits] as const,
    ]) {
      const edited = scriptTexts(text, script(text, 200).changes).pop()!;
      for (const [from, to, label] of [[edited, text, 'text put back'], [text, edited, 'edits pasted in']] as const) {
        const prev = parseYaml(from);
        const items = servicesOf(prev);
        const kept = items[Math.floor(items.length * 0.45)];
        const got = reparseInRuns(from, prev, to, textChange(from, to));
        assert.ok(got && got !== 'whole', `${name}, ${label}: re-parsed in runs`);
        assert.deepEqual(canonParse(got), canonParse(parseYaml(to)), `${name}, ${label}`);
        const after = servicesOf(got);
        assert.ok(after.includes(kept), `${name}, ${label}: a service between the runs keeps its node`);
      }
    }
  });

  it('gives the whole-file parse for random scattered edits taken back at once', () => {
    const tally = { runs: 0, whole: 0, not: 0 };
    for (let seed = 1; seed <= 40; seed++) {
      const rand = prng(seed);
      const text = seed % 2 ? composeFile(40) : renderFile(40);
      let edited = text;
      for (let k = 0; k < 2 + Math.floor(rand() * 8); k++) edited = applyEdit(edited, randomEdit(edited, rand, rand() < 0.8));
      for (const [from, to] of [[edited, text], [text, edited]]) {
        const prev = parseYaml(from);
        const got = reparseInRuns(from, prev, to, textChange(from, to));
        if (got === undefined || got === 'whole') {
          // Not for runs (then the tree is untouched), or the caller parses whole.
          tally[got === undefined ? 'not' : 'whole']++;
          continue;
        }
        tally.runs++;
        assert.deepEqual(canonParse(got), canonParse(parseYaml(to)), `seed ${seed}`);
      }
    }
    assert.ok(tally.runs >= 10, JSON.stringify(tally));
  });

  it('gives the whole-file parse over random edits of the corpus YAML files', function () {
    const files = corpusYaml();
    if (!files.length) skipBecause(this, 'no YAML file under ../shared/corpus');
    const tally = { edits: 0, incremental: 0 };
    files.forEach((file, n) => {
      const text = fs.readFileSync(file, 'utf8');
      check(path.relative(CORPUS, file), randomTexts(text, 1000 + n, 20, false), tally);
      check(`${path.relative(CORPUS, file)} gentle`, randomTexts(text, 5000 + n, 20, true), tally);
    });
    assert.ok(tally.incremental > tally.edits / 20, `${tally.incremental} of ${tally.edits} incremental`);
  });
});
