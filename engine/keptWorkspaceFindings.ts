// Keeping a workspace rule's findings across edits that cannot change them: a rule that declares
// the only config kinds it reads (`meta.reads`) reports the same while only files of other kinds
// change (typing in docker-compose.yml leaves the Render-only cross-file rules' findings as they
// were, their offsets included: those files did not change).
import { changedSince, worldStamp, type WorldStamp } from './changeLog';
import type { ResolvedConfig } from './config';
import type { Finding, Workspace, WorkspaceRule } from './types';

interface Kept {
  config: ResolvedConfig;
  world: WorldStamp;
  /** The files of the kinds the rule reads when it ran. */
  paths: ReadonlySet<string>;
  findings: readonly Finding[];
}

const kept = new WeakMap<Workspace, Map<string, Kept>>();

function readPaths(workspace: Workspace, rule: WorkspaceRule): Set<string> {
  const out = new Set<string>();
  for (const kind of rule.meta.reads ?? []) for (const f of workspace.filesOfKind(kind)) out.add(f.path);
  return out;
}

/** The findings of the rule's last run when nothing it reads changed since; undefined when it must run. */
export function keptFindings(workspace: Workspace, rule: WorkspaceRule, config: ResolvedConfig): readonly Finding[] | undefined {
  const reads = rule.meta.reads;
  const prev = reads && kept.get(workspace)?.get(rule.id);
  if (!reads || !prev || prev.config !== config) return undefined;
  const changed = changedSince(workspace, prev.world);
  if (changed === undefined) return prev.findings;
  if (changed === null || prev.paths.has(changed)) return undefined;
  const now = workspace.get(changed);
  return now && reads.includes(now.kind) ? undefined : prev.findings;
}

/** Remembers a complete run's findings (a rule that failed or was stopped is not remembered). */
export function keepFindings(workspace: Workspace, rule: WorkspaceRule, config: ResolvedConfig, findings: readonly Finding[] | undefined): void {
  if (!rule.meta.reads) return;
  let map = kept.get(workspace);
  const world = worldStamp(workspace);
  if (!findings || !world) {
    map?.delete(rule.id);
    return;
  }
  if (!map) kept.set(workspace, (map = new Map()));
  map.set(rule.id, { config, world, paths: readPaths(workspace, rule), findings });
}
