// A service's build / pre-deploy / start commands, parsed (engine/render/shell.ts) and mapped back
// onto the render.yaml text so a finding can point at the exact word (`src` in
// `gunicorn --chdir src app:app`), whether the command is a plain, quoted or block scalar.
import { isScalar } from 'yaml';
import { nodeRange } from '../yaml/ast';
import type { Range, YamlSourceFile } from '../types';
import type { Field, Service } from './blueprint';
import { parseCommandLine, type SimpleCommand, type Word } from './shell';

export type CommandName = 'buildCommand' | 'preDeployCommand' | 'startCommand';
export const COMMAND_NAMES: readonly CommandName[] = ['buildCommand', 'preDeployCommand', 'startCommand'];

export interface ServiceCommand {
  name: CommandName;
  field: Field<string>;
  text: string;
  cmds: SimpleCommand[];
  /** File offsets for value offsets, when every character could be placed. */
  offsets: number[] | undefined;
}

/** Where each character of a scalar's value sits in the file (undefined when escapes hide it). */
export function valueOffsets(text: string, node: unknown, value: string): number[] | undefined {
  const r = nodeRange(node);
  if (!r || !isScalar(node)) return undefined;
  let j = r.start;
  const type = node.type;
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') j++;
  else if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    while (j < r.end && text[j] !== '\n') j++;
    j++;
  }
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const isSpace = c === ' ' || c === '\n' || c === '\t';
    while (j < r.end) {
      const s = text[j];
      if (s === c) break;
      if (isSpace && (s === ' ' || s === '\n' || s === '\r' || s === '\t')) break;
      // Skippable: indentation and folded line breaks, escape backslashes, doubled single quotes.
      if (s === ' ' || s === '\n' || s === '\r' || s === '\t' || s === '\\' || (type === 'QUOTE_SINGLE' && s === "'")) { j++; continue; }
      return undefined;
    }
    if (j >= r.end) return undefined;
    out.push(j);
    j++;
  }
  return out;
}

/** File range of a span of the command's value; the whole value when it cannot be placed. */
export function spanRange(command: ServiceCommand, start: number, end: number): Range {
  const o = command.offsets;
  if (!o || end <= start || end > o.length) return command.field.valueRange;
  return { start: o[start], end: o[end - 1] + 1 };
}

export function wordRange(command: ServiceCommand, word: Word): Range {
  return spanRange(command, word.start, word.end);
}

/** The service's rootDir as a repository-relative directory ('' for the root). */
export function rootDirOf(service: Service): string {
  const raw = service.rootDir?.value ?? '';
  return raw.replace(/^\.?\/+/, '').replace(/\/+$/, '').replace(/^\.$/, '');
}

/** Parsed commands of a service, memoised per file version. */
export function serviceCommands(file: YamlSourceFile, service: Service): ServiceCommand[] {
  const cache = file.model('render-service-commands', () => new WeakMap<object, ServiceCommand[]>());
  const hit = cache.get(service.node);
  if (hit) return hit;
  const out: ServiceCommand[] = [];
  const root = rootDirOf(service);
  for (const name of COMMAND_NAMES) {
    const field = service[name];
    const text = field?.value;
    if (!field || text === undefined) continue;
    out.push({ name, field, text, cmds: parseCommandLine(text, root), offsets: valueOffsets(file.text, field.node, text) });
  }
  cache.set(service.node, out);
  return out;
}
