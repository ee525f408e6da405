import { addToEnvTemplate } from './envExample';
import { normaliseName } from './secretNames';
import { nodeRange } from '../yaml/ast';
import type { Assignment } from './assignments';
import type { Fix, SourceFile, Workspace } from '../types';

/** App-internal signing/encryption keys: Render can generate these (`generateValue: true`). */
export function isAppGeneratedName(name: string): boolean {
  const n = normaliseName(name);
  if (/CLIENT_SECRET|WEBHOOK_SECRET|API_SECRET|API_KEY|ACCESS_KEY|TOKEN|PASSWORD|PASS|PWD|DSN|CREDENTIAL/.test(n)) return false;
  return /(^|_)(SECRET|SECRET_KEY|SECRET_KEY_BASE|SIGNING_KEY|ENCRYPTION_KEY|APP_KEY|SALT|SESSION_KEY|COOKIE_KEY|MASTER_KEY|KEY)$/.test(n);
}

function secretName(key: string): string {
  return normaliseName(key).replace(/^_+|_+$/g, '') || 'SECRET';
}

/** Inputs named only `password`/`token`/… get the action's name in front (docker/login-action → DOCKER_PASSWORD). */
function workflowSecretName(key: string, action: string | undefined): string {
  // GitHub reserves the GITHUB_ prefix for secret names (and secrets.GITHUB_TOKEN is the automatic token).
  const name = secretName(key).replace(/^GITHUB_/, 'GH_');
  if (!action || !/^(PASSWORD|PASS|TOKEN|API_KEY|APIKEY|KEY|SECRET|ACCESS_TOKEN|AUTH_TOKEN)$/.test(name)) return name;
  const repo = action.split('/')[1] ?? '';
  const owner = action.split('/')[0];
  // The product is usually the owner (docker/login-action, codecov/codecov-action) unless it is a generic org.
  const product = /^(actions|github)$/.test(owner) ? repo.split('-')[0] : owner;
  const prefix = normaliseName(product).replace(/^_+|_+$/g, '');
  return prefix ? `${prefix}_${name}` : name;
}

/** The idiomatic way to stop storing this value in the file, per file kind. */
export function secretFixes(workspace: Workspace, file: SourceFile, a: Assignment): Fix[] {
  const site = a.site;
  switch (site.kind) {
    case 'compose-map':
    case 'compose-list': {
      const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(a.key) ? a.key : secretName(a.key);
      const ref = `\${${name}}`;
      const whole = site.kind === 'compose-list' ? nodeRange(site.item)! : a.replaceRange;
      const edits = a.plainInFlow
        ? [{ file: file.path, start: whole.start, end: whole.end, newText: site.kind === 'compose-list' ? `"${a.key}=${ref}"` : `"${ref}"` }]
        : [{ file: file.path, start: a.replaceRange.start, end: a.replaceRange.end, newText: ref }];
      const example = addToEnvTemplate(workspace, file.path, name);
      if (example) edits.push(example);
      return [{ title: `Replace with \${${name}} and declare ${name} in ${example?.file ?? 'the env template'}`, edits, safe: true }];
    }
    case 'render-envvar': {
      const start = nodeRange(site.entry.key)?.start ?? a.replaceRange.start;
      const end = a.replaceRange.end;
      const generate = { title: `Let Render generate ${a.key} (generateValue: true)`, edits: [{ file: file.path, start, end, newText: 'generateValue: true' }], safe: true };
      if (site.inGroup) return isAppGeneratedName(a.key) ? [generate] : [];
      const sync = { title: `Set ${a.key} in the Render dashboard instead (sync: false)`, edits: [{ file: file.path, start, end, newText: 'sync: false' }], safe: true };
      return isAppGeneratedName(a.key) ? [generate, { ...sync, safe: false }] : [sync];
    }
    case 'workflow-env':
    case 'workflow-with': {
      // An action.yml has no secrets context: the caller must pass the value in as an input.
      if (site.inAction) return [];
      const name = workflowSecretName(a.key, site.kind === 'workflow-with' ? site.action : undefined);
      const ref = `\${{ secrets.${name} }}`;
      return [{ title: `Use the repository secret ${ref}`, edits: [{ file: file.path, start: a.replaceRange.start, end: a.replaceRange.end, newText: a.plainInFlow ? `'${ref}'` : ref }], safe: true }];
    }
    case 'dotenv':
      return [];
  }
}
