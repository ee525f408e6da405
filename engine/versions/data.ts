// Facts the runtime-version rules rely on. Checked 2026-12-02.
//
// Node LTS codenames (nodejs/Release, schedule.json; `lts/<codename>` in .nvmrc and setup-node):
// https://github.com/nodejs/Release/blob/main/schedule.json
//
// How Render picks a version for a native (non-Docker) service — https://render.com/docs/python-version
// and https://render.com/docs/node-version: the PYTHON_VERSION / NODE_VERSION environment variable
// first, then `.python-version` (Python) or `.node-version`, `.nvmrc`, `package.json` engines.node
// (Node). A Docker service runs whatever its Dockerfile's final stage is built FROM; there
// PYTHON_VERSION / NODE_VERSION are ordinary variables and choose nothing. `runtime.txt` is the
// Heroku convention (deprecated by Heroku in favour of `.python-version`:
// https://devcenter.heroku.com/articles/python-runtimes). actions/setup-python reads
// `.python-version` when neither `python-version` nor `python-version-file` is given
// (https://github.com/actions/setup-python/blob/main/docs/advanced-usage.md).

export const NODE_LTS_CODENAMES: Record<string, number> = {
  argon: 4,
  boron: 6,
  carbon: 8,
  dubnium: 10,
  erbium: 12,
  fermium: 14,
  gallium: 16,
  hydrogen: 18,
  iron: 20,
  jod: 22,
  krypton: 24,
};

/** Kinds of production version sources, most authoritative first (see the module comment). */
export type ProductionSourceKind =
  | 'dockerfile'
  | 'render-env'
  | 'python-version-file'
  | 'node-version-file'
  | 'nvmrc'
  | 'runtime-txt'
  | 'engines'
  | 'requires-python';

/**
 * Authority when two production sources disagree: what the platform actually runs wins. A
 * Dockerfile referenced by a Render Docker service and a Render variable of a native service are
 * what Render runs; version files follow in Render's own order; declared ranges come last.
 */
export const AUTHORITY: Record<ProductionSourceKind, number> = {
  dockerfile: 80,
  'render-env': 90,
  'python-version-file': 60,
  'node-version-file': 60,
  nvmrc: 55,
  'runtime-txt': 50,
  engines: 30,
  'requires-python': 30,
};

/** How a source is named in messages. */
export const SOURCE_LABEL: Record<ProductionSourceKind, string> = {
  dockerfile: 'the Dockerfile',
  'render-env': 'render.yaml',
  'python-version-file': '.python-version',
  'node-version-file': '.node-version',
  nvmrc: '.nvmrc',
  'runtime-txt': 'runtime.txt',
  engines: 'package.json engines.node',
  'requires-python': 'pyproject.toml requires-python',
};
