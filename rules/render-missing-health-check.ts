import * as path from 'node:path';
import { isScalar } from 'yaml';
import { blueprint, type Field, type Service } from '../engine/render/blueprint';
import { buildsFromThisRepo, runtimeOf } from '../engine/render/paths';
import { rootDirOf } from '../engine/render/serviceCommands';
import { columnOf, eolOf, nextLineStart } from '../engine/yaml/ast';
import type { FileEdit, FileRule, Workspace, YamlSourceFile } from '../engine/types';

const CODE = /\.(js|mjs|cjs|ts|mts|cts|jsx|tsx|py|rb|go|rs|ex|exs|java|kt|php|cs)$/;
const SKIP = /(^|\/)(node_modules|dist|build|vendor|\.venv|venv|test|tests|__tests__|spec)\//;
const ROUTES = ['/health', '/healthz', '/health-check', '/healthcheck', '/api/health', '/api/healthz', '/ping', '/up', '/status'];
/** Files read at most per service when looking for a health route. */
const MAX_FILES = 400;

/** A health route the service's code declares, when one is found. */
function healthRoute(ws: Workspace, s: Service, blueprintDir: string): string | undefined {
  if (!buildsFromThisRepo(s)) return undefined;
  const root = rootDirOf(s);
  const prefixes = [root, blueprintDir && root ? path.posix.join(blueprintDir, root) : blueprintDir].filter((p, i, a) => a.indexOf(p) === i);
  let read = 0;
  const found = new Set<string>();
  for (const f of ws.fs.listFiles()) {
    if (!CODE.test(f) || SKIP.test(f) || !prefixes.some((p) => !p || f.startsWith(`${p}/`))) continue;
    if (++read > MAX_FILES) break;
    const text = ws.fs.readText(f);
    if (!text) continue;
    for (const r of ROUTES) if (new RegExp(`["'\`]${r.replace(/[/-]/g, '\\$&')}/?["'\`]`).test(text)) found.add(r);
  }
  return ROUTES.find((r) => found.has(r));
}

/** Inserts `key: value` on the line after a one-line scalar field, with its indentation. */
function insertAfter(file: YamlSourceFile, field: Field<unknown>, line: string): FileEdit | undefined {
  const text = file.text;
  if (!isScalar(field.node) || /[\r\n]/.test(text.slice(field.keyRange.start, field.valueRange.end))) return undefined;
  const col = columnOf(text, field.keyRange.start);
  if (text.slice(field.keyRange.start - col, field.keyRange.start).trim() !== '') return undefined;
  const eol = eolOf(text);
  const at = nextLineStart(text, field.valueRange.end);
  const lead = at === text.length && !/[\r\n]$/.test(text) ? eol : '';
  return { file: file.path, start: at, end: at, newText: `${lead}${' '.repeat(col)}${line}${lead ? '' : eol}` };
}

const rule: FileRule = {
  id: 'render-missing-health-check',
  meta: {
    scope: 'file',
    kinds: ['render'],
    category: 'reliability',
    severity: 'warning',
    description: 'A Render web service without healthCheckPath, so a deploy goes live as soon as the port opens and a hung instance is never replaced.',
    fixable: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const bp = blueprint(file);
    if (!bp) return;
    const dir = path.posix.dirname(file.path);
    for (const s of bp.services) {
      const type = s.type?.value?.toLowerCase();
      // healthCheckPath applies to web services only; static sites serve files, not a process.
      if (type !== 'web' || runtimeOf(s) === 'static' || s.healthCheckPath || !s.name) continue;
      const route = healthRoute(ctx.workspace, s, dir === '.' ? '' : dir);
      const anchor = ['startCommand', 'dockerCommand', 'runtime', 'env', 'type'].map((k) => s.fields.get(k)).find((f) => f && insertAfter(file, f, ''));
      const edit = anchor && insertAfter(file, anchor, `healthCheckPath: ${route ?? '/health'}`);
      const message = route
        ? `Web service ${s.name.value} has no healthCheckPath, so Render sends traffic to a new deploy as soon as its port opens and never restarts an instance that stops answering; its code serves ${route}: set healthCheckPath: ${route}.`
        : `Web service ${s.name.value} has no healthCheckPath, so Render sends traffic to a new deploy as soon as its port opens and never restarts an instance that stops answering; add a route such as /health that answers 200 when the app can serve, then set healthCheckPath: /health.`;
      ctx.report({
        range: s.name.valueRange,
        message,
        // Without a route in the code, the check would fail every deploy: offer the edit, never apply it unasked.
        fix: edit ? { title: `Add healthCheckPath: ${route ?? '/health'}${route ? '' : ' (the route must exist)'}`, edits: [edit], safe: route !== undefined } : undefined,
      });
    }
  },
};

export default rule;
