// `npm run fuzz -- --iterations N --seed S [--server] [--from K] [--jobs J]`: mutation fuzzing over
// the shared corpus plus grammar-aware generation. Reproducible: input i depends only on (seed, i),
// so engine mode can split the range over J worker processes and still check the same inputs.
// A crash is anything escaping the engine, a rule failure or internal notice, a range or fix
// outside its file; a hang is an input taking more than 2 s of CPU (the worker's in engine mode,
// the server process's from didOpen to its diagnostics in server mode; wall time where /proc is
// missing), or no answer at all. Inputs are written to test/fuzz/crashes/.
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleServer } from './bundle';
import { makeInput, seedFiles, type FuzzInput } from './inputs';
import { HANG_MS, ServerSession } from './serverCheck';
import type { Problem } from './engineCheck';

const CRASH_DIR = path.join(__dirname, '..', 'test', 'fuzz', 'crashes');
/** An input still running after this long is killed and recorded as a hang. */
const KILL_MS = 30000;

interface Options { iterations: number; seed: number; server: boolean; from: number; jobs: number; out: string }

function parse(argv: string[]): Options {
  const o: Options = { iterations: 1000, seed: 1, server: false, from: 0, jobs: 1, out: CRASH_DIR };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--server') o.server = true;
    else if (a === '--iterations') o.iterations = Number(argv[++i]);
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--from') o.from = Number(argv[++i]);
    else if (a === '--jobs') o.jobs = Number(argv[++i]);
    else if (a === '--out') o.out = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  if (![o.iterations, o.seed, o.from, o.jobs].every(Number.isInteger) || o.iterations < 0 || o.from < 0 || o.jobs < 1) throw new Error('--iterations, --seed, --from and --jobs take whole numbers');
  return o;
}

interface Tally {
  crashes: number;
  hangs: number;
  /** CPU time of the costliest input (engine: the worker's; server: the server process's). */
  slowestMs: number;
  slowest: number;
  slowestWallMs: number;
  slowestWall: number;
  done: number;
}

function record(o: Options, mode: string, input: FuzzInput, problem: Problem, ms: number): void {
  fs.mkdirSync(o.out, { recursive: true });
  const base = `${mode}-seed${o.seed}-${input.index}-${problem.kind}`;
  const ext = path.extname(input.path) || path.basename(input.path);
  fs.writeFileSync(path.join(o.out, `${base}${ext.startsWith('.') ? ext : `.${ext}`}`), input.text);
  fs.writeFileSync(path.join(o.out, `${base}.json`), `${JSON.stringify({ mode, seed: o.seed, index: input.index, origin: input.origin, path: input.path, fileKind: input.kind, ms: Math.round(ms), ...problem }, null, 2)}\n`);
  process.stdout.write(`\n${problem.kind} at input ${input.index} (${input.origin} as ${input.path}): ${problem.detail.split('\n')[0]}\n`);
}

function progress(total: number, t: Tally, started: number): void {
  const done = ++t.done;
  if (done % 1000 !== 0 && done !== total) return;
  const s = (performance.now() - started) / 1000;
  process.stdout.write(`  ${done}/${total} inputs, ${t.crashes} crashes, ${t.hangs} hangs, slowest ${Math.round(t.slowestMs)} ms (#${t.slowest}), ${s.toFixed(0)} s\n`);
}

/** Engine mode: `jobs` child processes share the range; each is killed if an input never finishes. */
async function runEngine(o: Options, t: Tally, started: number): Promise<void> {
  const chunk = Math.ceil(o.iterations / o.jobs);
  const ranges: [number, number][] = [];
  for (let from = o.from; from < o.from + o.iterations; from += chunk) ranges.push([from, Math.min(from + chunk, o.from + o.iterations)]);
  await Promise.all(ranges.map(([from, end]) => runRange(o, from, end, t, started)));
}

/** Inputs [start, end) in one worker process at a time, replaced when an input kills it. */
function runRange(o: Options, start: number, end: number, t: Tally, started: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const launch = (from: number): void => {
      if (from >= end) return resolve();
      const child = fork(path.join(__dirname, 'worker.ts'), [String(o.seed), String(from), String(end)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let current = -1;
      let since = performance.now();
      const watchdog = setInterval(() => {
        if (current >= 0 && performance.now() - since > KILL_MS) {
          clearInterval(watchdog);
          child.kill('SIGKILL');
        }
      }, 500);
      child.on('message', (m: { t: 'start' | 'done'; i: number; ms?: number; cpuMs?: number; problem?: Problem }) => {
        if (m.t === 'start') {
          current = m.i;
          since = performance.now();
          return;
        }
        current = -1;
        const ms = m.ms ?? 0;
        // The hang limit applies to the input's own CPU time (see worker.ts); wall time is reported.
        const cpuMs = m.cpuMs ?? ms;
        if (cpuMs > t.slowestMs) [t.slowestMs, t.slowest] = [cpuMs, m.i];
        if (ms > t.slowestWallMs) [t.slowestWallMs, t.slowestWall] = [ms, m.i];
        let problem = m.problem;
        if (!problem && cpuMs > HANG_MS) problem = { kind: 'hang', detail: `took ${Math.round(cpuMs)} ms of CPU (${Math.round(ms)} ms wall)` };
        if (problem) {
          if (problem.kind === 'crash') t.crashes++;
          else t.hangs++;
          record(o, 'engine', makeInput(o.seed, m.i), problem, ms);
        }
        progress(o.iterations, t, started);
      });
      child.on('exit', (code, signal) => {
        clearInterval(watchdog);
        if (current < 0 && code === 0) return resolve();
        if (current < 0) return reject(new Error(`fuzz worker exited with ${code ?? signal} between inputs`));
        // The input that was running killed the worker (fatal error) or never finished.
        const killed = signal === 'SIGKILL';
        const problem: Problem = killed ? { kind: 'hang', detail: `still running after ${KILL_MS} ms` } : { kind: 'crash', detail: `the process died (${code ?? signal})` };
        if (killed) t.hangs++;
        else t.crashes++;
        record(o, 'engine', makeInput(o.seed, current), problem, performance.now() - since);
        progress(o.iterations, t, started);
        launch(current + 1);
      });
    };
    launch(start);
  });
}

async function runServer(o: Options, t: Tally, started: number): Promise<void> {
  const serverJs = await bundleServer();
  let session = new ServerSession(serverJs);
  await session.start();
  for (let i = o.from; i < o.from + o.iterations; i++) {
    const input = makeInput(o.seed, i);
    const { problem, ms, cpuMs } = await session.check(input);
    const cost = cpuMs ?? ms;
    if (cost > t.slowestMs) [t.slowestMs, t.slowest] = [cost, i];
    if (ms > t.slowestWallMs) [t.slowestWallMs, t.slowestWall] = [ms, i];
    if (problem) {
      if (problem.kind === 'crash') t.crashes++;
      else t.hangs++;
      record(o, 'server', input, problem, ms);
      // A dead or wedged server is replaced so the run can go on.
      if (session.exited || problem.kind === 'hang') {
        await session.dispose();
        session = new ServerSession(serverJs);
        await session.start();
      }
    }
    progress(o.iterations, t, started);
  }
  await session.dispose();
  fs.rmSync(path.dirname(serverJs), { recursive: true, force: true });
}

async function main(): Promise<number> {
  const o = parse(process.argv.slice(2));
  const mode = o.server ? 'server' : 'engine';
  const snapshot = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-fuzz-seeds-')), 'seeds.json');
  fs.writeFileSync(snapshot, JSON.stringify(seedFiles()));
  process.env.READINESS_FUZZ_SEEDS = snapshot;
  if (o.server && o.jobs > 1) throw new Error('--jobs applies to engine mode only');
  process.stdout.write(`readiness fuzz: ${mode}, seed ${o.seed}, inputs ${o.from}..${o.from + o.iterations - 1}, ${seedFiles().length} corpus and fixture files\n`);
  const t: Tally = { crashes: 0, hangs: 0, slowestMs: 0, slowest: -1, slowestWallMs: 0, slowestWall: -1, done: 0 };
  const started = performance.now();
  try {
    if (o.server) await runServer(o, t, started);
    else await runEngine(o, t, started);
  } finally {
    fs.rmSync(path.dirname(snapshot), { recursive: true, force: true });
  }
  const summary = { mode, seed: o.seed, from: o.from, iterations: o.iterations, jobs: o.jobs, crashes: t.crashes, hangs: t.hangs, slowestMs: Math.round(t.slowestMs), slowestInput: t.slowest, slowestWallMs: Math.round(t.slowestWallMs), slowestWallInput: t.slowestWall, seconds: Math.round((performance.now() - started) / 1000) };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return t.crashes + t.hangs > 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(2);
});
