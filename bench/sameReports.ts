// Checks that a change leaves every finding as it was: the JSON report of `readiness audit` over
// ../shared/corpus and examples/ from a git commit (default HEAD) and from the working tree must be
// byte-identical except `durationMs`. For performance work, where findings must not move.
//   npx tsx bench/sameReports.ts [commit]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { CORPUS, REPO, tmpDir } from './env';

const commit = process.argv[2] ?? 'HEAD';
const work = tmpDir('readiness-same-reports-');
// The inputs are copied once, so both bundles audit the same files at the same paths.
const inputs: Record<string, string> = { corpus: CORPUS, examples: path.join(work, 'examples') };
fs.cpSync(path.join(REPO, 'examples'), inputs.examples, { recursive: true });

function bundle(tree: string, out: string): void {
  execFileSync(process.execPath, [path.join(tree, 'scripts', 'gen-rules.mjs')], { cwd: tree, stdio: 'ignore' });
  buildSync({ absWorkingDir: tree, entryPoints: ['cli/main.ts'], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'warning' });
}

function reports(cli: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, dir] of Object.entries(inputs)) {
    const json = execFileSync(process.execPath, [cli, 'audit', dir, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    out.set(name, json.replace(/"durationMs": \d+/, '"durationMs": 0'));
  }
  return out;
}

const tree = path.join(work, 'tree');
execFileSync('git', ['worktree', 'add', '--detach', tree, commit], { cwd: REPO, stdio: 'ignore' });
try {
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(tree, 'node_modules'));
  bundle(tree, path.join(work, 'before.js'));
  bundle(REPO, path.join(work, 'after.js'));
  const before = reports(path.join(work, 'before.js'));
  const after = reports(path.join(work, 'after.js'));
  let same = true;
  for (const [name, text] of before) {
    const ok = text === after.get(name);
    same &&= ok;
    const findings = (text.match(/"ruleId"/g) ?? []).length;
    process.stdout.write(`${name}: ${ok ? 'identical' : 'DIFFERENT'} (${findings} findings at ${commit})\n`);
  }
  process.exitCode = same ? 0 : 1;
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: REPO, stdio: 'ignore' });
  fs.rmSync(work, { recursive: true, force: true });
}
