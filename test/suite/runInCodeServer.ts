// `npm run test:vscode`: runs the integration suite inside code-server's real extension host. code-server
// rejects --extensionDevelopmentPath/--extensionTestsPath, so the Readiness VSIX is installed together with
// a test-only host extension whose palette command runs the suite and writes the results to a file.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { until } from '../e2e/harness/environment';
import { Workbench } from '../e2e/harness/workbench';
import { buildSuite, REPO, SUITE_OUT } from './build';
import type { SuiteResult } from './index';

async function packageHost(resultsFile: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-suite-host-'));
  fs.copyFileSync(path.join(__dirname, 'host', 'package.json'), path.join(dir, 'package.json'));
  fs.copyFileSync(path.join(SUITE_OUT, 'host', 'extension.js'), path.join(dir, 'extension.js'));
  fs.writeFileSync(path.join(dir, 'README.md'), 'Test only: runs the Readiness integration suite.\n');
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ suite: path.join(SUITE_OUT, 'index.js'), results: resultsFile }));
  const vsix = path.join(dir, 'host.vsix');
  const vsce = path.join(REPO, 'node_modules', '.bin', 'vsce');
  const r = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package of the suite host failed:\n${r.stdout}${r.stderr}`);
  return vsix;
}

function report(result: SuiteResult): void {
  console.log('\n  Readiness extension (vscode API, in code-server)');
  for (const t of result.tests) {
    console.log(`    ${t.state === 'passed' ? '✔' : t.state === 'pending' ? '-' : '✗'} ${t.title}`);
    if (t.error) console.log(t.error.split('\n').map((l) => '        ' + l).join('\n'));
  }
  console.log(`\n  ${result.passed} passing, ${result.failed} failing, ${result.pending} pending\n`);
}

function summarise(result: { passed: number; failed: number; pending: number }): void {
  const target = process.env.READINESS_TEST_SUMMARY;
  if (target) fs.appendFileSync(target, JSON.stringify({ suite: process.env.READINESS_TEST_SUITE || 'vscode', ...result }) + '\n');
}

async function main(): Promise<number> {
  await buildSuite();
  const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-suite-results-')), 'results.json');
  const wb = await Workbench.open({ name: 'suite', extraVsix: [await packageHost(resultsFile)] });
  let failed = true;
  try {
    await wb.runCommand('Readiness Tests: Run Integration Suite');
    await until('the integration suite to write its results', () => fs.existsSync(resultsFile), 180_000);
    const result = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResult;
    report(result);
    summarise(result);
    failed = result.failed > 0 || result.passed === 0;
    return failed ? 1 : 0;
  } finally {
    await wb.close(failed);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    summarise({ passed: 0, failed: 1, pending: 0 });
    process.exit(1);
  },
);
