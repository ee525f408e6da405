import type { Severity } from '../engine/types';

export type FailOn = Severity | 'never';

export interface CliArgs {
  command: 'audit' | 'rules' | 'docs' | 'help' | 'version';
  dir: string;
  format: string;
  output?: string;
  failOn: FailOn;
  config?: string;
  rules: string[];
  color: boolean | undefined;
  quiet: boolean;
  fix: boolean;
  dryRun: boolean;
  positional: string[];
}

export class UsageError extends Error {}

export const USAGE = `Usage:
  readiness audit [dir] [--format text|json|sarif|markdown] [--output FILE] [--fail-on error|warning|info|never]
                        [--config FILE] [--rule ID ...] [--fix [--dry-run]] [--no-color] [--quiet]
  readiness rules [--format text|json]   list the rule catalogue
  readiness docs <id>                    print a rule's documentation
  readiness --version

  --fix        apply every safe fix, print what changed, then report what is left
  --dry-run    with --fix: print what would change, write nothing
  --quiet      text: errors only; no progress line, no fix log
  --output     write the report to FILE (Markdown links are relative to it)

Exit codes: 0 no finding at or above --fail-on (default error), 1 findings at or above it, 2 usage or configuration error.`;

const VALUE_FLAGS = new Set(['--format', '-f', '--output', '-o', '--fail-on', '--config', '-c', '--rule']);

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { command: 'audit', dir: '.', format: 'text', failOn: 'error', rules: [], color: undefined, quiet: false, fix: false, dryRun: false, positional: [] };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let value: string | undefined;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    if (eq > 0) {
      value = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    if (VALUE_FLAGS.has(a) && value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`${a} needs a value`);
    }
    switch (a) {
      case '--format': case '-f': args.format = value!; break;
      case '--output': case '-o': args.output = value; break;
      case '--fail-on':
        if (!['error', 'warning', 'info', 'never'].includes(value!)) throw new UsageError(`--fail-on must be error, warning, info or never (got "${value}")`);
        args.failOn = value as FailOn;
        break;
      case '--config': case '-c': args.config = value; break;
      case '--rule': args.rules.push(...value!.split(',').map((s) => s.trim()).filter(Boolean)); break;
      case '--no-color': args.color = false; break;
      case '--color': args.color = true; break;
      case '--quiet': case '-q': args.quiet = true; break;
      case '--fix': args.fix = true; break;
      case '--dry-run': args.dryRun = true; break;
      case '--help': case '-h': args.command = 'help'; break;
      case '--version': case '-v': args.command = 'version'; break;
      default:
        if (a.startsWith('-')) throw new UsageError(`Unknown option ${a}`);
        rest.push(a);
    }
  }
  if (args.command === 'help' || args.command === 'version') return args;
  const cmd = rest.shift();
  if (cmd === undefined || cmd === 'audit') args.command = 'audit';
  else if (cmd === 'rules' || cmd === 'docs' || cmd === 'help') args.command = cmd;
  else throw new UsageError(`Unknown command "${cmd}"`);
  if (args.command === 'audit') {
    if (rest.length > 1) throw new UsageError(`audit takes one folder (got ${rest.join(', ')})`);
    args.dir = rest[0] ?? '.';
    if (args.dryRun && !args.fix) throw new UsageError('--dry-run goes with --fix (it shows what --fix would change)');
  }
  args.positional = rest;
  return args;
}
