// startup: language server process start to its `initialize` response (Readiness vs
// yaml-language-server), and the time to load the extension bundle (with a stub `vscode` module),
// each in fresh processes.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { BenchClient } from '../lsp';
import { median, round, spread } from '../stats';
import { EXTENSION, REPO, SERVER, YAML_LS_BIN, type CaseResult, type Env } from '../env';

async function initializeMs(entry: string): Promise<number> {
  const client = new BenchClient(process.execPath, [entry, '--stdio'], () => null, { cwd: REPO });
  try {
    await client.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {}, initializationOptions: {} });
    return performance.now() - client.spawnedAt;
  } finally {
    await client.dispose();
  }
}

// Runs in a fresh node: `vscode` resolves to a stub, and only the bundle's require is timed.
const LOAD_EXTENSION = `
const Module = require('module');
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? new Proxy({}, { get: () => new Proxy(function () {}, { get: (t, k) => (k === 'prototype' ? {} : undefined) }) }) : load.call(this, request, ...rest); };
const t = performance.now();
require(process.argv[1]);
process.stdout.write(String(performance.now() - t));
`;

function extensionLoadMs(): number {
  const out = spawnSync(process.execPath, ['-e', LOAD_EXTENSION, EXTENSION], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`loading the extension bundle failed: ${out.stderr}`);
  return Number(out.stdout);
}

export async function startup(env: Env): Promise<CaseResult> {
  const times = { readiness: [] as number[], baseline: [] as number[], extension: [] as number[] };
  await initializeMs(SERVER);
  await initializeMs(YAML_LS_BIN);
  extensionLoadMs();
  for (let i = 0; i < env.startupRuns; i++) {
    times.readiness.push(await initializeMs(SERVER));
    times.baseline.push(await initializeMs(YAML_LS_BIN));
    times.extension.push(extensionLoadMs());
  }
  const r = median(times.readiness);
  const b = median(times.baseline);
  const e = median(times.extension);
  const ratio = round(r / b, 3);
  return {
    name: 'startup',
    unit: 'ms',
    readiness: { initialize: round(r, 1), extensionLoad: round(e, 1) },
    baseline: { name: 'yaml-language-server', initialize: round(b, 1) },
    ratio,
    targets: [{ what: 'initialize', limit: '≤ 300 ms', value: round(r, 1), met: r <= 300 }],
    spread: { readinessInitialize: spread(times.readiness), baselineInitialize: spread(times.baseline), extensionLoad: spread(times.extension) },
    details: { runs: env.startupRuns, note: 'medians of fresh processes after one warm-up; extension load is require() of dist/extension.js with a stub vscode module', bundle: path.relative(REPO, EXTENSION) },
  };
}
