// A one-off audit (`auditDirectory`, the CLI's) sees one state of its workspace and ends. What a
// long-lived workspace keeps across states (scans of earlier loads of the folder, per-service
// parts kept for the next edit) would only cost it, and must not carry from one audit to the next.
import type { Workspace } from './types';

const oneOff = new WeakSet<Workspace>();

export function markOneOff(workspace: Workspace): void {
  oneOff.add(workspace);
}

export function isOneOff(workspace: Workspace): boolean {
  return oneOff.has(workspace);
}
