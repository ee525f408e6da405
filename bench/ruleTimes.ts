// Profiling aid for edit-latency: replays the benchmark's edits on one file through the server's
// FolderState in this process and prints each rule's mean time per edit (its `check` and
// `checkAcross` wrapped), the parse, and the rest of the check (runner, caches, suppressions).
//   npx tsx bench/ruleTimes.ts render.yaml|docker-compose.yml [edits]
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RULES } from '../rules';
import { editFolder } from './editFolder';

const EDITS = Number(process.argv[3] ?? 100);
const which = process.argv[2] === 'render.yaml' ? 'render.yaml' : 'docker-compose.yml';
const spent = new Map<string, number>();
let measuring = false;
for (const rule of RULES) {
  for (const name of ['check', 'checkAcross'] as const) {
    const original = (rule as unknown as Record<string, ((ctx: unknown) => void) | undefined>)[name];
    if (!original) continue;
    (rule as unknown as Record<string, (ctx: unknown) => void>)[name] = function timed(this: unknown, ctx: unknown): void {
      const t = performance.now();
      try {
        original.call(this, ctx);
      } finally {
        if (measuring) spent.set(rule.id, (spent.get(rule.id) ?? 0) + performance.now() - t);
      }
    };
  }
}
const { root, folder, script } = editFolder(which, EDITS);
let doc = TextDocument.create('file:///profile', 'yaml', 1, script.text);
let parse = 0;
let check = 0;
for (const [round, changes] of [script.changes, script.changes].entries()) {
  measuring = round === 1;
  for (const change of [...changes, { text: script.text }]) {
    doc = TextDocument.update(doc, [change], doc.version + 1);
    const t0 = performance.now();
    folder.setOpenText(which, doc.getText(), doc.version);
    const t1 = performance.now();
    folder.check(new Set([which]));
    if (measuring) {
      parse += t1 - t0;
      check += performance.now() - t1;
    }
  }
}
fs.rmSync(root, { recursive: true, force: true });
const n = EDITS + 1;
const rules = [...spent].sort((a, b) => b[1] - a[1]);
const inRules = rules.reduce((s, [, t]) => s + t, 0);
console.log(`${which}: ${EDITS} edits; per edit: parse ${(parse / n).toFixed(2)} ms, check ${(check / n).toFixed(2)} ms (rules ${(inRules / n).toFixed(2)}, rest ${((check - inRules) / n).toFixed(2)})`);
for (const [id, t] of rules.slice(0, 25)) console.log(`  ${(t / n).toFixed(3).padStart(7)} ms  ${id}`);
