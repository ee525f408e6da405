import * as path from 'node:path';
import { blueprint } from '../engine/render/blueprint';
import { migrationOf } from '../engine/render/commands';
import { appendCommandEdit, insertKeyAfter, removeCommandEdit } from '../engine/render/commandEdits';
import { runsCommands } from '../engine/render/paths';
import { rootDirOf, serviceCommands, spanRange } from '../engine/render/serviceCommands';
import type { FileEdit, FileRule, Fix } from '../engine/types';

const rule: FileRule = {
  id: 'render-build-migrations',
  meta: {
    scope: 'file',
    kinds: ['render'],
    category: 'reliability',
    severity: 'warning',
    description: 'Database migrations in buildCommand, which runs before the deploy is known to succeed and for every build, previews included.',
    fixable: true,
    perService: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const bp = blueprint(file);
    if (!bp) return;
    for (const s of bp.services) {
      if (!runsCommands(s)) continue;
      const commands = serviceCommands(file, s);
      const build = commands.find((c) => c.name === 'buildCommand');
      if (!build) continue;
      const preDeploy = commands.find((c) => c.name === 'preDeployCommand');
      const root = rootDirOf(s);
      const free = s.plan?.value?.trim().toLowerCase() === 'free';
      for (const cmd of build.cmds) {
        const m = migrationOf(cmd);
        if (!m) continue;
        const written = build.text.slice(cmd.start, cmd.end);
        let fix: Fix | undefined;
        const dir = cmd.cwd === undefined ? undefined : path.posix.relative(root || '.', cmd.cwd || '.');
        if (!free && dir !== undefined && !dir.startsWith('..')) {
          const moved = dir ? `cd ${/^[\w./-]+$/.test(dir) ? dir : `'${dir}'`} && ${written}` : written;
          const remove = removeCommandEdit(file, build, cmd);
          let add: FileEdit | undefined;
          if (preDeploy) {
            const already = preDeploy.cmds.some((c) => migrationOf(c)?.label === m.label);
            // Appending is only safe when the pre-deploy command ends where it started.
            const endsAtRoot = preDeploy.cmds.every((c) => c.cwd === preDeploy.cmds[0].cwd) && !/[|&]\s*$/.test(preDeploy.text.trim());
            add = already ? undefined : endsAtRoot ? appendCommandEdit(file, preDeploy, moved) : undefined;
            if (remove && (already || add)) fix = { title: `Move ${m.label} to preDeployCommand`, edits: add ? [remove, add] : [remove], safe: true };
          } else {
            add = insertKeyAfter(file, build, 'preDeployCommand', moved);
            if (remove && add) fix = { title: `Move ${m.label} to preDeployCommand`, edits: [remove, add], safe: true };
          }
        }
        const paid = free ? ' (preDeployCommand needs a paid instance type; this service is on the free plan)' : '';
        ctx.report({
          range: spanRange(build, cmd.start, cmd.end),
          message: `buildCommand of ${s.name?.value ?? 'this service'} runs ${m.label}, which changes the live database on every build, previews and failed deploys included, before the new version is known to start; move it to preDeployCommand${paid}.`,
          fix,
        });
      }
    }
  },
};

export default rule;
