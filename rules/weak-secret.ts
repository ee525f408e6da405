import { mask } from '../engine/secrets/mask';
import { scanSecrets, dotenvIsCommitted, type SecretFinding } from '../engine/secrets/scan';
import { requireVariable, scanSecretDefaults } from '../engine/secrets/defaults';
import { isKeyName } from '../engine/secrets/secretNames';
import { isEnvTemplate } from '../engine/fileKinds';
import type { FileRule, SourceFile, Workspace } from '../engine/types';

interface Reuse {
  finding: SecretFinding;
  file: SourceFile;
  first: { file: SourceFile; finding: SecretFinding };
}

/** A file's signing keys with values long enough to compare: its part of the reuse table, once per file version. */
function keysOf(workspace: Workspace, file: SourceFile): readonly SecretFinding[] {
  if (file.kind === 'dotenv' && (isEnvTemplate(file.path) || !dotenvIsCommitted(workspace, file))) return [];
  return file.model('weak-secret.keys', () => scanSecrets(workspace, file).filter((f) => isKeyName(f.assignment.key) && f.assignment.value.trim().length >= 8));
}

/** Signing keys sharing one value: leaking one breaks all. Passwords may legitimately repeat (both sides of one credential). */
function reusedKeys(workspace: Workspace): Reuse[] {
  return workspace.model('weak-secret.reuse', () => {
    const seen = new Map<string, { file: SourceFile; finding: SecretFinding }>();
    const out: Reuse[] = [];
    for (const file of workspace.files()) {
      for (const finding of keysOf(workspace, file)) {
        const a = finding.assignment;
        const prev = seen.get(a.value);
        if (prev && prev.finding.assignment.key !== a.key) out.push({ finding, file, first: prev });
        else if (!prev) seen.set(a.value, { file, finding });
      }
    }
    return out;
  });
}

const rule: FileRule = {
  id: 'weak-secret',
  meta: {
    scope: 'file',
    kinds: ['compose', 'render', 'workflow', 'dotenv'],
    category: 'security',
    severity: 'error',
    description: 'A weak or default secret: a common password, a short key, a weak `${VAR:-default}`, or one value reused for two keys.',
    fixable: true,
    perService: true,
  },
  // The reuse table needs every file's secrets: scanned one file per step ahead of the check.
  *prepare({ workspace }) {
    for (const file of workspace.files()) {
      keysOf(workspace, file);
      yield file.path;
    }
    reusedKeys(workspace);
    yield;
  },
  check(ctx) {
    const { file } = ctx;
    // Weak defaults only; strong-looking ones are published secrets and belong to hardcoded-secret.
    for (const d of scanSecretDefaults(file)) {
      if (!d.verdict.weak) continue;
      const required = requireVariable(d.variable);
      ctx.report({
        range: d.secretRange,
        message: `${d.variable} falls back to a weak default (${mask(d.value.slice(d.verdict.secretStart, d.verdict.secretEnd))}, ${d.verdict.weak}) whenever it is not set. Require it instead: ${required}.`,
        fix: { title: `Require ${d.variable} to be set`, edits: [{ file: file.path, start: d.expr.start, end: d.expr.end, newText: required }], safe: true },
      });
    }
  },
  // A value reused for two keys is found across services and files.
  checkAcross(ctx) {
    const { file, workspace } = ctx;
    for (const r of reusedKeys(workspace)) {
      if (r.file.path !== file.path) continue;
      const a = r.finding.assignment;
      const first = r.first.finding.assignment;
      ctx.report({
        range: a.valueRange,
        message: `${a.key} reuses the value of ${first.key} (${mask(a.value)}); a leak of one exposes both. Give each key its own random value.`,
        related: [{ file: r.first.file.path, range: first.valueRange, message: `${first.key} has the same value` }],
      });
    }
  },
};

export default rule;
