import { mask } from '../engine/secrets/mask';
import { scanSecrets, scanWeakDefaults, dotenvIsCommitted, type SecretFinding } from '../engine/secrets/scan';
import { isKeyName } from '../engine/secrets/secretNames';
import { isEnvTemplate } from '../engine/fileKinds';
import type { FileRule, SourceFile, Workspace } from '../engine/types';

interface Reuse {
  finding: SecretFinding;
  file: SourceFile;
  first: { file: SourceFile; finding: SecretFinding };
}

/** Signing keys sharing one value: leaking one breaks all. Passwords may legitimately repeat (both sides of one credential). */
function reusedKeys(workspace: Workspace): Reuse[] {
  return workspace.model('weak-secret.reuse', () => {
    const seen = new Map<string, { file: SourceFile; finding: SecretFinding }>();
    const out: Reuse[] = [];
    for (const file of workspace.files()) {
      if (file.kind === 'dotenv' && (isEnvTemplate(file.path) || !dotenvIsCommitted(workspace, file))) continue;
      for (const finding of scanSecrets(workspace, file)) {
        const a = finding.assignment;
        if (!isKeyName(a.key) || a.value.trim().length < 8) continue;
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
  },
  check(ctx) {
    const { file, workspace } = ctx;
    for (const d of scanWeakDefaults(file)) {
      const value = file.text.slice(d.defaultStart, d.defaultEnd);
      ctx.report({
        range: { start: d.defaultStart, end: d.defaultEnd },
        message: `${d.variable} falls back to a weak default (${mask(value)}, ${d.reason}) whenever it is not set. Require it instead: \${${d.variable}:?${d.variable} must be set}.`,
        fix: { title: `Require ${d.variable} to be set`, edits: [{ file: file.path, start: d.exprStart, end: d.exprEnd, newText: `\${${d.variable}:?${d.variable} must be set}` }], safe: true },
      });
    }
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
