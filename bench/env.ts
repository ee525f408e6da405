// Paths, sizes and the result shape shared by the benchmark cases.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..');
export const SERVER = path.join(REPO, 'dist', 'server.js');
export const EXTENSION = path.join(REPO, 'dist', 'extension.js');
export const SHARED = path.resolve(REPO, '..', 'shared');
export const CORPUS = path.join(SHARED, 'corpus');
export const COMPOSE_SCHEMA = path.join(SHARED, 'reference', 'compose-spec.schema.json');
export const YAML_LS_BIN = path.join(REPO, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
export const YAML_LS_NODELAY = path.join(__dirname, 'yaml-language-server-nodelay.mjs');

export interface Env {
  log(message: string): void;
  /** Measured edits per file per round (edit-latency). */
  edits: number;
  /** Edits each server replays per file before measuring: at least `warmupEdits`, and at least `warmupMs` of its own time. */
  warmupEdits: number;
  warmupMs: number;
  rounds: number;
  /**
   * performance.now() by which the whole run should be done. edit-latency runs last and starts a
   * further round only when the previous round's duration still fits before it (less the
   * as-shipped measurement); the first round always runs.
   */
  deadline: number;
  /** Time kept for the as-shipped baseline measurement at the end of edit-latency. */
  shippedReserveMs: number;
  /** Edits measured on the baseline with its shipped 200 ms delay. */
  shippedEdits: number;
  /** Repetitions of the in-process cases (after one warm-up). */
  repeats: number;
  /** Repetitions of workflows-vs-actionlint: a pass takes a fraction of a second, and its median needs more of them on a busy machine. */
  workflowRepeats: number;
  /** Minimum number of files in the replicated corpus. */
  auditFiles: number;
  /** Source files in the generated index workspace. */
  indexFiles: number;
  indexRuns: number;
  startupRuns: number;
  versions: Record<string, string>;
}

export interface Target {
  what: string;
  limit: string;
  value: number;
  met: boolean;
}

export interface CaseResult {
  name: string;
  unit: string;
  readiness: Record<string, number>;
  baseline: ({ name: string } & Record<string, number | string>) | null;
  /** Readiness / baseline on the headline figure; lower is better. */
  ratio: number | null;
  targets: Target[];
  spread: Record<string, unknown>;
  details: Record<string, unknown>;
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The installed version of a baseline (read from node_modules: some packages do not export package.json). */
export function packageVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}
