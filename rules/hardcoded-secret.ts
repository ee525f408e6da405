import { mask } from '../engine/secrets/mask';
import { dotenvIsCommitted, scanSecrets } from '../engine/secrets/scan';
import { secretFixes } from '../engine/secrets/fixes';
import { requireVariable, scanSecretDefaults } from '../engine/secrets/defaults';
import { isEnvTemplate } from '../engine/fileKinds';
import type { FileRule } from '../engine/types';

const rule: FileRule = {
  id: 'hardcoded-secret',
  meta: {
    scope: 'file',
    kinds: ['compose', 'render', 'workflow', 'dotenv'],
    category: 'security',
    severity: 'error',
    description: 'A literal secret (password, token, key, credentials in a URL) stored in a config file that is committed.',
    fixable: true,
    perService: true,
  },
  check(ctx) {
    const { file, workspace } = ctx;
    if (file.kind === 'dotenv' && !isEnvTemplate(file.path) && !dotenvIsCommitted(workspace, file)) return;
    for (const { assignment: a, verdict } of scanSecrets(workspace, file)) {
      if (!verdict.hardcoded) continue;
      const secret = a.value.slice(verdict.secretStart, verdict.secretEnd);
      const range = a.exact
        ? { start: a.valueRange.start + verdict.secretStart, end: a.valueRange.start + verdict.secretEnd }
        : a.valueRange;
      const weak = verdict.weak ? `, and it is weak (${verdict.weak})` : '';
      const advice = file.kind === 'compose' ? `Use \${${a.key}} and set it outside git`
        : file.kind === 'render' ? 'Use sync: false (set it in the dashboard) or generateValue: true'
        : file.kind === 'workflow' && (a.site.kind === 'workflow-env' || a.site.kind === 'workflow-with') && a.site.inAction ? 'Declare an input and have the calling workflow pass ${{ secrets.NAME }}'
        : file.kind === 'workflow' ? 'Use a repository secret (${{ secrets.NAME }})'
        : 'Keep real values out of git and rotate this one';
      ctx.report({
        range,
        message: `${a.key} holds ${verdict.what} in plain text (${mask(secret)})${weak}. ${advice}.`,
        fix: secretFixes(workspace, file, a),
      });
    }
    // A strong-looking Compose default is still a secret in the file; weak ones go to weak-secret.
    for (const d of scanSecretDefaults(file)) {
      if (d.verdict.weak) continue;
      const required = requireVariable(d.variable);
      ctx.report({
        range: d.secretRange,
        message: `${d.variable} falls back to ${d.verdict.what} written in the file (${mask(d.value.slice(d.verdict.secretStart, d.verdict.secretEnd))}) whenever it is not set. Require it instead: ${required}.`,
        fix: { title: `Require ${d.variable} to be set`, edits: [{ file: file.path, start: d.expr.start, end: d.expr.end, newText: required }], safe: true },
      });
    }
  },
};

export default rule;
