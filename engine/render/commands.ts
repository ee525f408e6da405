// What Render's build/start/pre-deploy commands mean for the rules: paths they need, migrations,
// package installs, worker processes and port bindings. Built on engine/render/shell.ts (which
// splits a command line and follows `cd`); nothing here runs a command.
import * as path from 'node:path';
import { parseCommandLine, subWord, type SimpleCommand, type Word } from './shell';

export { parseCommandLine, type SimpleCommand, type Word };

/** The program a simple command runs, after wrappers (`exec`, `bundle exec`, `poetry run` …). */
export interface Invocation {
  cmd: SimpleCommand;
  /** Normalised program name: basename, `python3.12` → `python`. */
  program: string;
  /** The program word and its arguments. */
  words: Word[];
}

const SIMPLE_WRAPPERS = new Set(['exec', 'time', 'nohup', 'nice', 'sudo', 'command', 'ddtrace-run', 'opentelemetry-instrument', 'newrelic-admin', 'dumb-init', 'tini']);
const RUN_WRAPPERS: Record<string, string> = { bundle: 'exec', poetry: 'run', pipenv: 'run', uv: 'run', pdm: 'run', rye: 'run', hatch: 'run', conda: 'run' };

export function programName(word: string): string {
  const base = path.posix.basename(word);
  const py = /^python(\d+(\.\d+)?)?$/.exec(base);
  if (py) return 'python';
  if (/^pip\d*(\.\d+)?$/.test(base)) return 'pip';
  return base;
}

/** Strips wrappers so `words[0]` is the real program. */
export function invocation(cmd: SimpleCommand): Invocation | undefined {
  let words = cmd.words;
  for (let guard = 0; guard < 8 && words.length; guard++) {
    const name = programName(words[0].text);
    if (SIMPLE_WRAPPERS.has(name)) {
      words = words.slice(name === 'newrelic-admin' ? 2 : 1);
      while (words.length && words[0].text.startsWith('-')) words = words.slice(1);
      continue;
    }
    if (name === 'env') {
      words = words.slice(1);
      while (words.length && (words[0].text.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0].text))) words = words.slice(1);
      continue;
    }
    if (RUN_WRAPPERS[name] && words[1]?.text === RUN_WRAPPERS[name]) {
      words = words.slice(2);
      while (words.length && words[0].text.startsWith('-')) words = words.slice(1);
      continue;
    }
    if (name === 'npx' || name === 'bunx' || (name === 'pnpm' && words[1]?.text === 'exec')) {
      words = words.slice(name === 'pnpm' ? 2 : 1);
      while (words.length && words[0].text.startsWith('-')) words = words.slice(1);
      continue;
    }
    if ((name === 'doppler' || name === 'infisical') && words[1]?.text === 'run') {
      const dash = words.findIndex((w) => w.text === '--');
      words = dash >= 0 ? words.slice(dash + 1) : [];
      continue;
    }
    break;
  }
  if (!words.length) return undefined;
  return { cmd, program: programName(words[0].text), words };
}

/** Value of an option (`-w 4`, `-w4`, `--workers 4`, `--workers=4`) in the words after the program. */
export function optionValue(words: Word[], short: string[], long: string[]): Word | undefined {
  let found: Word | undefined;
  for (let i = 1; i < words.length; i++) {
    const t = words[i].text;
    if (t === '--') break;
    for (const l of long) {
      if (t === l && words[i + 1]) found = words[i + 1];
      else if (t.startsWith(`${l}=`)) found = subWord(words[i], l.length + 1);
    }
    for (const s of short) {
      if (t === s && words[i + 1]) found = words[i + 1];
      else if (t.startsWith(s) && !t.startsWith('--') && t.length > s.length && s.length === 2) found = subWord(words[i], s.length);
    }
  }
  return found;
}

function hasFlag(words: Word[], ...flags: string[]): boolean {
  return words.some((w) => flags.some((f) => w.text === f || w.text.startsWith(`${f}=`)));
}

// ---------------------------------------------------------------------------------------------
// Paths

export type PathKind = 'directory' | 'file' | 'script';

export interface PathArg {
  word: Word;
  /** The path as written. */
  path: string;
  /** Repository-relative path it resolves to. */
  resolved: string;
  kind: PathKind;
  /** What names it, for messages: `cd`, `--chdir`, `-r`, `node` … */
  via: string;
  /** Extensions Node or Python would also try (`node index` finds index.js). */
  alternatives?: string[];
  cmd: SimpleCommand;
}

const NODE_VALUE_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--conditions', '-C', '--title', '--input-type', '--inspect-port']);
const PY_VALUE_OPTIONS = new Set(['-W', '-X', '-Q']);

function firstOperand(words: Word[], valueOptions: Set<string>): { word: Word; index: number } | undefined {
  for (let i = 1; i < words.length; i++) {
    const t = words[i].text;
    if (t === '--') return words[i + 1] ? { word: words[i + 1], index: i + 1 } : undefined;
    if (t.startsWith('-')) {
      if (valueOptions.has(t)) i++;
      continue;
    }
    return { word: words[i], index: i };
  }
  return undefined;
}

function resolveFrom(cwd: string, p: string): string | undefined {
  if (p.startsWith('/')) {
    const m = /^\/opt\/render\/project\/src(\/|$)/.exec(p);
    if (!m) return undefined;
    return path.posix.normalize(p.slice(m[0].length) || '.').replace(/^\.$/, '');
  }
  const j = path.posix.normalize(path.posix.join(cwd || '.', p)).replace(/\/+$/, '');
  if (j.startsWith('..')) return undefined;
  return j === '.' ? '' : j;
}

/** Paths in one simple command that must exist in the repository for it to work. */
export function pathArgs(cmd: SimpleCommand): PathArg[] {
  const cwd = cmd.cwd;
  if (cwd === undefined) return [];
  const out: PathArg[] = [];
  const add = (word: Word | undefined, kind: PathKind, via: string, alternatives?: string[], base = cwd) => {
    if (!word || word.dynamic || word.text === '' || /^[a-z][a-z0-9+.-]*:/i.test(word.text)) return;
    const resolved = resolveFrom(base, word.text);
    if (resolved === undefined || resolved === '') return;
    out.push({ word, path: word.text, resolved, kind, via, alternatives, cmd });
  };
  const w = cmd.words;
  const head = w[0]?.text;
  if (head === 'cd' || head === 'pushd') {
    const target = w.slice(1).find((x) => !/^-[LPe@]+$/.test(x.text));
    add(target, 'directory', head);
    return out;
  }
  if (head === 'source' || head === '.') {
    add(w[1], 'file', head);
    return out;
  }
  const inv = invocation(cmd);
  if (!inv) return out;
  const words = inv.words;
  const prog = inv.program;
  // A program named by a path (`./build.sh`, `bin/render-build.sh`).
  if (words[0].text.includes('/') && !words[0].text.startsWith('/')) add(words[0], 'script', 'run');
  switch (prog) {
    case 'gunicorn': {
      const chdir = optionValue(words, [], ['--chdir']);
      add(chdir, 'directory', '--chdir');
      const config = optionValue(words, ['-c'], ['--config']);
      if (config && /\.py$/.test(config.text) && !config.text.startsWith('python:')) {
        const base = chdir && !chdir.dynamic ? resolveFrom(cwd, chdir.text) : cwd;
        if (base !== undefined) add(config, 'file', '-c', undefined, base);
      }
      break;
    }
    case 'uvicorn':
      add(optionValue(words, [], ['--app-dir']), 'directory', '--app-dir');
      add(optionValue(words, [], ['--env-file']), 'file', '--env-file');
      break;
    case 'celery':
      add(optionValue(words, [], ['--workdir']), 'directory', '--workdir');
      break;
    case 'puma':
      add(optionValue(words, ['-C'], ['--config']), 'file', '-C');
      break;
    case 'pip': {
      for (let i = 1; i < words.length; i++) {
        const t = words[i].text;
        if (t === '-r' || t === '--requirement' || t === '-c' || t === '--constraint') add(words[i + 1], 'file', t);
        else if (t.startsWith('--requirement=')) add(subWord(words[i], 14), 'file', '--requirement');
        else if (/^-r\S/.test(t)) add(subWord(words[i], 2), 'file', '-r');
      }
      break;
    }
    case 'uv':
      if (words[1]?.text === 'pip') return pathArgs({ ...cmd, words: words.slice(1).map((x, i) => (i === 0 ? { ...x, text: 'pip' } : x)) });
      break;
    case 'python': {
      if (words.some((x) => x.text === '-m' || x.text === '-c' || /^-[^-]*[mc]/.test(x.text))) {
        // `python -m pip install -r x`
        const m = words.findIndex((x) => x.text === '-m');
        if (m >= 0 && words[m + 1]?.text === 'pip') return pathArgs({ ...cmd, words: words.slice(m + 1) });
        break;
      }
      const op = firstOperand(words, PY_VALUE_OPTIONS);
      if (op) add(op.word, 'file', prog);
      break;
    }
    case 'node': case 'nodemon': case 'ts-node': case 'tsx': case 'bun': {
      if (prog === 'bun' && words[1] && !words[1].text.startsWith('-') && !/\.[cm]?[jt]sx?$/.test(words[1].text)) break;
      if (words.some((x) => ['-e', '--eval', '-p', '--print', '-v', '--version', '-h', '--help', '--test'].includes(x.text))) break;
      const op = firstOperand(words, NODE_VALUE_OPTIONS);
      if (!op || op.word.text === '.' ) break;
      const t = op.word.text;
      if (/\.[cm]?[jt]sx?$/.test(t)) add(op.word, 'file', prog);
      else if (prog === 'node' && !t.includes('.') ) add(op.word, 'file', prog, ['.js', '.mjs', '.cjs', '/index.js']);
      break;
    }
    case 'ruby': case 'bash': case 'sh': case 'deno': {
      const rest = prog === 'deno' && words[1]?.text === 'run' ? [words[0], ...words.slice(2)] : words;
      if (rest.some((x) => x.text === '-c' || x.text === '-e')) break;
      const op = firstOperand(rest, new Set());
      if (op && (op.word.text.includes('/') || /\.(sh|rb|[jt]s)$/.test(op.word.text))) add(op.word, 'file', prog);
      break;
    }
    case 'npm': case 'pnpm':
      add(optionValue(words, prog === 'pnpm' ? ['-C'] : [], ['--prefix', '--dir']), 'directory', prog === 'npm' ? '--prefix' : '--dir');
      break;
    case 'yarn':
      add(optionValue(words, [], ['--cwd']), 'directory', '--cwd');
      break;
    case 'go':
      if (words[1]?.text === 'run' || words[1]?.text === 'build') {
        const op = firstOperand(words.slice(1), new Set(['-o', '-tags', '-ldflags', '-gcflags', '-mod']));
        if (op && op.word.text.startsWith('./') && op.word.text !== './...') add(op.word, 'directory', `go ${words[1].text}`, ['.go']);
      }
      break;
    case 'manage.py':
      break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Migrations

export interface Migration {
  cmd: SimpleCommand;
  /** What it runs, for messages: `prisma migrate deploy`. */
  label: string;
}

const SCRIPT_RUNNERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);

/** A simple command that applies database migrations (schema changes against the live database). */
export function migrationOf(cmd: SimpleCommand): Migration | undefined {
  const inv = invocation(cmd);
  if (!inv) return undefined;
  let words = inv.words.map((w) => w.text);
  let prog = inv.program;
  // npx/bunx/pnpm exec/yarn run a package's binary.
  if ((prog === 'npx' || prog === 'bunx' || (prog === 'pnpm' && (words[1] === 'exec' || words[1] === 'dlx')) || (prog === 'yarn' && words[1] && !['run', 'install', 'build', 'add'].includes(words[1]) && ['prisma', 'knex', 'sequelize', 'typeorm', 'drizzle-kit'].includes(programName(words[1]))))) {
    words = words.slice(prog === 'pnpm' ? 2 : 1).filter((w, i) => !(i === 0 && w.startsWith('-')));
    while (words[0]?.startsWith('-')) words = words.slice(1);
    if (!words.length) return undefined;
    prog = programName(words[0].replace(/@[^/]*$/, ''));
  }
  const args = words.slice(1);
  const has = (...xs: string[]) => xs.every((x) => args.includes(x));
  const label = (n: number) => [prog, ...args.slice(0, n)].join(' ');
  if (prog === 'prisma' && args[0] === 'migrate' && (args[1] === 'deploy' || args[1] === 'dev' || args[1] === 'reset')) return { cmd, label: `prisma migrate ${args[1]}` };
  if (prog === 'prisma' && args[0] === 'db' && args[1] === 'push') return { cmd, label: 'prisma db push' };
  if (prog === 'alembic' && args.includes('upgrade')) return { cmd, label: 'alembic upgrade' };
  if (prog === 'python' && /(^|\/)manage\.py$/.test(args[0] ?? '') && args[1] === 'migrate') return { cmd, label: 'manage.py migrate' };
  if ((prog === 'manage.py') && args[0] === 'migrate') return { cmd, label: 'manage.py migrate' };
  if (prog === 'django-admin' && args[0] === 'migrate') return { cmd, label: 'django-admin migrate' };
  if ((prog === 'flask') && has('db', 'upgrade')) return { cmd, label: 'flask db upgrade' };
  if (prog === 'knex' && /^migrate:(latest|up)$/.test(args[0] ?? '')) return { cmd, label: label(1) };
  if ((prog === 'sequelize' || prog === 'sequelize-cli') && args[0] === 'db:migrate') return { cmd, label: label(1) };
  if (prog === 'typeorm' && /^migration:run$/.test(args[0] ?? '')) return { cmd, label: label(1) };
  if (prog === 'typeorm-ts-node-commonjs' && args[0] === 'migration:run') return { cmd, label: label(1) };
  if (prog === 'drizzle-kit' && (args[0] === 'migrate' || args[0] === 'push')) return { cmd, label: label(1) };
  if ((prog === 'rails' || prog === 'rake') && args.some((a) => /^db:(migrate|prepare|setup)$/.test(a))) return { cmd, label: `${prog} ${args.find((a) => /^db:/.test(a))}` };
  if (prog === 'mix' && args[0] === 'ecto.migrate') return { cmd, label: 'mix ecto.migrate' };
  if (prog === 'goose' && args.includes('up')) return { cmd, label: 'goose up' };
  if (prog === 'migrate' && args.includes('up')) return { cmd, label: 'migrate up' };
  if (prog === 'diesel' && has('migration', 'run')) return { cmd, label: 'diesel migration run' };
  if ((prog === 'sqlx') && has('migrate', 'run')) return { cmd, label: 'sqlx migrate run' };
  if (prog === 'aerich' && args[0] === 'upgrade') return { cmd, label: 'aerich upgrade' };
  if (prog === 'yoyo' && args[0] === 'apply') return { cmd, label: 'yoyo apply' };
  if (SCRIPT_RUNNERS.has(prog)) {
    const script = args[0] === 'run' || args[0] === 'run-script' ? args[1] : prog === 'yarn' || prog === 'pnpm' || prog === 'bun' ? args[0] : undefined;
    if (script && /(^|[:_-])migrat(e|ion|ions)(?=$|[:_-])|^migrate/.test(script) && !/(make|create|generate|new|status|rollback|down|undo|reset)/.test(script)) {
      return { cmd, label: [prog, ...(args[0] === 'run' || args[0] === 'run-script' ? [args[0]] : []), script].join(' ') };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Package installs without the lockfile enforced

export interface LooseInstall {
  cmd: SimpleCommand;
  tool: 'npm' | 'yarn';
  /** The word to replace (`install` / `i`), or after which to add the flag (`yarn` / `install`). */
  word: Word;
  /** Directory whose lockfile counts (after `cd`, `--prefix`, `--cwd`). */
  dir: string | undefined;
}

/** `npm install` (no package names) and `yarn` / `yarn install` without a frozen lockfile. */
export function looseInstallOf(cmd: SimpleCommand): LooseInstall | undefined {
  const inv = invocation(cmd);
  if (!inv) return undefined;
  const words = inv.words;
  const dirOf = (opt: Word | undefined) => (opt ? (opt.dynamic || cmd.cwd === undefined ? undefined : resolveFrom(cmd.cwd, opt.text)) : cmd.cwd);
  if (inv.program === 'npm') {
    const verbIndex = words.findIndex((w, i) => i > 0 && !w.text.startsWith('-') && words[i - 1].text !== '--prefix');
    const verb = words[verbIndex];
    if (!verb || !['install', 'i', 'isntall', 'add'].includes(verb.text) || verb.text === 'add') return undefined;
    // `npm install express` adds a package; `npm install -g x` installs a tool: neither is the project's install.
    const operands = words.slice(verbIndex + 1).filter((w, i, all) => !w.text.startsWith('-') && !(i > 0 && all[i - 1].text === '--prefix'));
    if (operands.length || hasFlag(words, '-g', '--global', '--no-save', '--no-package-lock')) return undefined;
    return { cmd, tool: 'npm', word: verb, dir: dirOf(optionValue(words, [], ['--prefix'])) };
  }
  if (inv.program === 'yarn') {
    const rest = words.slice(1).filter((w) => !w.text.startsWith('-'));
    const cwdOpt = optionValue(words, [], ['--cwd']);
    const operands = rest.filter((w) => w !== cwdOpt);
    if (operands.length > 1 || (operands.length === 1 && operands[0].text !== 'install')) return undefined;
    if (hasFlag(words, '--frozen-lockfile', '--immutable', '--pure-lockfile', '--immutable-cache')) return undefined;
    return { cmd, tool: 'yarn', word: operands[0] ?? words[0], dir: dirOf(cwdOpt) };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Worker processes

export interface WorkerCount {
  /** Processes that each hold their own database pool; undefined when it cannot be known. */
  count: number | undefined;
  /** How it was found, for messages: `gunicorn -w 4`, `WEB_CONCURRENCY=3`, `gunicorn's default`. */
  source: string;
  /** A default rather than a value the configuration states. */
  assumed: boolean;
  /** The word stating it, when on the command line. */
  word?: Word;
  /** gunicorn `-c file.py` / puma `-C file`: the count may be set there. */
  configFile?: string;
}

/** Reads `4`, `$WEB_CONCURRENCY`, `${WEB_CONCURRENCY:-4}` with the service's variables. */
export function numberValue(text: string, env: (name: string) => string | undefined): { value: number | undefined; via?: string } {
  if (/^\d+$/.test(text)) return { value: Number(text) };
  const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-(\d+))?\}?$/.exec(text);
  if (!m) return { value: undefined };
  const v = env(m[1]);
  if (v !== undefined && /^\d+$/.test(v.trim())) return { value: Number(v.trim()), via: `${m[1]}=${v.trim()}` };
  if (m[2] !== undefined) return { value: Number(m[2]), via: `${m[1]} default ${m[2]}` };
  return { value: undefined, via: m[1] };
}

const WORKER_OPTIONS: Record<string, { short: string[]; long: string[]; envDefault?: string; fallback: number | undefined; fallbackNote: string }> = {
  gunicorn: { short: ['-w'], long: ['--workers'], envDefault: 'WEB_CONCURRENCY', fallback: 1, fallbackNote: "gunicorn's default of 1 worker" },
  uvicorn: { short: [], long: ['--workers'], envDefault: 'WEB_CONCURRENCY', fallback: 1, fallbackNote: "uvicorn's default of 1 worker" },
  hypercorn: { short: ['-w'], long: ['--workers'], fallback: 1, fallbackNote: "hypercorn's default of 1 worker" },
  celery: { short: ['-c'], long: ['--concurrency'], fallback: undefined, fallbackNote: 'celery defaults to one process per CPU' },
  puma: { short: ['-w'], long: ['--workers'], envDefault: 'WEB_CONCURRENCY', fallback: 1, fallbackNote: 'puma in single mode' },
};

/** Worker processes started by a start command (the last server program in it). */
export function workerCount(cmds: SimpleCommand[], env: (name: string) => string | undefined): WorkerCount {
  for (const cmd of [...cmds].reverse()) {
    const inv = invocation(cmd);
    if (!inv) continue;
    let prog = inv.program;
    let words = inv.words;
    if (prog === 'python' && words[1]?.text === '-m' && words[2]) {
      prog = programName(words[2].text);
      words = words.slice(2);
    }
    if ((prog === 'rails' || prog === 'bin/rails') && ['s', 'server'].includes(words[1]?.text ?? '')) prog = 'puma';
    const spec = WORKER_OPTIONS[prog];
    if (!spec) continue;
    const local = (name: string) => cmd.assignments.find((a) => a.name === name)?.value.text ?? env(name);
    const opt = optionValue(words, spec.short, spec.long);
    if (opt) {
      const n = numberValue(opt.text, local);
      const flag = words.find((w) => w.end <= opt.start && (spec.short.includes(w.text) || spec.long.some((l) => w.text === l || w.text.startsWith(`${l}=`))))?.text.replace(/=.*$/, '') ?? spec.long[0];
      if (n.value !== undefined) return { count: n.value, source: n.via ? `${prog} ${flag} ${opt.text} (${n.via})` : `${prog} ${flag} ${n.value}`, assumed: false, word: opt };
      return { count: undefined, source: `${prog} ${flag} ${opt.text}`, assumed: true, word: opt };
    }
    const config = prog === 'gunicorn' ? optionValue(words, ['-c'], ['--config']) : prog === 'puma' ? optionValue(words, ['-C'], ['--config']) : undefined;
    if (prog === 'gunicorn') {
      const cmdArgs = local('GUNICORN_CMD_ARGS');
      const m = cmdArgs ? /(?:^|\s)(?:-w\s*|--workers[=\s])(\d+)/.exec(cmdArgs) : null;
      if (m) return { count: Number(m[1]), source: `GUNICORN_CMD_ARGS --workers ${m[1]}`, assumed: false };
    }
    if (spec.envDefault) {
      const v = local(spec.envDefault);
      if (v !== undefined && /^\d+$/.test(v.trim())) return { count: Number(v.trim()), source: `${spec.envDefault}=${v.trim()}`, assumed: false, configFile: config?.text };
    }
    return { count: spec.fallback, source: spec.fallbackNote, assumed: true, configFile: config && !config.dynamic ? config.text : undefined };
  }
  return { count: 1, source: 'one process', assumed: true };
}

// ---------------------------------------------------------------------------------------------
// Port bindings

export interface PortBinding {
  cmd: SimpleCommand;
  program: string;
  /** Host bound, when known; `implicit` marks the program's default. */
  host?: { text: string; word?: Word; implicit: boolean };
  /** Fixed port bound, when the command names a number. */
  port?: { text: string; word: Word };
}

function splitHostPort(word: Word): { host?: Word; port?: Word } {
  let t = word.text;
  let offset = 0;
  const scheme = /^(tcp|http|ssl):\/\//.exec(t);
  if (scheme) { offset = scheme[0].length; t = t.slice(offset); }
  if (t.startsWith('unix:')) return {};
  const colon = t.lastIndexOf(':');
  if (colon < 0) return /^\d+$/.test(t) ? { port: subWord(word, offset) } : { host: subWord(word, offset) };
  const host = colon > 0 ? subWord(word, offset, offset + colon) : undefined;
  const portText = t.slice(colon + 1);
  const port = portText ? subWord(word, offset + colon + 1) : undefined;
  return { host, port };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/** The host and port a server in a start command binds to, where the command says (or its default does). */
export function portBindings(cmds: SimpleCommand[]): PortBinding[] {
  const out: PortBinding[] = [];
  for (const cmd of cmds) {
    const inv = invocation(cmd);
    if (!inv) continue;
    let prog = inv.program;
    let words = inv.words;
    if (prog === 'python' && words[1]?.text === '-m' && words[2]) {
      prog = programName(words[2].text);
      words = words.slice(2);
    }
    if (prog === 'python' && /(^|\/)manage\.py$/.test(words[1]?.text ?? '')) { prog = 'manage.py'; words = words.slice(1); }
    const b: PortBinding = { cmd, program: prog };
    const fromHostPort = (w: Word | undefined) => {
      if (!w) return;
      const hp = splitHostPort(w);
      if (hp.host && hp.host.text !== '') b.host = { text: hp.host.text, word: hp.host, implicit: false };
      if (hp.port && /^\d+$/.test(hp.port.text)) b.port = { text: hp.port.text, word: hp.port };
    };
    const hostOpt = (short: string[], long: string[], fallback?: string) => {
      const h = optionValue(words, short, long);
      if (h) b.host = { text: h.text, word: h, implicit: false };
      else if (fallback) b.host = { text: fallback, implicit: true };
    };
    const portOpt = (short: string[], long: string[]) => {
      const p = optionValue(words, short, long);
      if (p && /^\d+$/.test(p.text)) b.port = { text: p.text, word: p };
    };
    switch (prog) {
      case 'gunicorn':
        fromHostPort(optionValue(words, ['-b'], ['--bind']));
        break;
      case 'uvicorn':
        hostOpt([], ['--host'], '127.0.0.1');
        if (hasFlag(words, '--uds', '--fd')) b.host = undefined;
        portOpt([], ['--port']);
        break;
      case 'hypercorn': case 'daphne': {
        const bind = optionValue(words, ['-b'], ['--bind']);
        if (bind && prog === 'hypercorn') fromHostPort(bind);
        else if (bind) b.host = { text: bind.text, word: bind, implicit: false };
        else b.host = { text: '127.0.0.1', implicit: true };
        if (prog === 'daphne') portOpt(['-p'], ['--port']);
        if (hasFlag(words, '-u', '--unix-socket', '--fd')) b.host = undefined;
        break;
      }
      case 'flask':
        if (words[1]?.text !== 'run') continue;
        hostOpt(['-h'], ['--host'], '127.0.0.1');
        portOpt(['-p'], ['--port']);
        break;
      case 'manage.py': {
        if (words[1]?.text !== 'runserver') continue;
        const addr = words.slice(2).find((w) => !w.text.startsWith('-'));
        if (addr) fromHostPort(addr);
        if (!b.host) b.host = { text: '127.0.0.1', implicit: true };
        break;
      }
      case 'http.server': {
        const port = words.slice(1).find((w, i, all) => /^\d+$/.test(w.text) && !['-b', '--bind', '-d', '--directory'].includes(all[i - 1]?.text ?? ''));
        if (port) b.port = { text: port.text, word: port };
        hostOpt(['-b'], ['--bind']);
        break;
      }
      case 'next':
        if (words[1]?.text !== 'start') continue;
        portOpt(['-p'], ['--port']);
        hostOpt(['-H'], ['--hostname']);
        break;
      case 'serve':
        fromHostPort(optionValue(words, ['-l'], ['--listen']));
        break;
      case 'rails': case 'puma':
        if (prog === 'rails' && !['s', 'server'].includes(words[1]?.text ?? '')) continue;
        portOpt(['-p'], ['--port']);
        if (prog === 'puma') fromHostPort(optionValue(words, ['-b'], ['--bind']));
        else hostOpt(['-b'], ['--binding']);
        break;
      case 'waitress-serve':
        fromHostPort(optionValue(words, [], ['--listen']));
        hostOpt([], ['--host']);
        portOpt([], ['--port']);
        break;
      case 'php':
        if (words[1]?.text === '-S' && words[2]) fromHostPort(words[2]);
        break;
      case 'streamlit':
        hostOpt([], ['--server.address']);
        portOpt([], ['--server.port']);
        break;
      default:
        continue;
    }
    const portAssign = cmd.assignments.find((a) => a.name === 'PORT');
    if (portAssign && /^\d+$/.test(portAssign.value.text) && !b.port) b.port = { text: portAssign.value.text, word: portAssign.value };
    if (b.host || b.port) out.push(b);
  }
  return out;
}
