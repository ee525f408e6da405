// Bundles the integration suite (and its code-server host extension) into dist/test-suite/.
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const SUITE_OUT = path.join(REPO, 'dist', 'test-suite');

export async function buildSuite(): Promise<void> {
  fs.rmSync(SUITE_OUT, { recursive: true, force: true });
  const tests = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(__dirname, f));
  await build({
    entryPoints: [path.join(__dirname, 'index.ts'), ...tests, path.join(__dirname, 'host', 'extension.ts')],
    outdir: SUITE_OUT,
    outbase: __dirname,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    // mocha is loaded from the project's node_modules at run time; `vscode` is the extension host's.
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}
