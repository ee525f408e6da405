import { isEnvTemplate } from '../fileKinds';
import { collectAssignments, type Assignment } from './assignments';
import { classifySecret, isLocalUrl, weakDefault, type SecretVerdict } from './classify';
import type { SourceFile, Workspace } from '../types';

export interface SecretFinding {
  assignment: Assignment;
  verdict: SecretVerdict;
}

/** Whether a dotenv file's values reach git (committed, or not ignored so the next `git add .` takes them). */
export function dotenvIsCommitted(workspace: Workspace, file: SourceFile): boolean {
  if (workspace.git) return workspace.git.isTracked(file.path) || !workspace.isIgnored(file.path);
  return !workspace.isIgnored(file.path);
}

/** Secret assignments of a file, classified once per file version and shared by both secret rules. */
export function scanSecrets(workspace: Workspace, file: SourceFile): SecretFinding[] {
  return file.model('secrets.scan', () => {
    const template = file.kind === 'dotenv' && isEnvTemplate(file.path);
    const out: SecretFinding[] = [];
    for (const a of collectAssignments(file)) {
      const ephemeral = (a.site.kind === 'workflow-env' && a.site.service) || (file.kind === 'workflow' && isLocalUrl(a.value));
      const verdict = classifySecret(a.key, a.value, { template, ephemeral: Boolean(ephemeral) });
      if (verdict) out.push({ assignment: a, verdict });
    }
    return out;
  });
}

export interface WeakDefault {
  assignment: Assignment;
  variable: string;
  /** Offsets of the whole `${VAR:-default}` and of the default inside the text. */
  exprStart: number;
  exprEnd: number;
  defaultStart: number;
  defaultEnd: number;
  reason: string;
}

const DEFAULT_EXPR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)([^}]*)\}/g;

/** `${VAR:-weak}` defaults in compose values: what runs when nobody sets VAR. */
export function scanWeakDefaults(file: SourceFile): WeakDefault[] {
  if (file.kind !== 'compose') return [];
  return file.model('secrets.weakDefaults', () => {
    const out: WeakDefault[] = [];
    for (const a of collectAssignments(file)) {
      if (!a.exact) continue;
      for (const m of a.value.matchAll(DEFAULT_EXPR)) {
        const reason = weakDefault(m[1], m[3]) ?? (m[0] === a.value.trim() ? weakDefault(a.key, m[3]) : undefined);
        if (!reason) continue;
        const exprStart = a.valueRange.start + m.index!;
        const defaultStart = exprStart + 2 + m[1].length + m[2].length;
        out.push({ assignment: a, variable: m[1], exprStart, exprEnd: exprStart + m[0].length, defaultStart, defaultEnd: defaultStart + m[3].length, reason });
      }
    }
    return out;
  });
}
