// The readiness report as Markdown: readable in two minutes, blockers first, every finding linked.
import { CATEGORY_CAP, SEVERITY_WEIGHT } from '../score';
import type { Severity } from '../types';
import type { ReportFinding, ReportModel } from './model';

export interface MarkdownOptions {
  /** Link to a finding's position; undefined leaves the position as plain text. */
  fileLink?: (f: ReportFinding) => string | undefined;
  /** ISO timestamp for the footer; the only part of the report that changes between runs. */
  generatedAt?: string;
  /** How the reader applies the automatic fixes, in Markdown (e.g. "run `readiness audit --fix`"). */
  fixHint?: string;
}

const SEVERITY_LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

/** Escapes text so messages (`sk_***`, `${VAR}`, `a|b`) render literally, also inside table cells. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_[\]<>|~#]/g, (c) => `\\${c}`);
}

/** A link target that survives spaces, parentheses and angle brackets in paths; existing %-escapes are kept. */
export function linkTarget(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function where(f: ReportFinding, withFile: boolean): string {
  if (f.line <= 0) return withFile ? f.label : '—';
  return withFile ? `${f.label}:${f.line}` : `${f.line}:${f.column}`;
}

function position(f: ReportFinding, opts: MarkdownOptions, withFile: boolean): string {
  const text = escapeMarkdown(where(f, withFile));
  const href = opts.fileLink?.(f);
  return href ? `[${text}](${linkTarget(href)})` : text;
}

function rule(f: ReportFinding): string {
  return f.docs ? `[${escapeMarkdown(f.ruleId)}](${linkTarget(f.docs)})` : escapeMarkdown(f.ruleId);
}

export function renderMarkdown(model: ReportModel, opts: MarkdownOptions = {}): string {
  const out: string[] = [];
  const names = model.folders.map((f) => f.name).join(', ');
  out.push(`# Readiness report${names ? `: ${escapeMarkdown(names)}` : ''}`, '');
  const c = model.counts;
  out.push(
    `**Score ${model.score}/100 — ${model.verdict}.** ${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info in ${plural(model.configFiles, 'config file')}.`,
    '',
  );
  const total = c.error + c.warning + c.info;
  if (model.verdict === 'not ready') out.push(`Not ready for production: fix the ${plural(model.blockerCount, 'error')} below before deploying.`, '');
  else if (model.verdict === 'ready with warnings') out.push(`No errors. Review the ${plural(c.warning, 'warning')} before deploying.`, '');
  if (total === 0) {
    out.push('No problems found.', '');
    return footer(out, model, opts);
  }
  if (model.fixable.total > 0) {
    out.push(`${model.fixable.total} of ${plural(total, 'problem')} can be fixed automatically${opts.fixHint ? `: ${opts.fixHint}` : ''}.`, '');
  }

  out.push('## By category', '', '| Category | Errors | Warnings | Info | Points lost |', '| --- | ---: | ---: | ---: | ---: |');
  for (const row of model.categories) {
    out.push(`| ${cap(row.category)} | ${row.counts.error} | ${row.counts.warning} | ${row.counts.info} | ${row.penalty}${row.capped ? ' (capped)' : ''} |`);
  }
  out.push(`| **Total** | **${c.error}** | **${c.warning}** | **${c.info}** | **${100 - model.score}** |`, '');

  out.push('## Top blockers', '');
  if (model.blockers.length === 0) out.push('None: no finding is an error.', '');
  else {
    model.blockers.forEach((f, i) => {
      out.push(`${i + 1}. ${position(f, opts, true)} — ${escapeMarkdown(f.message)} (${rule(f)}${f.fixable ? ', fixable' : ''})`);
    });
    const more = model.blockerCount - model.blockers.length;
    if (more > 0) out.push('', `…and ${plural(more, 'more error')} below.`);
    out.push('');
  }

  out.push('## Findings by file', '');
  for (const file of model.files) {
    out.push(`### ${escapeMarkdown(file.label)}`, '', '| Line | Severity | Rule | Problem | Fix |', '| --- | --- | --- | --- | --- |');
    for (const f of file.findings) {
      out.push(`| ${position(f, opts, false)} | ${SEVERITY_LABEL[f.severity]} | ${rule(f)} | ${escapeMarkdown(f.message)} | ${f.fixable ? 'automatic' : ''} |`);
    }
    out.push('');
  }

  if (model.fixable.total > 0) {
    out.push('## Automatic fixes', '', '| Rule | Fixable findings |', '| --- | ---: |');
    for (const r of model.fixable.byRule) out.push(`| ${escapeMarkdown(r.ruleId)} | ${r.count} |`);
    out.push('', 'Safe fixes change only the value or line at fault and keep comments and formatting. Review the diff before committing.', '');
  }
  return footer(out, model, opts);
}

function footer(out: string[], model: ReportModel, opts: MarkdownOptions): string {
  const parts = [`Readiness ${model.toolVersion}`, `score = 100 − points lost per category (error ${SEVERITY_WEIGHT.error}, warning ${SEVERITY_WEIGHT.warning}, info ${SEVERITY_WEIGHT.info}; at most ${CATEGORY_CAP} per category)`];
  if (opts.generatedAt) parts.push(`generated ${opts.generatedAt}`);
  out.push('---', '', `<sub>${parts.map(escapeMarkdown).join(' · ')}</sub>`, '');
  return out.join('\n');
}
