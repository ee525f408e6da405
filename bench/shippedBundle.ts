// Builds bench/shipped.ts with the options of the shipped bundles (scripts/bundleOptions.mjs, as
// `npm run build` builds dist/) and loads it: the in-process cases measure the engine as the CLI
// and the server run it, not the TypeScript sources as tsx transpiles them.
import * as path from 'node:path';
import { build } from 'esbuild';
import { REPO } from './env';

export type Shipped = typeof import('./shipped');

let loaded: Promise<Shipped> | undefined;

export function shipped(): Promise<Shipped> {
  return (loaded ??= (async () => {
    const { bundleOptions } = (await import(path.join(REPO, 'scripts', 'bundleOptions.mjs'))) as { bundleOptions(o: { production: boolean }): object };
    const outfile = path.join(REPO, 'bench', '.build', 'shipped.js');
    await build({ ...bundleOptions({ production: false }), absWorkingDir: REPO, entryPoints: [path.join(REPO, 'bench', 'shipped.ts')], outfile });
    return require(outfile) as Shipped;
  })());
}
