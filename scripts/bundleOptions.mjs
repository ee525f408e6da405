// esbuild options shared by the shipped bundles (scripts/build.mjs) and the benchmark's bundle of
// the engine (bench/shippedBundle.ts), so the benchmark measures code built as it ships.

// yaml's ES module build (the same code as its CommonJS one, which Node's conditions would pick):
// imported from CommonJS, every `isMap(…)` in a hot loop went through an interop getter.
const yamlModule = './node_modules/yaml/browser/index.js';

/** @param {{ production: boolean }} opts */
export function bundleOptions({ production }) {
  return { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none', mainFields: ['module', 'main'], alias: { yaml: yamlModule } };
}
