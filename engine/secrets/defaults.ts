// Secrets written as Compose interpolation defaults (`${DB_PASSWORD:-difyai123456}`): the default is
// committed with the file and is what runs whenever nobody sets the variable, so it is a published
// secret however strong it looks. Found in `environment`, `build.args`, `command`, `entrypoint` and
// healthcheck `test` (Compose interpolates every string of the file, commands included).
import { isScalar, isSeq, type Scalar } from 'yaml';
import { collectAssignments } from './assignments';
import { classifyDefault, type SecretVerdict } from './classify';
import { composeModel } from '../compose/model';
import { parseInterpolation, variablesIn, type Part } from '../compose/interpolation';
import { mergedMaps, resolveAlias } from '../yaml/resolve';
import { nodeRange, mapPairs, pairKey } from '../yaml/ast';
import type { Range, SourceFile, YamlSourceFile } from '../types';

export interface SecretDefault {
  variable: string;
  /** The default as Compose uses it (`$$` read as `$`). */
  value: string;
  /** The whole `${VAR:-default}` and the default inside it, as offsets in the file. */
  expr: Range;
  defaultRange: Range;
  /** The part to highlight (the password inside a URL default, else the default). */
  secretRange: Range;
  verdict: SecretVerdict;
}

/** `${VAR:?VAR must be set}`: Compose refuses to start until VAR is given a value. */
export function requireVariable(variable: string): string {
  return `\${${variable}:?${variable} must be set}`;
}

/** Escapes that make offsets inside a scalar's source differ from its value. */
function escaped(node: Scalar, source: string): boolean {
  if (/[\r\n]/.test(source)) return true;
  if (node.type === 'QUOTE_DOUBLE') return source.includes('\\');
  if (node.type === 'QUOTE_SINGLE') return source.includes("''");
  return false;
}

function literalText(parts: Part[]): string | undefined {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'literal') out += p.text;
    else if (p.kind === 'escape') out += '$';
    else return undefined; // a nested variable: the default is itself a reference, judged on its own
  }
  return out;
}

/**
 * Defaults of secrets in one scalar. The scalar's source text is parsed (quotes and block headers
 * hold no `$`), so every offset is exact; defaults whose source holds escapes or line breaks are skipped.
 * `key` names the variable the scalar is assigned to when the whole value is one `${X:-…}`.
 */
function defaultsInScalar(file: YamlSourceFile, node: unknown, key: string | undefined, out: SecretDefault[]): void {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.value.includes('${')) return;
  const r = nodeRange(node);
  if (!r) return;
  const source = file.text.slice(r.start, r.end);
  for (const v of variablesIn(parseInterpolation(source))) {
    if ((v.operator !== ':-' && v.operator !== '-') || !v.argument) continue;
    const arg = v.argument;
    if (escaped(node, source.slice(arg.start, arg.end))) continue;
    const value = literalText(arg.parts);
    if (value === undefined) continue;
    const verdict = classifyDefault(v.name, value, key);
    if (!verdict) continue;
    // `$$` makes the value shorter than its source; highlight the whole default then.
    const exact = value === arg.text;
    const at = (i: number) => r.start + arg.start + i;
    out.push({
      variable: v.name, value, verdict,
      expr: { start: r.start + v.start, end: r.start + v.end },
      defaultRange: { start: at(0), end: at(arg.text.length) },
      secretRange: exact ? { start: at(verdict.secretStart), end: at(verdict.secretEnd) } : { start: at(0), end: at(arg.text.length) },
    });
  }
}

function defaultsInCommand(file: YamlSourceFile, node: unknown, out: SecretDefault[]): void {
  const doc = file.docs[0];
  const n = doc ? resolveAlias(node, doc) : node;
  if (isSeq(n)) for (const item of n.items) defaultsInScalar(file, doc ? resolveAlias(item, doc) : item, undefined, out);
  else defaultsInScalar(file, n, undefined, out);
}

/** Secret-looking defaults in a Compose file, each once (anchors shared by several services included). */
export function scanSecretDefaults(file: SourceFile): SecretDefault[] {
  if (file.kind !== 'compose' || file.format !== 'yaml') return [];
  return file.model('secrets.defaults', () => {
    const out: SecretDefault[] = [];
    const seen = new Set<unknown>();
    const once = (node: unknown): boolean => {
      if (node === undefined || node === null || seen.has(node)) return false;
      seen.add(node);
      return true;
    };
    for (const a of collectAssignments(file)) {
      const node = a.site.kind === 'compose-map' ? a.site.pair.value : a.site.kind === 'compose-list' ? a.site.item : undefined;
      if (once(node)) defaultsInScalar(file, node, /^\$\{[^}]*\}$/.test(a.value.trim()) ? a.key : undefined, out);
    }
    const doc = file.docs[0];
    for (const svc of composeModel(file).services) {
      for (const key of ['command', 'entrypoint']) {
        const value = svc.get(key)?.value;
        if (once(value)) defaultsInCommand(file, value, out);
      }
      const hc = doc ? resolveAlias(svc.get('healthcheck')?.value, doc) : undefined;
      for (const m of hc && doc ? mergedMaps(hc, doc) : []) {
        for (const p of mapPairs(m)) if (pairKey(p) === 'test' && once(p.value)) defaultsInCommand(file, p.value, out);
      }
    }
    return out.sort((x, y) => x.expr.start - y.expr.start);
  });
}
