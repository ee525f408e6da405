// Test-only extension that runs the integration suite inside the extension host it is installed in.
// code-server cannot start an extension host with --extensionTestsPath, so the harness installs this
// next to the Readiness VSIX and runs its command from the palette; the suite writes its results to
// the file named in config.json, written by the harness when it packages this extension.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface HostConfig {
  suite: string;
  results: string;
}

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('readinessSuite.run', async () => {
      const config = JSON.parse(fs.readFileSync(path.join(context.extensionPath, 'config.json'), 'utf8')) as HostConfig;
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is outside this extension
      const suite = require(config.suite) as { run(resultsFile?: string): Promise<void> };
      try {
        await suite.run(config.results);
        void vscode.window.showInformationMessage('Readiness integration suite: passed');
      } catch (err) {
        void vscode.window.showErrorMessage(`Readiness integration suite: ${(err as Error).message}`);
      }
    }),
  );
}
