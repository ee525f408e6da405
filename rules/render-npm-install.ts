import * as path from 'node:path';
import { blueprint } from '../engine/render/blueprint';
import { looseInstallOf } from '../engine/render/commands';
import { hasCode, runsCommands } from '../engine/render/paths';
import { serviceCommands, wordRange } from '../engine/render/serviceCommands';
import type { FileRule, Fix, Workspace } from '../engine/types';

function bases(blueprintPath: string): string[] {
  const dir = path.posix.dirname(blueprintPath);
  return dir === '.' ? [''] : ['', dir];
}

function has(ws: Workspace, bs: string[], dir: string, name: string): boolean {
  return bs.some((b) => ws.fs.exists(path.posix.join(b || '.', dir || '.', name)));
}

/**
 * Yarn 2+ (Berry) installs with `--immutable` by default on CI, and Render's build sets `RENDER`,
 * which Yarn's CI detection (ci-info) recognises; only Yarn 1 needs the flag.
 */
function isYarnBerry(ws: Workspace, bs: string[], dir: string): boolean {
  if (has(ws, bs, dir, '.yarnrc.yml') || has(ws, bs, '', '.yarnrc.yml')) return true;
  for (const b of bs) {
    for (const d of [dir, '']) {
      const pkg = ws.fs.readText(path.posix.join(b || '.', d || '.', 'package.json'));
      const m = pkg ? /"packageManager"\s*:\s*"yarn@(\d+)/.exec(pkg) : null;
      if (m) return Number(m[1]) >= 2;
    }
  }
  return false;
}

const rule: FileRule = {
  id: 'render-npm-install',
  meta: {
    scope: 'file',
    kinds: ['render'],
    category: 'reliability',
    severity: 'info',
    description: '`npm install` or Yarn 1 without a frozen lockfile in buildCommand, so a build can install other versions than the ones tested.',
    fixable: true,
    perService: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const bp = blueprint(file);
    if (!bp) return;
    const bs = bases(file.path);
    for (const s of bp.services) {
      if (!runsCommands(s)) continue;
      const build = serviceCommands(file, s).find((c) => c.name === 'buildCommand');
      if (!build) continue;
      for (const cmd of build.cmds) {
        const loose = looseInstallOf(cmd);
        if (!loose) continue;
        // Without code in the workspace, a missing lockfile says nothing about the repository.
        const where = loose.dir === undefined || !hasCode(ctx.workspace) ? undefined : loose.dir || '.';
        const range = wordRange(build, loose.word);
        const exact = build.offsets !== undefined;
        if (loose.tool === 'npm') {
          const lock = where !== undefined && (has(ctx.workspace, bs, loose.dir!, 'package-lock.json') || has(ctx.workspace, bs, loose.dir!, 'npm-shrinkwrap.json'));
          const fix: Fix | undefined = lock && exact ? { title: 'Use npm ci', edits: [{ file: file.path, ...range, newText: 'ci' }], safe: true } : undefined;
          const message = lock || where === undefined
            ? `buildCommand runs npm ${loose.word.text}, which may resolve newer versions than package-lock.json records and rewrite it during the build; use npm ci, which installs exactly the locked versions and fails when the lockfile is out of date.`
            : `buildCommand runs npm ${loose.word.text} with no package-lock.json in ${where === '.' ? 'the repository root' : `${where}/`}, so each build may install different versions; commit the lockfile and use npm ci.`;
          ctx.report({ range, message, fix });
        } else {
          if (loose.dir !== undefined && isYarnBerry(ctx.workspace, bs, loose.dir)) continue;
          const lock = where !== undefined && has(ctx.workspace, bs, loose.dir!, 'yarn.lock');
          const fix: Fix | undefined = lock && exact ? { title: 'Add --frozen-lockfile', edits: [{ file: file.path, start: range.end, end: range.end, newText: ' --frozen-lockfile' }], safe: true } : undefined;
          const tail = lock || where === undefined ? 'add --frozen-lockfile so the build fails instead of installing versions yarn.lock does not record' : `commit a yarn.lock in ${where === '.' ? 'the repository root' : `${where}/`} and install with --frozen-lockfile`;
          const written = loose.word.text === 'yarn' ? 'yarn' : `yarn ${loose.word.text}`;
          ctx.report({ range, message: `buildCommand runs ${written} without --frozen-lockfile, so Yarn 1 may update yarn.lock during the build; ${tail}.`, fix });
        }
      }
    }
  },
};

export default rule;
