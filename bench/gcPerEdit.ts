// Profiling aid for edit-latency's tail: replays the benchmark's edits of one file through the
// server's FolderState in this process and reports how often a garbage collection falls inside an
// edit and what it costs, next to the edits' time percentiles.
//   npx tsx bench/gcPerEdit.ts render.yaml|docker-compose.yml [edits]
import * as fs from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { editFolder } from './editFolder';
import { percentile } from './stats';

const EDITS = Number(process.argv[3] ?? 200);
const which = process.argv[2] === 'render.yaml' ? 'render.yaml' : 'docker-compose.yml';
const KIND: Record<number, string> = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak' };
const gcs: { start: number; duration: number; kind: string }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, duration: e.duration, kind: KIND[(e as unknown as { detail: { kind: number } }).detail.kind] ?? 'other' });
}).observe({ entryTypes: ['gc'] });

const { root, folder, script } = editFolder(which, EDITS);
let doc = TextDocument.create('file:///profile', 'yaml', 1, script.text);
const edits: { start: number; end: number }[] = [];
for (const [round, changes] of [script.changes, script.changes].entries()) {
  for (const change of [...changes, { text: script.text }]) {
    doc = TextDocument.update(doc, [change], doc.version + 1);
    const start = performance.now();
    folder.setOpenText(which, doc.getText(), doc.version);
    folder.check(new Set([which]));
    if (round === 1) edits.push({ start, end: performance.now() });
  }
}
setTimeout(() => {
  fs.rmSync(root, { recursive: true, force: true });
  const times = edits.map((e) => e.end - e.start);
  const inEdit = (g: (typeof gcs)[number]) => edits.findIndex((e) => g.start >= e.start && g.start <= e.end);
  const hit = new Map<number, number>();
  const byKind = new Map<string, number[]>();
  for (const g of gcs) {
    const k = inEdit(g);
    if (k < 0) continue;
    hit.set(k, (hit.get(k) ?? 0) + g.duration);
    byKind.set(g.kind, [...(byKind.get(g.kind) ?? []), g.duration]);
  }
  const without = times.map((t, k) => t - (hit.get(k) ?? 0));
  console.log(`${which}: ${edits.length} edits, p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms; edits with a collection ${hit.size}; without collections p50 ${percentile(without, 50).toFixed(2)} p95 ${percentile(without, 95).toFixed(2)}`);
  for (const [kind, d] of byKind) console.log(`  ${kind}: ${d.length}, mean ${(d.reduce((a, b) => a + b, 0) / d.length).toFixed(2)} ms, max ${Math.max(...d).toFixed(2)} ms`);
}, 100);
