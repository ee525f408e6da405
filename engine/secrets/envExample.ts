import * as path from 'node:path';
import { parseDotenv } from '../parse/dotenv';
import type { FileEdit, Workspace } from '../types';

const TEMPLATE_NAMES = ['.env.example', '.env.sample', '.env.template', '.env.dist'];

/** The template documenting variables for files in `dir`: an existing one, else `.env.example`. */
export function envTemplatePath(workspace: Workspace, dir: string): string {
  const join = (n: string) => (dir === '' || dir === '.' ? n : `${dir}/${n}`);
  return TEMPLATE_NAMES.map(join).find((p) => workspace.get(p) !== undefined || workspace.fs.exists(p)) ?? join('.env.example');
}

/** Appends `KEY=` to the env template next to `forFile` (creating it), unless it already declares KEY. */
export function addToEnvTemplate(workspace: Workspace, forFile: string, key: string, comment?: string): FileEdit | undefined {
  const dir = path.posix.dirname(forFile);
  const target = envTemplatePath(workspace, dir);
  const src = workspace.get(target);
  const text = src ? src.text : workspace.fs.readText(target) ?? '';
  if (parseDotenv(text).entries.some((e) => e.key === key)) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lead = text.length === 0 || text.endsWith('\n') || text.endsWith('\r') ? '' : eol;
  const note = comment ? `# ${comment}${eol}` : '';
  return { file: target, start: text.length, end: text.length, newText: `${lead}${note}${key}=${eol}` };
}
