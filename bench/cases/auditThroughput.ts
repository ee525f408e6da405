// audit-throughput: the CLI's audit (walk, read, parse, index code, every rule, JSON report) on the
// corpus replicated to ≥ 2,000 files, vs a parse-only floor that reads and parses the same config
// files with `yaml` (LineCounter, all documents) and the dotenv parser, and nothing else.
// Both in this process, warm, alternating; Readiness's engine bundled as shipped (bench/shippedBundle.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { shipped, type Shipped } from '../shippedBundle';
import { median, processCpuMs, round, spread } from '../stats';
import { CORPUS, tmpDir, type CaseResult, type Env } from '../env';

function countFiles(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n++;
  return n;
}

/** Copies of the corpus side by side until the folder holds at least `min` files. */
export function replicateCorpus(min: number): { root: string; files: number; copies: number } {
  const root = tmpDir('readiness-bench-corpus-');
  const per = countFiles(CORPUS);
  const copies = Math.ceil(min / per);
  for (let k = 0; k < copies; k++) fs.cpSync(CORPUS, path.join(root, `copy-${k}`), { recursive: true });
  return { root, files: per * copies, copies };
}

function readinessAudit({ auditDirectory, FORMATTERS, RULES, VERSION }: Shipped, root: string): { findings: number; configFiles: number } {
  const result = auditDirectory(root);
  const out = FORMATTERS.json(result, { color: false, quiet: false, toolVersion: VERSION, generatedAt: new Date(0).toISOString(), catalogue: RULES });
  if (!out.length) throw new Error('empty report');
  return { findings: result.findings.length, configFiles: result.configFileCount };
}

function parseOnly({ parseDotenv }: Shipped, root: string, files: readonly { path: string; kind: string }[]): number {
  let docs = 0; // returned, so the parses cannot be optimised away
  for (const f of files) {
    const text = fs.readFileSync(path.join(root, f.path), 'utf8');
    if (f.kind === 'dotenv') docs += parseDotenv(text).entries.length;
    else docs += parseAllDocuments(text, { lineCounter: new LineCounter(), uniqueKeys: false, prettyErrors: false }).length;
  }
  return docs;
}

export async function auditThroughput(env: Env): Promise<CaseResult> {
  const engine = await shipped();
  const { root, files, copies } = replicateCorpus(env.auditFiles);
  env.log(`audit-throughput: ${copies} copies of the corpus, ${files} files`);
  const configFiles = engine.auditDirectory(root).workspace.files().map((f) => ({ path: f.path, kind: f.kind }));
  const times = { readiness: [] as number[], baseline: [] as number[] };
  let findings = 0;
  // One warm-up each, then repetitions.
  readinessAudit(engine, root);
  parseOnly(engine, root, configFiles);
  const cpu = { readiness: [] as number[], baseline: [] as number[] };
  const runReadiness = () => {
    const c = processCpuMs();
    const t = performance.now();
    findings = readinessAudit(engine, root).findings;
    times.readiness.push(performance.now() - t);
    cpu.readiness.push(processCpuMs() - c);
  };
  const runBaseline = () => {
    const c = processCpuMs();
    const t = performance.now();
    parseOnly(engine, root, configFiles);
    times.baseline.push(performance.now() - t);
    cpu.baseline.push(processCpuMs() - c);
  };
  // The order alternates, so neither always runs after the other's garbage or in its slot.
  for (let i = 0; i < env.repeats; i++) {
    if (i % 2 === 0) runReadiness(), runBaseline();
    else runBaseline(), runReadiness();
  }
  fs.rmSync(root, { recursive: true, force: true });
  const r = median(times.readiness);
  const b = median(times.baseline);
  const ratio = round(r / b, 3);
  return {
    name: 'audit-throughput',
    unit: 'ms',
    readiness: { total: round(r), filesPerSecond: Math.round(files / (r / 1000)), configFilesPerSecond: Math.round(configFiles.length / (r / 1000)) },
    baseline: { name: 'parse-only (yaml + dotenv parser)', total: round(b), configFilesPerSecond: Math.round(configFiles.length / (b / 1000)) },
    ratio,
    targets: [{ what: 'ratio', limit: '≤ 1.3', value: ratio, met: ratio <= 1.3 }],
    spread: { readinessTotal: spread(times.readiness), baselineTotal: spread(times.baseline) },
    details: {
      files, configFiles: configFiles.length, copies, findings,
      // CPU time of this process per repetition (V8's helper threads included, for both): steadier than wall time on a busy machine.
      cpuMs: { readiness: spread(cpu.readiness), baseline: spread(cpu.baseline), ratio: round(median(cpu.readiness) / median(cpu.baseline), 3) },
      note: 'in-process, warm, the engine bundled as shipped; the audit also walks the tree and scans source code for environment reads, the floor only parses the config files',
    },
  };
}
