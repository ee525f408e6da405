import { isEnvTemplate } from '../fileKinds';
import { collectAssignments, type Assignment } from './assignments';
import { classifySecret, isLocalUrl, type SecretVerdict } from './classify';
import { isOneOff } from '../oneOff';
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

/** Values a workflow labels as test-only (`test_secret_for_ci_only`, `E2eAdmin123`): fixtures for the test run, not credentials. */
const FIXTURE_PREFIX = /^(?:[Tt]est(?:ing)?|TEST|[Ee]2[Ee]|CI)(?=[-_.0-9A-Z]|$)/;
const FIXTURE_PART = /(^|[-_.])(test|testing|e2e|ci)([-_.]|$)/i;
const CI_FIXTURE = { test: (v: string) => FIXTURE_PREFIX.test(v) || FIXTURE_PART.test(v) };

const verdicts = new WeakMap<Assignment, { template: boolean; ephemeral: boolean; verdict: SecretVerdict | undefined }>();

/** Secret assignments of a file, classified once per file version and shared by both secret rules. */
export function scanSecrets(workspace: Workspace, file: SourceFile): SecretFinding[] {
  return file.model('secrets.scan', () => {
    const template = file.kind === 'dotenv' && isEnvTemplate(file.path);
    // A one-off audit has no earlier version whose assignments could come back: a weak-map entry
    // per assignment (tens of thousands in a large workspace) would be pure cost there.
    const keep = !isOneOff(workspace);
    const out: SecretFinding[] = [];
    for (const a of collectAssignments(file)) {
      const ephemeral = Boolean((a.site.kind === 'workflow-env' && a.site.service) || (file.kind === 'workflow' && (isLocalUrl(a.value) || CI_FIXTURE.test(a.value))));
      if (!keep) {
        const verdict = classifySecret(a.key, a.value, { template, ephemeral });
        if (verdict) out.push({ assignment: a, verdict });
        continue;
      }
      // An assignment kept from an earlier version of the file (an unchanged service) keeps its verdict.
      let hit = verdicts.get(a);
      if (!hit || hit.template !== template || hit.ephemeral !== ephemeral) verdicts.set(a, (hit = { template, ephemeral, verdict: classifySecret(a.key, a.value, { template, ephemeral }) }));
      if (hit.verdict) out.push({ assignment: a, verdict: hit.verdict });
    }
    return out;
  });
}
