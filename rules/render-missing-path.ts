import * as path from 'node:path';
import { blueprint, type Field, type Service } from '../engine/render/blueprint';
import { pathArgs, type PathArg } from '../engine/render/commands';
import { buildsFromThisRepo, foundUnder, hasCode, mayBeGenerated, runsCommands } from '../engine/render/paths';
import { rootDirOf, serviceCommands, wordRange, type ServiceCommand } from '../engine/render/serviceCommands';
import type { FileContext, FileRule, Workspace, YamlSourceFile } from '../engine/types';

/**
 * Render resolves paths from the repository root. A blueprint kept below the root (a template, or
 * a custom blueprint path) is checked against both its own folder and the workspace root.
 */
function bases(blueprintPath: string): string[] {
  const dir = path.posix.dirname(blueprintPath);
  return dir === '.' ? [''] : ['', dir];
}

function existsUnder(ws: Workspace, bs: string[], p: string, alternatives: string[] = [], directory = false): boolean {
  return bs.some((b) => {
    const full = path.posix.join(b || '.', p);
    if (directory ? ws.fs.isDirectory(full) : ws.fs.exists(full)) return true;
    return alternatives.some((ext) => ws.fs.exists(full + ext));
  });
}

function clean(p: string): string {
  return path.posix.normalize(p.replace(/^\.\/+/, '')).replace(/\/+$/, '').replace(/^\.$/, '');
}

function where(dir: string | undefined, root: string): string {
  if (dir === root) return root ? `rootDir ${root}/` : 'the repository root';
  return dir ? `${dir}/` : 'the repository root';
}

/** Static folder prefix of a glob (`backend/src/**` → `backend/src`). */
function globPrefix(glob: string): string {
  const g = glob.replace(/^\.\//, '').replace(/^\//, '');
  const star = g.search(/[*?[{!]/);
  const head = star < 0 ? g : g.slice(0, star);
  return star < 0 ? clean(head) : clean(head.slice(0, head.lastIndexOf('/') + 1));
}

/** Directories `cd` entered in the service's other commands: the usual reason a path is missing. */
function cdsElsewhere(commands: ServiceCommand[], except: ServiceCommand): { dir: string; command: ServiceCommand }[] {
  const out: { dir: string; command: ServiceCommand }[] = [];
  for (const c of commands) {
    if (c === except) continue;
    for (const cmd of c.cmds) if (cmd.cwd !== undefined && cmd.cwd !== c.cmds[0].cwd) out.push({ dir: cmd.cwd, command: c });
  }
  return out;
}

function checkField(ctx: FileContext, bs: string[], field: Field<string> | undefined, directory: boolean, what: string, fix: string): void {
  const v = field?.value;
  if (!field || v === undefined || v.includes('$') || /^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return;
  const p = clean(v);
  if (p === '' || p.startsWith('..') || p.startsWith('/')) return;
  if (existsUnder(ctx.workspace, bs, p, [], directory)) return;
  const exists = existsUnder(ctx.workspace, bs, p);
  ctx.report({
    range: field.valueRange,
    message: `${what} "${v}" ${exists && directory ? 'is a file, not a folder' : 'does not exist in the repository'}, so Render cannot build this service; ${fix}.`,
  });
}

function checkCommands(ctx: FileContext, file: YamlSourceFile, s: Service, bs: string[]): void {
  const commands = serviceCommands(file, s);
  const build = commands.find((c) => c.name === 'buildCommand');
  const root = rootDirOf(s);
  for (const command of commands) {
    for (const cmd of command.cmds) {
      for (const arg of pathArgs(cmd)) {
        const directory = arg.kind === 'directory';
        if (existsUnder(ctx.workspace, bs, arg.resolved, arg.alternatives, false)) {
          if (directory && !existsUnder(ctx.workspace, bs, arg.resolved, [], true)) report(ctx, command, arg, root, 'is a file, not a folder', '');
          continue;
        }
        if (mayBeGenerated(ctx.workspace, arg.resolved, command, cmd, build)) continue;
        const relative = path.posix.relative(cmd.cwd || '.', arg.resolved);
        const moved = cdsElsewhere(commands, command).find((c) => c.dir !== cmd.cwd && existsUnder(ctx.workspace, bs, path.posix.join(c.dir || '.', relative), arg.alternatives));
        let hint = '';
        if (moved) {
          hint = `; the "cd ${path.posix.relative(root || '.', moved.dir) || '.'}" in ${moved.command.name} does not carry over, because each command runs in its own shell from ${root ? 'rootDir' : 'the repository root'}: start this command with "cd ${path.posix.relative(root || '.', moved.dir)} &&" or set rootDir: ${moved.dir}`;
        } else {
          const other = foundUnder(ctx.workspace, root ? [''] : [], relative);
          if (other !== undefined && root) hint = `; it exists relative to the repository root, but commands run from rootDir ${root}/`;
        }
        report(ctx, command, arg, root, 'does not exist', hint);
      }
    }
  }
}

function report(ctx: FileContext, command: ServiceCommand, arg: PathArg, root: string, problem: string, hint: string): void {
  const via = arg.via === 'run' ? `runs ${arg.path}` : arg.via === 'cd' || arg.via === 'pushd' ? `changes into ${arg.path}` : arg.via.startsWith('-') ? `passes ${arg.via} ${arg.path}` : `runs ${arg.via} ${arg.path}`;
  const kind = arg.kind === 'directory' ? `${arg.resolved}/` : arg.resolved;
  ctx.report({
    range: wordRange(command, arg.word),
    message: `${command.name} ${via} from ${where(arg.cmd.cwd, root)}, but ${kind} ${problem}${hint || '; fix the path or create it'}.`,
  });
}

const rule: FileRule = {
  id: 'render-missing-path',
  meta: {
    scope: 'file',
    kinds: ['render'],
    category: 'correctness',
    severity: 'error',
    description: 'A rootDir, Dockerfile, build context, build filter or command path that does not exist in the repository.',
    fixable: false,
    perService: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const bp = blueprint(file);
    if (!bp) return;
    // Without any code in the workspace there is nothing to check paths against.
    if (!hasCode(ctx.workspace)) return;
    const bs = bases(file.path);
    for (const s of bp.services) {
      if (!buildsFromThisRepo(s)) continue;
      const root = rootDirOf(s);
      const rootOk = !s.rootDir?.value || existsUnder(ctx.workspace, bs, root, [], true);
      checkField(ctx, bs, s.rootDir, true, 'rootDir', 'set it to the folder that holds the service\'s code, relative to the repository root');
      if (!rootOk) continue;
      // Docker paths: accepted relative to the repository root or to rootDir.
      const dockerBases = root ? [...bs, ...bs.map((b) => path.posix.join(b || '.', root))] : bs;
      checkField(ctx, dockerBases, s.dockerfilePath, false, 'dockerfilePath', 'point it at the service\'s Dockerfile');
      checkField(ctx, dockerBases, s.dockerContext, true, 'dockerContext', 'point it at the folder the Docker build should see');
      for (const p of s.buildFilter?.paths ?? []) {
        const prefix = p.value === undefined ? '' : globPrefix(p.value);
        if (!prefix || existsUnder(ctx.workspace, bs, prefix)) continue;
        ctx.report({ range: p.valueRange, message: `buildFilter path "${p.value}" matches nothing: ${prefix} does not exist in the repository, so changes never trigger a deploy of this service; fix the pattern.` });
      }
      if (runsCommands(s)) checkCommands(ctx, file, s, bs);
    }
  },
};

export default rule;
