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
/** Each route as a quoted string literal, compiled once rather than per file read. */
const ROUTE_LITERALS = ROUTES.map((r) => new RegExp(`["'\`]${r.replace(/[/-]/g, '\\$&')}/?["'\`]`));
/** Files read at most per service when looking for a health route. */
const MAX_FILES = 400;

/** The workspace's code files outside tests and dependencies, per file list (each web service looks through them). */
const codeFilesOf = new WeakMap<readonly string[], string[]>();
function codeFiles(ws: Workspace): readonly string[] {
  const all = ws.fs.listFiles();
  let code = codeFilesOf.get(all);
  if (!code) codeFilesOf.set(all, (code = all.filter((f) => CODE.test(f) && !SKIP.test(f))));
  return code;
}

/**
 * Index in ROUTES of the first route a code file declares (ROUTES.length when none), once per
 * workspace state: services without a rootDir all look through the same first files.
 */
function firstRouteIn(ws: Workspace, file: string): number {
  const seen = ws.model('render-missing-health-check.firstRoute', () => new Map<string, number>());
  let first = seen.get(file);
  if (first === undefined) {
    const text = ws.fs.readText(file);
    first = text ? ROUTE_LITERALS.findIndex((r) => r.test(text)) : -1;
    if (first < 0) first = ROUTE_LITERALS.length;
    seen.set(file, first);
  }
  return first;
}

/**
 * Where a service's code may be, as folder heads (`dir/`, '' for everywhere): its rootDir, and that
 * under the blueprint's folder; undefined when it does not build from this repository.
 */
function codeHeads(s: Service, blueprintDir: string): string[] | undefined {
  if (!buildsFromThisRepo(s)) return undefined;
  const root = rootDirOf(s);
  const prefixes = [root, blueprintDir && root ? path.posix.join(blueprintDir, root) : blueprintDir].filter((p, i, a) => a.indexOf(p) === i);
  return prefixes.map((p) => (p ? `${p}/` : ''));
}

/**
 * The search for a health route under `heads`: `next` reads the next code file and reports
 * whether the search goes on; `best` is then the index in ROUTES of the route found (ROUTES.length
 * for none). The first route in ROUTES order wins: nothing can beat ROUTES[0] once it is found.
 */
class RouteSearch {
  best = ROUTE_LITERALS.length;
  private readonly files: readonly string[];
  private at = 0;
  private read = 0;
  private readonly anywhere: boolean;

  constructor(
    private readonly ws: Workspace,
    private readonly heads: readonly string[],
  ) {
    this.files = codeFiles(ws);
    this.anywhere = heads.includes('');
  }

  next(): boolean {
    const files = this.files;
    while (this.at < files.length && this.best !== 0) {
      const f = files[this.at++];
      if (!this.anywhere && !startsWithAny(f, this.heads)) continue;
      if (++this.read > MAX_FILES) break;
      this.best = Math.min(this.best, firstRouteIn(this.ws, f));
      return true;
    }
    this.at = files.length;
    return false;
  }
}

/**
 * Index in ROUTES of the route found under each set of heads, once per workspace state: the
 * services of a folder's blueprints without a rootDir all look through the same files.
 */
function routesFound(ws: Workspace): Map<string, number> {
  return ws.model('render-missing-health-check.routeByHeads', () => new Map<string, number>());
}

/** The search still to run for these heads, which records its route when it ends; undefined once recorded. */
function pendingSearch(ws: Workspace, heads: readonly string[]): { next(): boolean } | undefined {
  // JSON, not a separator: a rootDir may hold any character.
  const key = JSON.stringify(heads);
  const found = routesFound(ws);
  if (found.has(key)) return undefined;
  const search = new RouteSearch(ws, heads);
  return {
    next: () => {
      if (search.next()) return true;
      found.set(key, search.best);
      return false;
    },
  };
}

/** Reads the service's code files one per step (for `prepare`), remembering the route found. */
function* findHealthRoute(ws: Workspace, s: Service, blueprintDir: string): Generator<void, void> {
  const heads = codeHeads(s, blueprintDir);
  const search = heads && pendingSearch(ws, heads);
  if (search) while (search.next()) yield;
}

function startsWithAny(f: string, heads: readonly string[]): boolean {
  for (const h of heads) if (f.startsWith(h)) return true;
  return false;
}

/** A health route the service's code declares, when one is found. */
function healthRoute(ws: Workspace, s: Service, blueprintDir: string): string | undefined {
  const heads = codeHeads(s, blueprintDir);
  if (!heads) return undefined;
  const search = pendingSearch(ws, heads);
  if (search) while (search.next());
  return ROUTES[routesFound(ws).get(JSON.stringify(heads))!];
}

/** The web services of a blueprint that have no healthCheckPath (static sites serve files, not a process). */
function webServicesWithoutCheck(services: readonly Service[]): (Service & Required<Pick<Service, 'name'>>)[] {
  return services.filter((s): s is Service & Required<Pick<Service, 'name'>> => s.type?.value?.toLowerCase() === 'web' && runtimeOf(s) !== 'static' && !s.healthCheckPath && s.name !== undefined);
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
    // A finding and its fix lie in their service and depend on it, the blueprint's folder and the code alone.
    perService: true,
  },
  // Each web service's code is read for a route (once per workspace state): one code file per step ahead of the check.
  *prepare({ workspace }) {
    for (const file of workspace.filesOfKind('render')) {
      const bp = file.format === 'yaml' ? blueprint(file) : undefined;
      if (!bp) continue;
      const dir = path.posix.dirname(file.path);
      for (const s of webServicesWithoutCheck(bp.services)) yield* findHealthRoute(workspace, s, dir === '.' ? '' : dir);
    }
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const bp = blueprint(file);
    if (!bp) return;
    const dir = path.posix.dirname(file.path);
    for (const s of webServicesWithoutCheck(bp.services)) {
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
