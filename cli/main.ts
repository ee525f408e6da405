import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDirectory } from '../engine/audit';
import { ConfigError } from '../engine/config';
import { RULES } from '../rules';
import { parseArgs, USAGE, UsageError, type CliArgs } from './args';
import { FORMATTERS } from './formats';
import { VERSION } from './version';
import type { Severity } from '../engine/types';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

function fail(message: string): number {
  process.stderr.write(`readiness: ${message}\n`);
  return 2;
}

export function runAudit(args: CliArgs): number {
  const dir = path.resolve(args.dir);
  if (!fs.existsSync(dir)) return fail(`folder not found: ${args.dir}`);
  if (!fs.statSync(dir).isDirectory()) return fail(`not a folder: ${args.dir}`);
  const formatter = FORMATTERS[args.format];
  if (!formatter) return fail(`unknown format "${args.format}" (expected ${Object.keys(FORMATTERS).join(', ')})`);
  const unknown = args.rules.filter((id) => !RULES.some((r) => r.id === id));
  if (unknown.length) return fail(`unknown rule id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (see \`readiness rules\`)`);
  const result = auditDirectory(dir, { configPath: args.config, only: args.rules, log: (m) => process.stderr.write(`${m}\n`) });
  const color = args.color ?? (!args.output && process.stdout.isTTY === true && !process.env.NO_COLOR);
  const out = formatter(result, { color, quiet: args.quiet, toolVersion: VERSION });
  if (args.output) fs.writeFileSync(args.output, out);
  else process.stdout.write(out);
  if (args.failOn === 'never') return 0;
  const threshold = RANK[args.failOn];
  return result.findings.some((f) => RANK[f.severity] >= threshold && !f.ruleId.startsWith('readiness-')) ? 1 : 0;
}

function listRules(): number {
  const rows = [...RULES].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => [r.id, r.meta.category, r.meta.severity, r.meta.fixable ? 'fix' : '', r.meta.description]);
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) process.stdout.write(`${r.slice(0, 4).map((c, i) => c.padEnd(w[i])).join('  ')}  ${r[4]}\n`);
  return 0;
}

function printDocs(id: string | undefined): number {
  if (!id) return fail('docs needs a rule id, e.g. `readiness docs hardcoded-secret`');
  if (!RULES.some((r) => r.id === id)) return fail(`unknown rule id: ${id} (see \`readiness rules\`)`);
  const file = path.join(__dirname, '..', 'docs', 'rules', `${id}.md`);
  if (!fs.existsSync(file)) return fail(`no documentation found for ${id} at ${file}`);
  process.stdout.write(fs.readFileSync(file, 'utf8'));
  return 0;
}

export function main(argv: string[]): number {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return fail(`${err.message}\n\n${USAGE}`);
    throw err;
  }
  try {
    switch (args.command) {
      case 'help': process.stdout.write(`${USAGE}\n`); return 0;
      case 'version': process.stdout.write(`${VERSION}\n`); return 0;
      case 'rules': return listRules();
      case 'docs': return printDocs(args.positional[0]);
      case 'audit': return runAudit(args);
    }
  } catch (err) {
    if (err instanceof ConfigError) return fail(err.message);
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EACCES' || e.code === 'EPERM') return fail(`cannot read ${e.path ?? 'a file'}: permission denied`);
    throw err;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
