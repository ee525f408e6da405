// Text edits for the deploy rules: adding a job to `needs:` and setting a Render service's
// `autoDeployTrigger`, written in the style of the surrounding YAML (block or flow, same indentation).
import { isMap, isScalar, isSeq } from 'yaml';
import { columnOf, eolOf, isFlow, nextLineStart, nodeRange, quoteOf } from '../yaml/ast';
import type { Service } from '../render/blueprint';
import type { WfJob } from '../workflow/model';
import type { FileEdit, YamlSourceFile } from '../types';

/** Adds `ids` to the job's `needs:`; undefined when the job's shape does not allow a clean edit. */
export function addNeeds(file: YamlSourceFile, job: WfJob, ids: string[]): FileEdit | undefined {
  const text = file.text;
  const eol = eolOf(text);
  const list = ids.join(', ');
  if (!job.map || isFlow(job.map)) return undefined;
  const needs = job.needsPair?.value;
  if (!job.needsPair) {
    const first = job.map.items[0];
    const k = first ? nodeRange(first.key) : undefined;
    if (!k) return undefined;
    const at = k.start - columnOf(text, k.start);
    const indent = text.slice(at, k.start);
    if (/\S/.test(indent)) return undefined;
    return { file: file.path, start: at, end: at, newText: `${indent}needs: ${ids.length === 1 ? ids[0] : `[${list}]`}${eol}` };
  }
  const r = nodeRange(needs);
  if (!r) return undefined;
  if (isScalar(needs) && quoteOf(needs) === '') return { file: file.path, start: r.start, end: r.end, newText: `[${text.slice(r.start, r.end).trim()}, ${list}]` };
  if (isSeq(needs) && isFlow(needs)) {
    const close = text.lastIndexOf(']', r.end - 1);
    if (close < r.start) return undefined;
    return { file: file.path, start: close, end: close, newText: needs.items.length ? `, ${list}` : list };
  }
  if (isSeq(needs) && needs.items.length) {
    const last = nodeRange(needs.items[needs.items.length - 1]);
    const firstItem = nodeRange(needs.items[0]);
    if (!last || !firstItem) return undefined;
    const dash = text.lastIndexOf('-', firstItem.start);
    const indent = ' '.repeat(columnOf(text, dash));
    const at = nextLineStart(text, last.end - 1);
    const lead = at === text.length && !/[\r\n]$/.test(text) ? eol : '';
    return { file: file.path, start: at, end: at, newText: `${lead}${ids.map((id) => `${indent}- ${id}${eol}`).join('')}` };
  }
  return undefined;
}

/** Sets `autoDeployTrigger: checksPass` on a service: replaces `commit`, replaces deprecated `autoDeploy: true`, or adds the key. */
export function setChecksPass(file: YamlSourceFile, service: Service): FileEdit | undefined {
  const text = file.text;
  const trigger = service.autoDeployTrigger;
  if (trigger) {
    if (!isScalar(trigger.node)) return undefined;
    const q = quoteOf(trigger.node) ? 1 : 0;
    return { file: file.path, start: trigger.valueRange.start + q, end: trigger.valueRange.end - q, newText: 'checksPass' };
  }
  const auto = service.autoDeploy;
  if (auto) return { file: file.path, start: auto.keyRange.start, end: auto.valueRange.end, newText: 'autoDeployTrigger: checksPass' };
  const name = service.name;
  if (!name || !isMap(service.node) || isFlow(service.node)) return undefined;
  const at = nextLineStart(text, name.valueRange.end - 1);
  if (at === name.valueRange.end - 1) return undefined;
  const eol = eolOf(text);
  const lead = at === text.length && !/[\r\n]$/.test(text) ? eol : '';
  return { file: file.path, start: at, end: at, newText: `${lead}${' '.repeat(columnOf(text, name.keyRange.start))}autoDeployTrigger: checksPass${eol}` };
}
