// Source files (code read for environment variables) are indexed in the background at startup,
// with a progress notification, so a large workspace never blocks the server; the environment
// rules wait for the index rather than stall on it, and the full check that follows publishes
// their findings.
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { indexSourcesAsync, noteSourceChanged } from '../engine/code/index';
import type { FolderState } from './folder';

const PROGRESS_INTERVAL_MS = 100;

/** Resolves true when the folder's sources are indexed, false when a reload replaced the folder's files meanwhile. */
export async function indexSourcesInBackground(connection: Connection, folder: FolderState, log: (m: string) => void): Promise<boolean> {
  const workspace = folder.workspace;
  const started = performance.now();
  let progress: WorkDoneProgressServerReporter | undefined;
  let last = 0;
  let count = 0;
  // Started before the progress is created (a round trip to the client), so no rule reads the sources meanwhile.
  const indexing = indexSourcesAsync(
    workspace,
    (n, total) => {
      count = total;
      const now = performance.now();
      if (now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      progress?.report(Math.min(99, Math.floor((n / Math.max(1, total)) * 100)), `Indexing source files (${n}/${total})`);
    },
    () => folder.workspace !== workspace,
  );
  progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  progress?.begin('Readiness', 0, 'Indexing source files', false);
  const done = await indexing;
  progress?.done();
  if (done) log(`[readiness] scanned ${count} code and script files for environment variables in ${folder.root} (${(performance.now() - started).toFixed(0)} ms)`);
  return done;
}

/** A file changed on disk or in an editor buffer: its next use re-reads it (only it). */
export function sourceChanged(folder: FolderState, rel: string): void {
  if (!folder.diskFs) return;
  // Created or deleted files also change what their folders hold: every cached disk answer goes.
  folder.diskFs.forget();
  noteSourceChanged(folder.diskFs, rel);
}
