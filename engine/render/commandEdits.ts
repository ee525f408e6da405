// Text edits inside a command scalar (remove one simple command with its `&&`, append one, add a
// new command key), keeping the scalar's quoting style. Only one-line scalars are edited: a block
// scalar's line structure is the author's and a rewrite could not keep it.
import { isScalar } from 'yaml';
import { columnOf, eolOf, nextLineStart, quoteOf } from '../yaml/ast';
import type { FileEdit, YamlSourceFile } from '../types';
import type { SimpleCommand } from './shell';
import type { ServiceCommand } from './serviceCommands';

function oneLine(file: YamlSourceFile, command: ServiceCommand): boolean {
  const node = command.field.node;
  if (!isScalar(node) || !['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'].includes(String(node.type))) return false;
  const r = command.field.valueRange;
  return command.offsets !== undefined && !/[\r\n]/.test(file.text.slice(r.start, r.end));
}

/** Removes `cmd` and the connector joining it to its neighbour, when the rest still means the same. */
export function removeCommandEdit(file: YamlSourceFile, command: ServiceCommand, cmd: SimpleCommand): FileEdit | undefined {
  if (!oneLine(file, command)) return undefined;
  const cmds = command.cmds;
  const k = cmds.indexOf(cmd);
  if (k < 0 || cmds.length < 2) return undefined;
  const text = command.text;
  const joiner = /^\s*(&&|;)\s*$/;
  let from: number;
  let to: number;
  if (k > 0) {
    const prev = cmds[k - 1];
    if (!joiner.test(text.slice(prev.end, cmd.start))) return undefined;
    const next = cmds[k + 1];
    if (next && !joiner.test(text.slice(cmd.end, next.start))) return undefined;
    if (!next && text.slice(cmd.end).trim() !== '') return undefined;
    from = prev.end;
    to = cmd.end;
  } else {
    const next = cmds[1];
    if (text.slice(0, cmd.start).trim() !== '' || !joiner.test(text.slice(cmd.end, next.start))) return undefined;
    from = cmd.start;
    to = next.start;
  }
  const o = command.offsets!;
  return { file: file.path, start: o[from], end: o[to - 1] + 1, newText: '' };
}

/** The scalar text for `value` in the quoting style of `like`. */
export function scalarLike(like: unknown, value: string): string {
  const q = quoteOf(like);
  if (q === "'") return `'${value.replace(/'/g, "''")}'`;
  if (q === '"' || !plainSafe(value)) return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return value;
}

function plainSafe(v: string): boolean {
  return v !== '' && !/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(v) && !/: |\s#|:$|\s$/.test(v);
}

/** Appends `&& value` at the end of a one-line command scalar. */
export function appendCommandEdit(file: YamlSourceFile, command: ServiceCommand, value: string): FileEdit | undefined {
  if (!oneLine(file, command) || command.text.trim() === '') return undefined;
  const o = command.offsets!;
  const end = o[command.text.trimEnd().length - 1] + 1;
  const q = quoteOf(command.field.node);
  const escaped = q === "'" ? value.replace(/'/g, "''") : q === '"' ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : value;
  if (!q && !plainSafe(`${command.text} && ${value}`)) return undefined;
  return { file: file.path, start: end, end, newText: ` && ${escaped}` };
}

/** Inserts `key: value` on the line after `after`'s value, with its indentation. */
export function insertKeyAfter(file: YamlSourceFile, after: ServiceCommand, key: string, value: string): FileEdit | undefined {
  if (!oneLine(file, after)) return undefined;
  const text = file.text;
  const keyStart = after.field.keyRange.start;
  const indent = ' '.repeat(columnOf(text, keyStart));
  if (text.slice(keyStart - indent.length, keyStart) !== indent) return undefined;
  const eol = eolOf(text);
  const at = nextLineStart(text, after.field.valueRange.end);
  const lead = at === text.length && !/[\r\n]$/.test(text) ? eol : '';
  return { file: file.path, start: at, end: at, newText: `${lead}${indent}${key}: ${scalarLike(after.field.node, value)}${lead ? '' : eol}` };
}
