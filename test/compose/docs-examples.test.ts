// The bad/good examples in the docs of the Compose and dotenv rules: each bad example triggers its
// rule, each good one does not (audited alone, or with the blocks of the same group).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { audit, writeWorkspace } from '../helpers/workspace';

const RULES = ['public-datastore-port', 'privileged-container', 'compose-broken-reference', 'compose-healthcheck', 'compose-latest-tag', 'compose-restart-policy', 'env-syntax', 'env-conflicting-flags'];

interface Block {
  file: string;
  verdict: 'bad' | 'good';
  group?: string;
  text: string;
}

function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  const re = /^```\w+ ([^\n]*)\n([\s\S]*?)^```$/gm;
  for (const m of markdown.matchAll(re)) {
    const info = m[1];
    const file = /file=(\S+)/.exec(info)?.[1];
    const verdict = /\b(bad|good)\b/.exec(info)?.[1] as Block['verdict'] | undefined;
    if (file && verdict) out.push({ file, verdict, group: /group=(\S+)/.exec(info)?.[1], text: m[2] });
  }
  return out;
}

describe('rule docs: examples', () => {
  for (const id of RULES) {
    it(id, () => {
      const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'rules', `${id}.md`), 'utf8');
      for (const heading of ['## What it catches', '## Why it matters in production', '## Examples', '## Fix', '## Options']) assert.ok(doc.includes(heading), `${id}: ${heading}`);
      const all = blocks(doc);
      assert.ok(all.some((b) => b.verdict === 'bad') && all.some((b) => b.verdict === 'good'), `${id}: a bad and a good example`);
      const units = new Map<string, Block[]>();
      all.forEach((b, i) => units.set(b.group ? `${b.verdict}:${b.group}` : `${i}`, [...(units.get(b.group ? `${b.verdict}:${b.group}` : `${i}`) ?? []), b]));
      for (const unit of units.values()) {
        const dir = writeWorkspace(Object.fromEntries(unit.map((b) => [b.file, b.text])));
        const found = audit(dir, { only: [id] }).findings.filter((f) => f.ruleId === id);
        if (unit[0].verdict === 'bad') assert.ok(found.length > 0, `${id}: bad example ${unit[0].file} triggers nothing`);
        else assert.deepEqual(found.map((f) => f.message), [], `${id}: good example ${unit[0].file}`);
      }
    });
  }
});
