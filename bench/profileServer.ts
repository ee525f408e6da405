// Profiling aid for edit-latency over the protocol: starts dist/server.js (with any extra node
// flags, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`), opens the benchmark's two files and replays
// their edits exactly as the benchmark does, printing latency and server CPU per edit.
//   npx tsx bench/profileServer.ts [edits] [node flags...]
// READINESS_PROFILE_SERVER=path/to/server.js compares another build (e.g. an earlier commit's).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BenchClient, uriOf } from './lsp';
import { composeEdits, composeFile, renderEdits, renderFile } from './editScript';
import { percentile } from './stats';
import { REPO, SERVER, tmpDir } from './env';

async function main(): Promise<void> {
  const edits = Number(process.argv[2] ?? 200);
  const flags = process.argv.slice(3);
  const root = tmpDir('readiness-profile-server-');
  const docs = [
    { file: path.join(root, 'docker-compose.yml'), script: composeEdits(composeFile(), edits) },
    { file: path.join(root, 'render.yaml'), script: renderEdits(renderFile(), edits) },
  ];
  for (const d of docs) fs.writeFileSync(d.file, d.script.text);
  const server = process.env.READINESS_PROFILE_SERVER ?? SERVER;
  const client = new BenchClient(process.execPath, [...flags, server, '--stdio'], (s) => (s === 'readiness' ? { validationDelay: 0 } : null), { cwd: REPO, keepPublished: false });
  await client.initialize(root);
  for (const d of docs) {
    const first = client.nextPublish(uriOf(d.file));
    await client.open(d.file, d.script.text, 'yaml', 1);
    await first;
  }
  await new Promise((r) => setTimeout(r, 1000));
  // Warm-up as the benchmark does (40 edits, then back to the original text), unless told otherwise.
  const warmup = Number(process.env.READINESS_PROFILE_WARMUP ?? 40);
  const versions = new Map<string, number>();
  for (const d of docs) {
    const uri = uriOf(d.file);
    let v = 1;
    for (const change of [...d.script.changes.slice(0, warmup), { text: d.script.text }]) {
      const version = ++v;
      const answered = client.nextPublish(uri, (p) => p.version === version);
      await client.change(d.file, version, [change]);
      await answered;
    }
    versions.set(uri, v);
  }
  // READINESS_PROFILE_ROUNDS=n measures the edits n times over (each round back to the original text),
  // with READINESS_PROFILE_IDLE ms of idleness before each round after the first (the benchmark's
  // server waits while the baseline's round runs).
  const rounds = Number(process.env.READINESS_PROFILE_ROUNDS ?? 1);
  const idle = Number(process.env.READINESS_PROFILE_IDLE ?? 0);
  for (let round = 0; round < rounds; round++) for (const [k, d] of docs.entries()) {
    if (round > 0 && k === 0 && idle > 0) await new Promise((r) => setTimeout(r, idle));
    const uri = uriOf(d.file);
    let v = versions.get(uri)!;
    const samples: number[] = [];
    let bytes = 0;
    const cpu = client.cpuMs() ?? NaN;
    const main = client.cpuMs(true) ?? NaN;
    for (const change of d.script.changes) {
      const version = ++v;
      const answered = client.nextPublish(uri, (p) => p.version === version);
      const t = performance.now();
      await client.change(d.file, version, [change]);
      const p = await answered;
      samples.push(p.at - t);
      bytes += JSON.stringify(p.diagnostics).length;
    }
    const used = (client.cpuMs() ?? NaN) - cpu;
    const usedMain = (client.cpuMs(true) ?? NaN) - main;
    if (process.env.READINESS_PROFILE_SLOWEST) {
      const order = samples.map((ms, i) => ({ ms, i })).sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.READINESS_PROFILE_SLOWEST));
      for (const { ms, i } of order) console.log(`  edit ${i}: ${ms.toFixed(1)} ms ${JSON.stringify(d.script.changes[i]).slice(0, 140)}`);
    }
    const back = ++v;
    const restored = client.nextPublish(uri, (p) => p.version === back);
    await client.change(d.file, back, [{ text: d.script.text }]);
    await restored;
    versions.set(uri, v);
    console.log(`${path.basename(d.file)}: ${samples.length} edits, p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms, server CPU ${(used / samples.length).toFixed(1)} ms per edit (main thread ${(usedMain / samples.length).toFixed(1)}), ${Math.round(bytes / samples.length / 1024)} KB per publication`);
  }
  console.log(`server peak RSS ${((client.peakRss() ?? NaN) / 1024 / 1024).toFixed(1)} MB`);
  await client.conn.sendRequest('shutdown');
  await client.conn.sendNotification('exit');
  await new Promise((r) => client.proc.once('exit', r));
  fs.rmSync(root, { recursive: true, force: true });
}

void main();
