// Edits that declare a variable for a deploy unit, keeping the file's indentation and line endings:
// a `- key: X` / `sync: false` entry in a Render service's envVars, an `X: ${X}` entry in a Compose
// service's environment.
import { isMap, isSeq } from 'yaml';
import { appendToBlockMap } from '../compose/edits';
import { blockEnd, columnOf, eolOf, isFlow, lineStartOf, nodeRange, type AnyPair, type YAMLMap } from '../yaml/ast';
import type { FileEdit, YamlSourceFile } from '../types';

/** Appends lines after the last item of a block sequence, each item starting with `- ` at the items' column. */
function appendToBlockSeq(file: YamlSourceFile, seq: unknown, item: string[]): FileEdit | undefined {
  if (!isSeq(seq) || isFlow(seq) || seq.items.length === 0) return undefined;
  const first = nodeRange(seq.items[0]);
  const at = blockEnd(file, seq);
  if (!first || at === undefined) return undefined;
  // The dash sits before the first item's content on the same line.
  const lineStart = lineStartOf(file.text, first.start);
  const dash = file.text.lastIndexOf('-', first.start - 1);
  if (dash < lineStart) return undefined;
  const dashCol = columnOf(file.text, dash);
  const contentCol = columnOf(file.text, first.start);
  const eol = eolOf(file.text);
  const lead = at === file.text.length && !/[\r\n]$/.test(file.text) ? eol : '';
  const lines = item.map((l, i) => (i === 0 ? `${' '.repeat(dashCol)}-${' '.repeat(contentCol - dashCol - 1)}${l}` : `${' '.repeat(contentCol)}${l}`));
  return { file: file.path, start: at, end: at, newText: lead + lines.map((l) => l + eol).join('') };
}

/** `- key: KEY` + `sync: false` in the service's envVars (created when absent). */
export function addRenderSyncFalse(file: YamlSourceFile, service: YAMLMap, envVarsPair: AnyPair | undefined, key: string): FileEdit | undefined {
  if (!envVarsPair) return appendToBlockMap(file, service, ['envVars:', `  - key: ${key}`, '    sync: false']);
  return appendToBlockSeq(file, envVarsPair.value, [`key: ${key}`, 'sync: false']);
}

/** `KEY: ${KEY}` in a Compose service's environment map (`- KEY=${KEY}` in a list; created when absent). */
export function addComposeVariable(file: YamlSourceFile, service: YAMLMap, environment: unknown, key: string): FileEdit | undefined {
  const ref = `\${${key}}`;
  if (environment === undefined || environment === null) return appendToBlockMap(file, service, ['environment:', `  ${key}: ${ref}`]);
  if (isMap(environment)) return isFlow(environment) || environment.items.length === 0 ? undefined : appendToBlockMap(file, environment, [`${key}: ${ref}`]);
  return appendToBlockSeq(file, environment, [`${key}=${ref}`]);
}
