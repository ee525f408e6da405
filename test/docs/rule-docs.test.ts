import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENGINE_RULES } from '../../engine/engineRules';
import { RULES } from '../../rules';
import { audit, writeWorkspace } from '../helpers/workspace';

const DOCS = path.join(__dirname, '..', '..', 'docs', 'rules');
const SECTIONS = ['## What it catches', '## Why it matters in production', '## Examples', '## Fix', '## Options'];

interface Example {
  file: string;
  verdict: 'bad' | 'good';
  group?: string;
  text: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
}

/** Fenced blocks whose info string names a file: ```` ```yaml file=docker-compose.yml bad group=a ````. */
function parseExamples(markdown: string): Example[] {
  const lines = markdown.split(/\r?\n/);
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const end = lines.findIndex((l, j) => j > i && l.startsWith(fence) && l.slice(fence.length).trim() === '');
    if (end < 0) throw new Error(`unclosed code block at line ${i + 1}`);
    const words = open[2].trim().split(/\s+/);
    const attr = (name: string) => words.find((w) => w.startsWith(`${name}=`))?.slice(name.length + 1);
    const file = attr('file');
    if (file !== undefined) {
      const verdicts = words.filter((w) => w === 'bad' || w === 'good');
      if (verdicts.length !== 1) throw new Error(`line ${i + 1}: an example with file= needs exactly one of bad / good`);
      out.push({ file, verdict: verdicts[0] as Example['verdict'], group: attr('group'), text: lines.slice(i + 1, end).join('\n') + '\n', line: i + 1 });
    }
    i = end;
  }
  return out;
}

/** Each block is its own workspace, except blocks sharing a group (same verdict), which form one. */
function workspaces(examples: Example[]): { verdict: Example['verdict']; files: Record<string, string>; where: string }[] {
  const units: { verdict: Example['verdict']; files: Record<string, string>; where: string }[] = [];
  const groups = new Map<string, (typeof units)[number]>();
  for (const ex of examples) {
    assert.ok(!ex.file.split('/').includes('..') && !path.isAbsolute(ex.file), `line ${ex.line}: file= must stay inside the workspace`);
    if (ex.group === undefined) {
      units.push({ verdict: ex.verdict, files: { [ex.file]: ex.text }, where: `line ${ex.line} (${ex.file})` });
      continue;
    }
    let unit = groups.get(ex.group);
    if (!unit) {
      groups.set(ex.group, (unit = { verdict: ex.verdict, files: {}, where: `group ${ex.group}` }));
      units.push(unit);
    }
    assert.equal(unit.verdict, ex.verdict, `line ${ex.line}: every block of group ${ex.group} has the same verdict`);
    assert.ok(!(ex.file in unit.files), `line ${ex.line}: ${ex.file} appears twice in group ${ex.group}`);
    unit.files[ex.file] = ex.text;
  }
  return units;
}

describe('rule documentation', () => {
  it('exists for every rule, and every page belongs to a rule or an engine notice', () => {
    const missing = RULES.filter((r) => !fs.existsSync(path.join(DOCS, `${r.id}.md`))).map((r) => r.id);
    assert.deepEqual(missing, [], 'rules without docs/rules/<id>.md');
    const known = new Set([...RULES.map((r) => r.id), ...Object.keys(ENGINE_RULES)]);
    const orphans = fs.readdirSync(DOCS).filter((f) => f.endsWith('.md') && !known.has(f.slice(0, -3)));
    assert.deepEqual(orphans, [], 'pages for rules that do not exist');
  });

  it('reads example blocks, their verdicts and groups', () => {
    const md = '# x\n\n```yaml file=render.yaml bad group=a\nservices: []\n```\n```sh\nrm -rf /\n```\n~~~dotenv file=.env good\nA=1\n~~~\n';
    assert.deepEqual(parseExamples(md), [
      { file: 'render.yaml', verdict: 'bad', group: 'a', text: 'services: []\n', line: 3 },
      { file: '.env', verdict: 'good', group: undefined, text: 'A=1\n', line: 9 },
    ]);
    assert.throws(() => parseExamples('```yaml file=a.yml\nx: 1\n```\n'), /exactly one of bad \/ good/);
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const file = path.join(DOCS, `${rule.id}.md`);
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';

      it('has the title, a summary and the sections in order', () => {
        assert.ok(text, `docs/rules/${rule.id}.md is missing`);
        const lines = text.split(/\r?\n/);
        assert.equal(lines[0], `# ${rule.id}`);
        assert.ok(lines.slice(1).find((l) => l.trim())?.match(/^[^#]/), 'a one-line summary follows the title');
        let at = -1;
        for (const section of SECTIONS) {
          const i = lines.indexOf(section);
          assert.ok(i > at, `"${section}" is present and after the previous section`);
          at = i;
        }
      });

      it('has a bad and a good example, and each does what it says', () => {
        if (!text) assert.fail(`docs/rules/${rule.id}.md is missing`);
        const units = workspaces(parseExamples(text));
        assert.ok(units.some((u) => u.verdict === 'bad'), 'at least one bad example');
        assert.ok(units.some((u) => u.verdict === 'good'), 'at least one good example');
        for (const unit of units) {
          const dir = writeWorkspace(unit.files);
          const found = audit(dir, { only: [rule.id] }).findings.filter((f) => f.ruleId === rule.id);
          if (unit.verdict === 'bad') assert.ok(found.length > 0, `the bad example at ${unit.where} must trigger ${rule.id}`);
          else assert.deepEqual(found.map((f) => `${f.file}: ${f.message}`), [], `the good example at ${unit.where} must not trigger ${rule.id}`);
        }
      });
    });
  }
});
