// Entry point of the integration suite, in the form @vscode/test-electron's runTests expects
// (`run()` exported from extensionTestsPath). It runs inside a VS Code extension host: under
// @vscode/test-electron, or inside code-server through the test host extension (test/suite/host).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; error?: string }[];
}

/** Runs every *.test.js beside this file; resolves with the results, rejects when a test failed. */
export async function run(resultsFile?: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  const result: SuiteResult = { passed: 0, failed: 0, pending: 0, tests: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => {
      result.passed++;
      result.tests.push({ title: t.fullTitle(), state: 'passed' });
    });
    runner.on('fail', (t, err: Error) => {
      result.failed++;
      result.tests.push({ title: t.fullTitle(), state: 'failed', error: err.stack ?? String(err) });
    });
    runner.on('pending', (t) => {
      result.pending++;
      result.tests.push({ title: t.fullTitle(), state: 'pending' });
    });
  });
  if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(result, null, 2));
  if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed`);
}
