// pydantic settings classes: every field of a `BaseSettings` subclass is read from the variable
// named after it, prefixed with `env_prefix` (`model_config = SettingsConfigDict(env_prefix=…)`
// in pydantic-settings 2, `class Config: env_prefix = …` in pydantic 1), matched regardless of case
// unless `case_sensitive` is set. `Field(alias=…)`, `validation_alias=` and `env=` name the variable
// outright. A field without a default (or `Field(...)`) is required; `Optional[...]` counts as
// defaulting to None.
import { callArgs, literalIn } from './tokens';
import type { EnvRead, ReaderOutput } from './types';
import type { LexedSource } from '../lex/masked';

interface ClassBody {
  name: string;
  bodyStart: number;
  bodyEnd: number;
}

/** Settings classes read per file: real settings modules have a handful. */
const MAX_CLASSES = 50;

/** The body runs until the next non-blank line indented at or left of the class line. */
function bodyEnd(code: string, bodyStart: number, indent: number): number {
  const re = /\n([ \t]*)(?=\S)/g;
  re.lastIndex = bodyStart;
  for (let line = re.exec(code); line; line = re.exec(code)) if (line[1].length <= indent) return line.index;
  return code.length;
}

/**
 * Subclasses of `BaseSettings`, directly or through another settings class of the file. Only
 * their bodies are measured (each measure can run to the end of the file) and at most
 * `MAX_CLASSES` of them, so a file of many classes stays linear.
 */
function settingsClasses(code: string): ClassBody[] {
  const out: ClassBody[] = [];
  const settings = new Set(['BaseSettings']);
  for (const m of code.matchAll(/^([ \t]*)class\s+(\w+)\s*(\([^)]{0,500}\))?\s*:/gm)) {
    const bases = (m[3] ?? '').replace(/[()\s]/g, '').split(',').map((b) => b.split('.').pop()!);
    if (!bases.some((b) => settings.has(b))) continue;
    settings.add(m[2]);
    const bodyStart = m.index! + m[0].length;
    out.push({ name: m[2], bodyStart, bodyEnd: bodyEnd(code, bodyStart, m[1].length) });
    if (out.length >= MAX_CLASSES) break;
  }
  return out;
}

export function readPydantic(lex: LexedSource): ReaderOutput {
  const { code } = lex;
  if (!/BaseSettings/.test(code)) return { reads: [], dynamic: false };
  const reads: EnvRead[] = [];
  for (const cls of settingsClasses(code)) {
    const body = code.slice(cls.bodyStart, cls.bodyEnd);
    const fieldIndent = /\n([ \t]+)\S/.exec(body)?.[1].length;
    if (fieldIndent === undefined) continue;
    let prefix = '';
    let caseSensitive = false;
    const prefixAt = /\benv_prefix\s*(?:=|["']?\s*:)\s*/.exec(body);
    if (prefixAt) {
      const at = cls.bodyStart + prefixAt.index + prefixAt[0].length;
      const lit = lex.strings.get(at);
      if (lit) prefix = lit.value;
    }
    if (/\bcase_sensitive\s*(?:=|["']?\s*:)\s*True\b/.test(body)) caseSensitive = true;
    // Unambiguous (linear) pattern; blanks around the annotation and the value are trimmed below.
    const field = new RegExp(`\\n[ \\t]{${fieldIndent}}([A-Za-z]\\w*)[ \\t]*:([^=\\n]*)(?:=([^\\n]*))?`, 'g');
    for (const f of body.matchAll(field)) {
      const name = f[1];
      const annotation = f[2].trim();
      if (!annotation) continue;
      const rawValue: string | undefined = f[3];
      const value = rawValue?.trim();
      if (name === 'model_config' || /\bClassVar\b/.test(annotation)) continue;
      const nameStart = cls.bodyStart + f.index! + f[0].indexOf(name, 1);
      let explicit: string | undefined;
      let required = value === undefined && !/\bOptional\[|\|\s*None\b|\bNone\s*\|/.test(annotation);
      let fallback: string | undefined = value?.trim();
      const fieldCall = rawValue !== undefined ? /^\s*Field\s*\(/.exec(rawValue) : null;
      if (fieldCall) {
        const open = cls.bodyStart + f.index! + f[0].length - rawValue!.length + fieldCall[0].length - 1;
        const call = callArgs(code, open);
        if (call) {
          const kw = (k: string) => call.args.find((a) => a.keyword === k);
          const alias = kw('validation_alias') ?? kw('alias') ?? kw('env');
          const lit = alias && literalIn(lex, alias.valueStart, alias.end);
          if (lit) explicit = lit.value;
          const first = call.args.find((a) => !a.keyword);
          const firstText = first ? code.slice(first.start, first.end).trim() : undefined;
          const def = kw('default') ?? kw('default_factory') ?? (firstText !== undefined && firstText !== '...' ? first : undefined);
          required = !def && !/\bOptional\[|\|\s*None\b|\bNone\s*\|/.test(annotation);
          fallback = def ? lex.text.slice(def.valueStart, def.end).trim() : undefined;
        }
      }
      const env = explicit ?? `${prefix}${name}`;
      reads.push({
        name: caseSensitive ? env : env.toUpperCase(),
        start: nameStart,
        end: nameStart + name.length,
        hasDefault: !required && fallback !== undefined,
        default: required ? undefined : fallback,
        optional: !required && fallback === undefined,
        caseInsensitive: !caseSensitive,
        via: `${cls.name}.${name}`,
      });
    }
  }
  return { reads, dynamic: false };
}
