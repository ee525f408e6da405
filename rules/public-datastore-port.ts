import { isMap, isScalar } from 'yaml';
import { composeModel, type ComposePort, type ComposeService } from '../engine/compose/model';
import { extendsChain, serviceDefinitions } from '../engine/compose/project';
import { DATASTORE_PORTS, datastoreOfImage, type Datastore } from '../engine/compose/datastores';
import { appendToBlockMap, replaceScalar, scalarTextStart } from '../engine/compose/edits';
import { isFlow, mapGet, nodeRange } from '../engine/yaml/ast';
import type { FileContext, FileRule, Fix, Range, Workspace, YamlSourceFile } from '../engine/types';

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]']);

/** The image a service runs, looking through override files and `extends`. */
function imageOf(workspace: Workspace, file: YamlSourceFile, svc: ComposeService): string | undefined {
  if (svc.image) return svc.image.text;
  for (const def of serviceDefinitions(workspace, file, svc.name)) {
    for (const d of extendsChain(workspace, def)) if (d.service.image) return d.service.image.text;
  }
  return undefined;
}

function portNumbers(spec: string): number[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(spec.trim());
  if (!m) return [];
  const from = Number(m[1]);
  const to = m[2] ? Math.min(Number(m[2]), from + 100) : from;
  const out: number[] = [];
  for (let p = from; p <= to; p++) out.push(p);
  return out;
}

function shortFix(file: YamlSourceFile, port: ComposePort, node: unknown): Fix | undefined {
  if (!isScalar(node)) return undefined;
  const r = nodeRange(node)!;
  const spec = String(node.value);
  const rewritten = port.hostIp === undefined
    ? `127.0.0.1:${port.published === '' && !spec.includes(':') ? ':' : ''}${spec}`
    : `127.0.0.1${spec.slice(port.hostIp.length)}`;
  const title = `Bind to 127.0.0.1 ("${rewritten}")`;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  if (quoted) {
    const start = scalarTextStart(node)!;
    const edit = port.hostIp === undefined
      ? { file: file.path, start, end: start, newText: rewritten.slice(0, rewritten.length - spec.length) }
      : { file: file.path, start, end: start + port.hostIp.length, newText: '127.0.0.1' };
    return { title, edits: [edit], safe: true };
  }
  // A plain number or a plain scalar: write the new spec quoted, as the Compose docs recommend.
  return { title, edits: [{ file: file.path, start: r.start, end: r.end, newText: `"${rewritten}"` }], safe: true };
}

function longFix(file: YamlSourceFile, map: unknown): Fix | undefined {
  if (!isMap(map)) return undefined;
  const title = 'Bind to 127.0.0.1 (host_ip: 127.0.0.1)';
  const hostIp = mapGet(map, 'host_ip');
  if (hostIp && isScalar(hostIp.value)) {
    const edit = replaceScalar(file, hostIp.value, '127.0.0.1');
    return edit ? { title, edits: [edit], safe: true } : undefined;
  }
  if (isFlow(map)) {
    const last = map.items[map.items.length - 1];
    const end = nodeRange(last?.value)?.end ?? nodeRange(last?.key)?.end;
    return end === undefined ? undefined : { title, edits: [{ file: file.path, start: end, end, newText: ', host_ip: 127.0.0.1' }], safe: true };
  }
  const edit = appendToBlockMap(file, map, ['host_ip: 127.0.0.1']);
  return edit ? { title, edits: [edit], safe: true } : undefined;
}

function reportPort(ctx: FileContext, file: YamlSourceFile, svc: ComposeService, port: ComposePort, store: Datastore | undefined): void {
  const what = store ? `${store.family} port` : 'database port';
  let range: Range = port.range;
  let shown = '';
  if (port.long && isMap(port.node)) {
    const pair = mapGet(port.node, 'published') ?? mapGet(port.node, 'target');
    range = nodeRange(pair?.value) ?? port.range;
    shown = `published ${port.published || '(random)'}, target ${port.target}`;
  } else {
    shown = `"${isScalar(port.node) ? String(port.node.value) : port.target}"`;
  }
  const fix = port.long ? longFix(file, port.node) : shortFix(file, port, port.node);
  ctx.report({
    range,
    message: `${svc.name} publishes ${what} ${port.target} on all host interfaces (${shown}), so it is reachable from other machines and bypasses host firewalls such as ufw; bind it to 127.0.0.1 or drop the mapping and use the Compose network.`,
    fix,
  });
}

function checkService(ctx: FileContext, file: YamlSourceFile, svc: ComposeService, seen: Set<unknown>): void {
  if (svc.networkMode?.text === 'host' || svc.ports.length === 0) return;
  const store = datastoreOfImage(imageOf(ctx.workspace, file, svc));
  for (const port of svc.ports) {
    if (seen.has(port.node)) continue;
    seen.add(port.node);
    if (port.hostIp !== undefined && port.hostIp !== '' && !ALL_INTERFACES.has(port.hostIp)) continue;
    const targets = portNumbers(port.target);
    if (targets.length === 0) continue;
    if (!store && !targets.some((p) => DATASTORE_PORTS.has(p))) continue;
    reportPort(ctx, file, svc, port, store);
  }
}

const rule: FileRule = {
  id: 'public-datastore-port',
  meta: {
    scope: 'file',
    kinds: ['compose'],
    category: 'security',
    severity: 'warning',
    description: 'A database, cache or broker port published on all host interfaces.',
    fixable: true,
    perService: true,
  },
  // A service that names its image is judged on its own; one without may take it from another
  // service through `extends`, so it is checked with the whole file.
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const model = composeModel(file);
    const seen = new Set<unknown>();
    for (const svc of model.services) if (model.aliases || svc.image) checkService(ctx, file, svc, seen);
  },
  checkAcross(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const model = composeModel(file);
    if (model.aliases) return;
    const seen = new Set<unknown>();
    for (const svc of model.services) if (!svc.image) checkService(ctx, file, svc, seen);
  },
};

export default rule;
