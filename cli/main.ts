import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDirectory, type AuditOptions, type AuditResult } from '../engine/audit';
import { ConfigError } from '../engine/config';
import { isEngineNotice } from '../engine/score';
import { RULES } from '../rules';
import { parseArgs, USAGE, UsageError, type CliArgs } from './args';
import { printDocs, listRules } from './catalogue';
import { CliError } from './errors';
import { describeFixes, fixDirectory } from './fix';
import { FORMATTERS } from './formats';
import { createProgress } from './progress';
import { VERSION } from './version';
import type { Severity } from '../engine/types';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

function fail(message: string): number {
  process.stderr.write(`readiness: ${message}\n`);
  return 2;
}

function exitCode(result: AuditResult, failOn: CliArgs['failOn']): number {
  if (failOn === 'never') return 0;
  const threshold = RANK[failOn];
  return result.findings.some((f) => RANK[f.severity] >= threshold && !isEngineNotice(f.ruleId)) ? 1 : 0;
}

export function runAudit(args: CliArgs): number {
  const dir = path.resolve(args.dir);
  if (!fs.existsSync(dir)) throw new CliError(`folder not found: ${args.dir}`);
  if (!fs.statSync(dir).isDirectory()) throw new CliError(`not a folder: ${args.dir}`);
  const formatter = FORMATTERS[args.format];
  if (!formatter) throw new CliError(`unknown format "${args.format}" (expected ${Object.keys(FORMATTERS).join(', ')})`);
  const unknown = args.rules.filter((id) => !RULES.some((r) => r.id === id));
  if (unknown.length) throw new CliError(`unknown rule id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (see \`readiness rules\`)`);
  if (args.output && fs.existsSync(args.output) && fs.statSync(args.output).isDirectory()) throw new CliError(`--output is a folder: ${args.output}`);

  const progress = createProgress(args.quiet ? { write: () => undefined } : process.stderr);
  const opts: AuditOptions = {
    configPath: args.config,
    only: args.rules,
    log: (m) => {
      progress.clear();
      process.stderr.write(`${m}\n`);
    },
    onFile: (done, total, file) => progress.onFile(done, total, file),
  };
  let result: AuditResult;
  let fixLog = '';
  if (args.fix) {
    const run = fixDirectory(dir, opts, args.dryRun);
    result = run.result;
    fixLog = describeFixes(run, args.dryRun);
  } else result = auditDirectory(dir, opts);
  progress.clear();
  if (result.unreadable.length) {
    const list = result.unreadable.map((u) => `${u.file} (${u.error})`).join(', ');
    throw new CliError(`cannot read ${list}; the audit would be incomplete`);
  }

  const color = args.color ?? (!args.output && process.stdout.isTTY === true && !process.env.NO_COLOR);
  const out = formatter(result, { color, quiet: args.quiet, toolVersion: VERSION, outputPath: args.output, generatedAt: new Date().toISOString(), catalogue: RULES });
  // The fix log is for people: beside a text report on stdout, on stderr otherwise (machine formats stay parseable).
  const logToStdout = args.format === 'text' && !args.output;
  if (fixLog && !args.quiet && !logToStdout) process.stderr.write(fixLog);
  if (args.output) {
    try {
      fs.writeFileSync(args.output, out);
    } catch (err) {
      throw new CliError(`cannot write ${args.output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else process.stdout.write((fixLog && !args.quiet && logToStdout ? `${fixLog}\n` : '') + out);
  return exitCode(result, args.failOn);
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
      case 'rules': return listRules(args.format);
      case 'docs': return printDocs(args.positional[0]);
      case 'audit': return runAudit(args);
    }
  } catch (err) {
    if (err instanceof CliError || err instanceof ConfigError) return fail(err.message);
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EACCES' || e.code === 'EPERM') return fail(`cannot read ${e.path ?? 'a file'}: permission denied`);
    throw err;
  }
}

if (require.main === module) {
  // `readiness rules | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  process.exitCode = main(process.argv.slice(2));
}
