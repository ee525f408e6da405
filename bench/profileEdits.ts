// Profiling aid for edit-latency: replays the benchmark's edits on one file through the server's
// FolderState in this process (no LSP), printing the parse and rule-check time per edit. Run it
// under `node --cpu-prof -r tsx/cjs bench/profileEdits.ts render.yaml [edits]` to see what dominates.
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { editFolder } from './editFolder';
import { percentile } from './stats';

const EDITS = Number(process.argv[3] ?? 30);
const which = process.argv[2] === 'render.yaml' ? 'render.yaml' : 'docker-compose.yml';
const { root, folder, script } = editFolder(which, EDITS);
let doc = TextDocument.create('file:///profile', 'yaml', 1, script.text);
const times: number[] = [];
let parse = 0;
let check = 0;
for (const change of script.changes) {
  doc = TextDocument.update(doc, [change], doc.version + 1);
  const t0 = performance.now();
  folder.setOpenText(which, doc.getText(), doc.version);
  const t1 = performance.now();
  folder.check(new Set([which]));
  const t2 = performance.now();
  parse += t1 - t0;
  check += t2 - t1;
  times.push(t2 - t0);
}
fs.rmSync(root, { recursive: true, force: true });
console.log(`${which}: ${EDITS} edits, p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms; mean parse ${(parse / EDITS).toFixed(1)} ms, mean rules ${(check / EDITS).toFixed(1)} ms`);
