import { isSuppressedRead } from '../engine/code/scan';
import { appSources, envContext, environmentOfPath, provides, requiredReads, runnersOf, type EnvContext } from '../engine/env/analysis';
import type { IndexedFile } from '../engine/code/index';
import type { LocatedRead } from '../engine/code/scan';
import type { DeployUnit } from '../engine/env/units';
import type { FileEdit, Fix, WorkspaceRule } from '../engine/types';

const ID = 'env-missing-required';

function how(unit: DeployUnit, name: string): string {
  return unit.platform === 'render' ? `sync: false in ${unit.file}` : `${name}: \${${name}} in ${unit.file}`;
}

function list(units: DeployUnit[]): string {
  const labels = units.map((u) => u.label);
  return labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/**
 * A file's reads that some family of its runners does not provide, kept per indexed file with the
 * runners (a unit is the same object while its service's text and what it read are) and the
 * answers to "loads .env files itself" it asked: typing in one service re-checks only its code.
 */
interface Lacking {
  read: LocatedRead;
  lacking: DeployUnit[][];
}
const keptLacking = new WeakMap<IndexedFile, { families: DeployUnit[][]; dotenv: Map<string, boolean>; out: Lacking[] }>();

function sameFamilies(a: DeployUnit[][], b: DeployUnit[][]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].length !== b[i].length) return false;
    for (let j = 0; j < a[i].length; j++) if (a[i][j] !== b[i][j]) return false;
  }
  return true;
}

function sameAnswers(env: EnvContext, asked: Map<string, boolean>): boolean {
  for (const [root, answer] of asked) if (env.loadsDotenv(root) !== answer) return false;
  return true;
}

function lackingReads(env: EnvContext, file: IndexedFile, families: DeployUnit[][]): Lacking[] {
  const hit = keptLacking.get(file);
  if (hit && sameFamilies(hit.families, families) && sameAnswers(env, hit.dotenv)) return hit.out;
  const dotenv = new Map<string, boolean>();
  const out: Lacking[] = [];
  for (const read of requiredReads(file)) {
    if (isSuppressedRead(file.scan!, ID, read.line)) continue;
    const lacking = families.filter((units) => !units.some((u) => provides(env, u, read, dotenv)));
    if (lacking.length) out.push({ read, lacking });
  }
  keptLacking.set(file, { families, dotenv, out });
  return out;
}

const rule: WorkspaceRule = {
  id: ID,
  meta: {
    scope: 'workspace',
    category: 'configuration',
    severity: 'error',
    description: 'A variable the code reads without a default that the Render or Compose service running that code does not provide.',
    fixable: true,
  },
  check(ctx) {
    const env = envContext(ctx.workspace);
    if (!env || !env.units.length) return;
    for (const file of appSources(env.index)) {
      const owners = env.owners(file.path);
      // Production-only code (config/environments/production.rb) is not run by a local Compose stack, and the reverse.
      const only = environmentOfPath(file.path);
      const families = [only === 'development' ? [] : runnersOf(owners.render, file.path), only === 'production' ? [] : runnersOf(owners.compose, file.path)].filter((u) => u.length);
      if (!families.length) continue;
      for (const { read, lacking } of lackingReads(env, file, families)) {
        const name = read.caseInsensitive ? read.name.toUpperCase() : read.name;
        const missing = lacking.flat();
        // Fix-all applies the first fix: one declaration per platform that lacks it.
        const fixes: Fix[] = [];
        const firsts = lacking.map((units) => units[0].declare(name));
        if (lacking.length > 1 && firsts.every((e) => e !== undefined)) {
          fixes.push({ title: `Declare ${name} for ${list(lacking.map((u) => u[0]))}`, edits: firsts as FileEdit[], safe: true });
        }
        for (const u of missing) {
          const edit = u.declare(name);
          if (edit) fixes.push({ title: `Declare ${name} for ${u.label} (${how(u, name)})`, edits: [edit], safe: fixes.length === 0 });
        }
        const verb = missing.length === 1 ? 'does' : 'do';
        const todo = missing.length === 1 && missing[0].platform === 'render'
          ? 'add it to its envVars with sync: false'
          : missing.length === 1 ? `add ${name}: \${${name}} to its environment` : `declare it (${[...new Set(missing.map((u) => how(u, name)))].join('; ')})`;
        ctx.report({
          file: file.path,
          range: { start: read.start, end: read.end },
          message: `${name} is read without a default, but ${list(missing)} ${verb} not provide it: ${todo}, or give the read a default.`,
          related: missing.map((u) => ({ file: u.file, range: u.nameRange, message: `${u.label} runs this code and does not provide ${name}` })),
          fix: fixes,
        });
      }
    }
  },
};

export default rule;
