import * as fs from 'node:fs';
import * as path from 'node:path';
import { findDocsDir } from '../engine/docsLink';
import { ENGINE_RULES } from '../engine/engineRules';
import { RULES } from '../rules';
import { CliError } from './errors';
import type { Category, Severity } from '../engine/types';

interface CatalogueEntry {
  id: string;
  category: Category;
  severity: Severity;
  fixable: boolean;
  description: string;
}

export function catalogue(): CatalogueEntry[] {
  return [...RULES]
    .map((r) => ({ id: r.id, category: r.meta.category, severity: r.meta.severity, fixable: r.meta.fixable, description: r.meta.description }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `readiness rules`: an aligned table (or JSON with `--format json`). */
export function listRules(format: string): number {
  const entries = catalogue();
  if (format === 'json') {
    process.stdout.write(JSON.stringify(entries, null, 2) + '\n');
    return 0;
  }
  if (format !== 'text') throw new CliError(`rules prints text or json (got "${format}")`);
  const rows = [['RULE', 'CATEGORY', 'SEVERITY', 'FIX', 'DESCRIPTION'], ...entries.map((r) => [r.id, r.category, r.severity, r.fixable ? 'yes' : '', r.description])];
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  process.stdout.write(rows.map((r) => `${r.slice(0, 4).map((c, i) => c.padEnd(w[i])).join('  ')}  ${r[4]}\n`).join(''));
  return 0;
}

/** `readiness docs <id>`: the rule's Markdown page, shipped with the package. */
export function printDocs(id: string | undefined): number {
  if (!id) throw new CliError('docs needs a rule id, e.g. `readiness docs hardcoded-secret`');
  if (!RULES.some((r) => r.id === id) && !ENGINE_RULES[id]) throw new CliError(`unknown rule id: ${id} (see \`readiness rules\`)`);
  const dir = findDocsDir();
  const file = dir ? path.join(dir, `${id}.md`) : undefined;
  if (!file || !fs.existsSync(file)) throw new CliError(`no documentation found for ${id}`);
  process.stdout.write(fs.readFileSync(file, 'utf8'));
  return 0;
}
