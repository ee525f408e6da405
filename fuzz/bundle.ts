import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';

/** Bundles the language server from the current sources into a private folder (never dist/). */
export async function bundleServer(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-fuzz-server-'));
  const outfile = path.join(dir, 'server.js');
  await build({ entryPoints: [path.join(__dirname, '..', 'server', 'main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'warning', mainFields: ['module', 'main'] });
  return outfile;
}
