// index-10k: the language server on a generated 10,000-file workspace (code in five languages with
// environment reads, plus the configs that deploy it) with the corpus copied in: time from process
// start to the first complete diagnostics (the last publication before the status reports every
// file checked), and the server's peak resident memory.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateWorkspace } from '../../test/helpers/generateWorkspace';
import { BenchClient } from '../lsp';
import { median, round, spread } from '../stats';
import { CORPUS, REPO, SERVER, tmpDir, type CaseResult, type Env } from '../env';

interface Run {
  completeMs: number;
  statusMs: number;
  peakRssMb: number;
  progress: number;
  /** env-missing-required findings outside the corpus copy: the planted reads. */
  missingRequired: number;
  filesWithDiagnostics: number;
}

async function run(root: string): Promise<Run> {
  const client = new BenchClient(process.execPath, [SERVER, '--stdio'], (section) => (section === 'readiness' ? { validationDelay: 0 } : null), { cwd: REPO });
  try {
    const complete = client.waitForNotification('readiness/status', (p) => (p as { complete?: boolean }).complete === true);
    await client.initialize(root);
    const statusAt = await complete;
    const last = client.published.filter((p) => p.at <= statusAt).reduce((t, p) => Math.max(t, p.at), 0);
    const latest = new Map(client.published.map((p) => [p.uri, p]));
    return {
      completeMs: (last || statusAt) - client.spawnedAt,
      statusMs: statusAt - client.spawnedAt,
      peakRssMb: (client.peakRss() ?? NaN) / 1024 / 1024,
      progress: client.notifications.filter((n) => n.method === '$/progress').length,
      missingRequired: [...latest.values()].filter((p) => !p.uri.includes('/corpus/')).reduce((n, p) => n + p.diagnostics.filter((d) => d.code === 'env-missing-required').length, 0),
      filesWithDiagnostics: [...latest.values()].filter((p) => p.diagnostics.length).length,
    };
  } finally {
    await client.dispose();
  }
}

export async function index10k(env: Env): Promise<CaseResult> {
  const root = tmpDir('readiness-bench-index-');
  const ws = generateWorkspace(root, env.indexFiles);
  fs.cpSync(CORPUS, path.join(root, 'corpus'), { recursive: true });
  env.log(`index-10k: ${ws.sourceFiles} generated source files in ${ws.services} services, plus the corpus`);
  await run(root); // warm-up: the disk cache, so every measured run reads the same way
  const runs: Run[] = [];
  for (let i = 0; i < env.indexRuns; i++) {
    runs.push(await run(root));
    env.log(`  run ${i + 1}: complete in ${runs[i].completeMs.toFixed(0)} ms, peak RSS ${runs[i].peakRssMb.toFixed(1)} MB`);
  }
  fs.rmSync(root, { recursive: true, force: true });
  const complete = median(runs.map((r) => r.completeMs));
  const rss = Math.max(...runs.map((r) => r.peakRssMb));
  const generatedMissing = runs[0].missingRequired;
  return {
    name: 'index-10k',
    unit: 'ms',
    readiness: { firstCompleteDiagnostics: round(complete, 0), peakRssMb: round(rss, 1) },
    baseline: null,
    ratio: null,
    targets: [{ what: 'peak RSS', limit: '≤ 150 MB', value: round(rss, 1), met: rss <= 150 }],
    spread: { firstCompleteDiagnostics: spread(runs.map((r) => r.completeMs)), peakRssMb: spread(runs.map((r) => r.peakRssMb)) },
    details: {
      sourceFiles: ws.sourceFiles,
      services: ws.services,
      plantedMissingReads: ws.missingReads,
      envMissingRequiredReported: generatedMissing,
      progressNotifications: runs[0].progress,
      filesWithDiagnostics: runs[0].filesWithDiagnostics,
      statusCompleteMs: spread(runs.map((r) => r.statusMs)),
    },
  };
}
