// edit-latency: time from sending an incremental didChange to receiving that version's
// publishDiagnostics, Readiness (debounce 0) vs yaml-language-server with the Compose schema mapped
// from a local file. The baseline's fixed 200 ms delay is set to 0 to compare its work (see
// bench/yaml-language-server-nodelay.mjs); the as-shipped delay is measured too, on fewer edits.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BenchClient, uriOf } from '../lsp';
import { composeEdits, composeFile, renderEdits, renderFile, PLANTED_UNKNOWN_KEY, type EditScript } from '../editScript';
import { latencies, percentile, round, spread } from '../stats';
import { COMPOSE_SCHEMA, REPO, SERVER, YAML_LS_BIN, YAML_LS_NODELAY, tmpDir, type CaseResult, type Env } from '../env';

interface Doc {
  file: string;
  uri: string;
  script: EditScript;
  version: number;
}

interface Server {
  name: string;
  client: BenchClient;
  /** Whether a publication answers the change that produced `version`. */
  answers(version: number): (p: { version?: number }) => boolean;
}

function startReadiness(): Server {
  const client = new BenchClient(process.execPath, [SERVER, '--stdio'], (section) => (section === 'readiness' ? { validationDelay: 0 } : null), { cwd: REPO, keepPublished: false });
  // Readiness publishes the version it analysed: wait for exactly that one.
  return { name: 'readiness', client, answers: (v) => (p) => p.version === v };
}

function yamlSettings(): unknown {
  return {
    validate: true,
    hover: false,
    completion: false,
    format: { enable: false },
    schemas: { [uriOf(COMPOSE_SCHEMA)]: ['docker-compose*.yml', 'docker-compose*.yaml', 'compose*.yml', 'compose*.yaml'] },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
  };
}

function startYamlLs(entry: string, name: string): Server {
  const client = new BenchClient(process.execPath, [entry, '--stdio'], (section) => (section === 'yaml' ? yamlSettings() : section === 'http' || section === 'editor' ? {} : null), { cwd: REPO, keepPublished: false });
  // It publishes without a version, once per validation: the next publication answers the change.
  return { name, client, answers: () => () => true };
}

async function openAll(server: Server, root: string, docs: Doc[]): Promise<void> {
  await server.client.initialize(root);
  for (const d of docs) {
    const first = server.client.nextPublish(d.uri, d.file.endsWith('docker-compose.yml') && server.name !== 'readiness'
      // The baseline must really validate against the schema: wait until it reports the planted key.
      ? (p) => p.diagnostics.some((x) => x.message.includes(PLANTED_UNKNOWN_KEY))
      : () => true, 30_000);
    await server.client.open(d.file, d.script.text, 'yaml', 1);
    await first;
  }
  // Settle: configuration pulls re-validate open files once more.
  await new Promise((r) => setTimeout(r, 700));
}

async function send(server: Server, doc: Doc, changes: Parameters<BenchClient['change']>[2], version: number): Promise<number> {
  const answered = server.client.nextPublish(doc.uri, server.answers(version));
  const started = performance.now();
  await server.client.change(doc.file, version, changes);
  const p = await answered;
  return p.at - started;
}

/** Replays `count` edits of each document; returns the latencies per document. Each server keeps its own versions. */
async function replay(server: Server, docs: Doc[], versions: Map<string, number>, count: number, log?: (m: string) => void): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (const d of docs) {
    const samples: number[] = [];
    const key = `${server.name}:${d.uri}`;
    let v = versions.get(key) ?? 1;
    const cpu = server.client.cpuMs();
    for (const change of d.script.changes.slice(0, count)) samples.push(await send(server, d, [change], ++v));
    const used = (server.client.cpuMs() ?? NaN) - (cpu ?? NaN);
    if (log) cpuPerEdit.get(server.name)?.push(used / samples.length);
    log?.(`  ${server.name} ${path.basename(d.file)}: ${samples.length} edits, p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms, server CPU ${(used / samples.length).toFixed(1)} ms per edit`);
    // Back to the original text for the next round (not measured).
    await send(server, d, [{ text: d.script.text }], ++v);
    versions.set(key, v);
    out.set(d.file, samples);
  }
  return out;
}

/**
 * Warms a server up on each file: at least `warmupEdits` edits, then further edits of the script
 * until the server has spent `warmupMs` of its own time on that file. V8 optimises a function after
 * enough calls and loop iterations, i.e. after enough work, not enough edits: a server that does a
 * fraction of the other's work per edit needs that many more edits to reach the same state. Equal
 * time gives both the same chance; the slower server reaches it within the minimum number of edits.
 */
async function warmUp(server: Server, docs: Doc[], versions: Map<string, number>, env: Env): Promise<void> {
  for (const d of docs) {
    const started = performance.now();
    let edits = 0;
    for (let count = env.warmupEdits; count > 0; ) {
      await replay(server, [d], versions, count);
      edits += count;
      const spent = performance.now() - started;
      const left = env.warmupMs - spent;
      count = left > 0 ? Math.min(env.edits, Math.ceil(left / (spent / edits))) : 0;
    }
    env.log(`  warm-up: ${server.name} ${path.basename(d.file)}: ${edits} edits in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** Mean server CPU time per edit, per measured file and round, by server name (noise from other processes shows less here). */
const cpuPerEdit = new Map<string, number[]>();

export async function editLatency(env: Env): Promise<CaseResult> {
  cpuPerEdit.clear();
  cpuPerEdit.set('readiness', []).set('yaml-language-server', []).set('yaml-language-server (as shipped)', []);
  const root = tmpDir('readiness-bench-edit-');
  const compose = composeFile();
  const render = renderFile();
  fs.writeFileSync(path.join(root, 'docker-compose.yml'), compose);
  fs.writeFileSync(path.join(root, 'render.yaml'), render);
  const docs: Doc[] = [
    { file: path.join(root, 'docker-compose.yml'), uri: uriOf(path.join(root, 'docker-compose.yml')), script: composeEdits(compose, env.edits), version: 1 },
    { file: path.join(root, 'render.yaml'), uri: uriOf(path.join(root, 'render.yaml')), script: renderEdits(render, env.edits), version: 1 },
  ];
  const lines = [compose, render].map((t) => t.split('\n').length);
  env.log(`edit-latency: ${lines.join(' + ')} lines, ${env.edits} edits per file, up to ${env.rounds} rounds in ${Math.max(0, (env.deadline - performance.now()) / 1000).toFixed(0)} s`);

  const readiness = startReadiness();
  const baseline = startYamlLs(YAML_LS_NODELAY, 'yaml-language-server');
  const versions = new Map<string, number>();
  const samples = { readiness: [] as number[], baseline: [] as number[] };
  const perRoundP95 = { readiness: [] as number[], baseline: [] as number[] };
  const perFile = new Map<string, { readiness: number[]; baseline: number[] }>();
  try {
    await openAll(readiness, root, docs);
    await openAll(baseline, root, docs);
    env.log('  both servers have published the opened files');
    // Warm-up: the JIT, the baseline's schema compilation.
    await warmUp(readiness, docs, versions, env);
    await warmUp(baseline, docs, versions, env);
    // Rounds alternate between the servers so a noisy neighbour hurts both alike. A further round
    // only when one more, as long as the last, still fits in the run's time (a loaded machine is slow).
    let roundMs = 0;
    for (let r = 0; r < env.rounds && (r === 0 || performance.now() + roundMs + env.shippedReserveMs < env.deadline); r++) {
      const roundStarted = performance.now();
      for (const [server, key] of [[readiness, 'readiness'], [baseline, 'baseline']] as const) {
        const got = await replay(server, docs, versions, env.edits, env.log);
        const round: number[] = [];
        for (const [file, list] of got) {
          round.push(...list);
          const entry = perFile.get(file) ?? { readiness: [], baseline: [] };
          entry[key].push(...list);
          perFile.set(file, entry);
        }
        samples[key].push(...round);
        perRoundP95[key].push(percentile(round, 95));
      }
      roundMs = performance.now() - roundStarted;
      env.log(`  round ${r + 1}: readiness p95 ${perRoundP95.readiness[r].toFixed(1)} ms, yaml-language-server p95 ${perRoundP95.baseline[r].toFixed(1)} ms (${(roundMs / 1000).toFixed(0)} s)`);
    }
  } finally {
    await readiness.client.dispose();
    await baseline.client.dispose();
  }

  // As users feel it: the baseline with its fixed 200 ms delay, on the first edits of the compose file.
  const shipped = startYamlLs(YAML_LS_BIN, 'yaml-language-server (as shipped)');
  let asShipped: number[] = [];
  try {
    await openAll(shipped, root, docs.slice(0, 1));
    asShipped = (await replay(shipped, docs.slice(0, 1), new Map(), env.shippedEdits, env.log)).get(docs[0].file)!;
  } finally {
    await shipped.client.dispose();
  }
  fs.rmSync(root, { recursive: true, force: true });

  const r = latencies(samples.readiness);
  const b = latencies(samples.baseline);
  const ratio = round(r.p95 / b.p95, 3);
  return {
    name: 'edit-latency',
    unit: 'ms',
    readiness: { ...r },
    baseline: { name: 'yaml-language-server', ...b },
    ratio,
    targets: [
      { what: 'p95', limit: '≤ 10 ms', value: r.p95, met: r.p95 <= 10 },
      { what: 'ratio', limit: '≤ 0.5', value: ratio, met: ratio <= 0.5 },
    ],
    spread: { readinessP95: spread(perRoundP95.readiness), baselineP95: spread(perRoundP95.baseline) },
    details: {
      files: { 'docker-compose.yml': lines[0], 'render.yaml': lines[1] },
      editsPerFile: env.edits,
      rounds: perRoundP95.readiness.length,
      samplesPerServer: samples.readiness.length,
      perFile: Object.fromEntries([...perFile].map(([f, s]) => [path.basename(f), { readiness: latencies(s.readiness), baseline: latencies(s.baseline) }])),
      baselineVersion: env.versions['yaml-language-server'],
      baselineNote: 'validation delay set to 0 (its fixed 200 ms is not a setting); Compose schema mapped from a local file, schema store off',
      serverCpuMsPerEdit: { readiness: spread(cpuPerEdit.get('readiness')!), baseline: spread(cpuPerEdit.get('yaml-language-server')!) },
      baselineAsShipped: { edits: asShipped.length, file: 'docker-compose.yml', ...latencies(asShipped) },
    },
  };
}
