import { isEnvTemplate } from '../engine/fileKinds';
import { GitIgnore } from '../engine/gitignore';
import type { FileEdit, FileRule, Workspace } from '../engine/types';

/** The pattern to add so this file, and its siblings with real values, stay out of git. */
function ignorePattern(path: string): string {
  const base = path.split('/').pop()!;
  return base.startsWith('.env') ? '.env*' : base;
}

function gitignoreEdit(workspace: Workspace, pattern: string): FileEdit | undefined {
  const text = workspace.fs.readText('.gitignore') ?? '';
  const ig = new GitIgnore();
  ig.add('', text);
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  if (lines.includes(pattern)) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lead = text.length === 0 || text.endsWith('\n') ? '' : eol;
  // Keep templates committed: they document the variables on purpose.
  const keep = pattern === '.env*' && !lines.includes('!.env.example') ? `!.env.example${eol}` : '';
  return { file: '.gitignore', start: text.length, end: text.length, newText: `${lead}${pattern}${eol}${keep}` };
}

const rule: FileRule = {
  id: 'committed-env-file',
  meta: {
    scope: 'file',
    kinds: ['dotenv'],
    category: 'security',
    severity: 'error',
    description: 'A dotenv file with real values (.env, .env.production, .env.local …) tracked by git or not ignored by .gitignore.',
    fixable: true,
  },
  check(ctx) {
    const { file, workspace } = ctx;
    if (isEnvTemplate(file.path)) return;
    // Every key without a value: a template under another name (.env.vercel, .env.ci), nothing to leak.
    if (file.format === 'dotenv' && file.env.entries.length > 0 && file.env.entries.every((e) => e.value.trim() === '')) return;
    const tracked = workspace.git?.isTracked(file.path) ?? false;
    const ignored = workspace.isIgnored(file.path);
    if (!tracked && ignored) return;
    const first = file.format === 'dotenv' ? file.env.entries[0]?.keyRange : undefined;
    const range = first ?? { start: 0, end: 0 };
    const pattern = ignorePattern(file.path);
    const edit = gitignoreEdit(workspace, pattern);
    const message = tracked
      ? `${file.path} is committed to git, so every clone and fork has its values. Remove it from the index (git rm --cached ${file.path}), add it to .gitignore, and rotate any secret it held.`
      : `${file.path} is not ignored by .gitignore, so the next \`git add .\` commits its values. Add ${pattern} to .gitignore.`;
    ctx.report({ range, message, fix: edit ? { title: `Add ${pattern} to .gitignore`, edits: [edit], safe: true } : undefined });
  },
};

export default rule;
