// `npm run test:vscode:electron`: the same integration suite under @vscode/test-electron, for machines that
// can download VS Code. Where the download fails (no network), it says so and exits 3: a skipped suite is
// reported as skipped, never as passed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildSuite, REPO, SUITE_OUT } from './build';

async function main(): Promise<number> {
  await buildSuite();
  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: process.env.READINESS_VSCODE_VERSION || 'stable', timeout: 30_000 });
  } catch (err) {
    console.log(`\n  SKIPPED: the integration suite did not run under @vscode/test-electron: VS Code could not be downloaded (${(err as Error).message}).`);
    console.log('  Run it inside code-server instead: scripts/e2e/setup.sh && npm run test:vscode\n');
    return 3;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-electron-'));
  const workspace = path.join(tmp, 'shop');
  fs.cpSync(path.join(REPO, 'examples', 'shop'), workspace, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: path.join(SUITE_OUT, 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(tmp, 'user-data')],
    });
    return 0;
  } catch (err) {
    console.error(`integration suite failed: ${(err as Error).message}`);
    return 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
