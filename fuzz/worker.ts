// Runs inputs [from, to) of a seed through the engine and reports each to the parent, which
// watches for inputs that never finish (synchronous code cannot be interrupted from inside).
// Each input's CPU time is reported besides its wall time: on a busy machine the wall clock
// measures the other processes too, the CPU time only what this input cost.
import { checkInput } from './engineCheck';
import { makeInput } from './inputs';

const [seed, from, to] = process.argv.slice(2).map(Number);
const send = (m: unknown) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

void (async () => {
  for (let i = from; i < to; i++) {
    await send({ t: 'start', i });
    const started = performance.now();
    const cpu = process.cpuUsage();
    const problem = checkInput(makeInput(seed, i));
    const used = process.cpuUsage(cpu);
    await send({ t: 'done', i, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, problem });
  }
  process.exit(0);
})();
