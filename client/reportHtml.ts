// The readiness report as a self-contained webview page: no remote content (a strict CSP, inline
// style and script with a nonce), colours from the editor theme's CSS variables. No vscode import,
// so it is tested like any other function.
import type { ReportFinding, ReportModel } from '../engine/report/model';
import type { Severity } from '../engine/types';

export interface ReportHtmlOptions {
  /** Random per render; only inline style and script carrying it may run. */
  nonce: string;
  /** ISO time of the audit, shown in the footer. */
  generatedAt: string;
}

/** Messages the page posts to the extension. */
export type ReportMessage =
  | { type: 'open'; root: string; file: string; line: number; column: number }
  | { type: 'docs'; ruleId: string }
  | { type: 'fixAll' }
  | { type: 'rerun' }
  | { type: 'markdown' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const SEVERITY_CLASS: Record<Severity, string> = { error: 'sev-error', warning: 'sev-warning', info: 'sev-info' };
const VERDICT_CLASS = { ready: 'ok', 'ready with warnings': 'warn', 'not ready': 'bad' } as const;

function openLink(f: ReportFinding, text: string): string {
  const data = escapeHtml(JSON.stringify({ root: f.root, file: f.file, line: f.line, column: f.column }));
  return `<a href="#" class="loc" data-open="${data}">${escapeHtml(text)}</a>`;
}

function docsLink(ruleId: string): string {
  return `<a href="#" class="rule" data-docs="${escapeHtml(ruleId)}" title="Rule documentation">${escapeHtml(ruleId)}</a>`;
}

function fixBadge(f: ReportFinding): string {
  return f.fixable ? '<span class="badge fix" title="A safe automatic fix exists">fixable</span>' : '';
}

function where(f: ReportFinding, withFile: boolean): string {
  if (f.line <= 0) return withFile ? f.label : '—';
  return withFile ? `${f.label}:${f.line}` : `${f.line}:${f.column}`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 24px 24px; line-height: 1.45; }
h1 { font-size: 1.6em; font-weight: 600; margin: 18px 0 4px; }
h2 { font-size: 1.2em; font-weight: 600; margin: 24px 0 8px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); padding-bottom: 4px; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; cursor: pointer; }
a:hover, a:focus { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
.score { display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; margin: 8px 0; }
.score .value { font-size: 2.6em; font-weight: 700; }
.verdict { font-weight: 600; padding: 2px 10px; border-radius: 10px; border: 1px solid currentColor; }
.verdict.ok { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.verdict.warn { color: var(--vscode-editorWarning-foreground); }
.verdict.bad { color: var(--vscode-errorForeground); }
.actions { display: flex; gap: 8px; margin: 12px 0; flex-wrap: wrap; }
button { font-family: inherit; font-size: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); padding: 4px 12px; border-radius: 2px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
table { border-collapse: collapse; margin: 4px 0 8px; }
th, td { text-align: left; padding: 3px 12px 3px 0; vertical-align: top; }
th { font-weight: 600; color: var(--vscode-descriptionForeground); }
td.num, th.num { text-align: right; }
tr + tr td { border-top: 1px solid var(--vscode-editorWidget-border, transparent); }
.sev-error { color: var(--vscode-errorForeground); }
.sev-warning { color: var(--vscode-editorWarning-foreground); }
.sev-info { color: var(--vscode-editorInfo-foreground); }
.badge { font-size: 0.85em; padding: 0 6px; border-radius: 8px; margin-left: 6px; }
.badge.fix { color: var(--vscode-badge-foreground); background: var(--vscode-badge-background); }
ol.blockers li { margin: 4px 0; }
details { margin: 6px 0; }
summary { cursor: pointer; font-weight: 600; }
.muted { color: var(--vscode-descriptionForeground); }
footer { margin-top: 24px; font-size: 0.9em; }
`;

const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const el = event.target instanceof Element ? event.target.closest('[data-open],[data-docs],[data-command]') : null;
  if (!el) return;
  event.preventDefault();
  if (el.dataset.open) vscode.postMessage({ type: 'open', ...JSON.parse(el.dataset.open) });
  else if (el.dataset.docs) vscode.postMessage({ type: 'docs', ruleId: el.dataset.docs });
  else if (el.dataset.command) vscode.postMessage({ type: el.dataset.command });
});
`;

export function renderReportHtml(model: ReportModel, opts: ReportHtmlOptions): string {
  const c = model.counts;
  const total = c.error + c.warning + c.info;
  const names = model.folders.map((f) => f.name).join(', ');
  const body: string[] = [];
  body.push(`<h1>Readiness report${names ? `: ${escapeHtml(names)}` : ''}</h1>`);
  body.push(
    `<div class="score"><span class="value" aria-label="score">${model.score}<span class="muted">/100</span></span>` +
      `<span class="verdict ${VERDICT_CLASS[model.verdict]}">${escapeHtml(model.verdict)}</span>` +
      `<span>${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info in ${plural(model.configFiles, 'config file')}</span></div>`,
  );
  const actions = [`<button data-command="rerun" class="secondary">Re-run audit</button>`, `<button data-command="markdown" class="secondary">Open as Markdown</button>`];
  if (model.fixable.total > 0) actions.unshift(`<button data-command="fixAll" title="Apply every safe fix as one undoable edit, then re-audit">Fix all (${model.fixable.total})</button>`);
  body.push(`<div class="actions">${actions.join('')}</div>`);

  if (total === 0) body.push('<p>No problems found.</p>');
  else {
    body.push('<h2>By category</h2><table><thead><tr><th>Category</th><th class="num">Errors</th><th class="num">Warnings</th><th class="num">Info</th><th class="num">Points lost</th></tr></thead><tbody>');
    for (const row of model.categories) {
      body.push(`<tr><td>${escapeHtml(row.category)}</td><td class="num">${row.counts.error}</td><td class="num">${row.counts.warning}</td><td class="num">${row.counts.info}</td><td class="num">${row.penalty}${row.capped ? ' (capped)' : ''}</td></tr>`);
    }
    body.push('</tbody></table>');

    body.push('<h2>Top blockers</h2>');
    if (!model.blockers.length) body.push('<p class="muted">None: no finding is an error.</p>');
    else {
      body.push('<ol class="blockers">');
      for (const f of model.blockers) body.push(`<li>${openLink(f, where(f, true))} — ${escapeHtml(f.message)} <span class="muted">(${docsLink(f.ruleId)})</span>${fixBadge(f)}</li>`);
      body.push('</ol>');
      const more = model.blockerCount - model.blockers.length;
      if (more > 0) body.push(`<p class="muted">…and ${plural(more, 'more error')} below.</p>`);
    }

    body.push('<h2>Findings by file</h2>');
    for (const file of model.files) {
      const errors = file.findings.filter((f) => f.severity === 'error').length;
      body.push(`<details open><summary>${escapeHtml(file.label)} <span class="muted">(${plural(file.findings.length, 'finding')}${errors ? `, ${plural(errors, 'error')}` : ''})</span></summary>`);
      body.push('<table><thead><tr><th>Line</th><th>Severity</th><th>Rule</th><th>Problem</th></tr></thead><tbody>');
      for (const f of file.findings) {
        body.push(`<tr><td>${openLink(f, where(f, false))}</td><td class="${SEVERITY_CLASS[f.severity]}">${f.severity}</td><td>${docsLink(f.ruleId)}</td><td>${escapeHtml(f.message)}${fixBadge(f)}</td></tr>`);
      }
      body.push('</tbody></table></details>');
    }

    if (model.fixable.total > 0) {
      body.push(`<h2>Automatic fixes</h2><p>${plural(model.fixable.total, 'finding')} can be fixed automatically (Fix all applies them as one edit you can undo):</p><table><tbody>`);
      for (const r of model.fixable.byRule) body.push(`<tr><td>${docsLink(r.ruleId)}</td><td class="num">${r.count}</td></tr>`);
      body.push('</tbody></table>');
    }
  }
  body.push(`<footer class="muted">Readiness ${escapeHtml(model.toolVersion)} · audited ${escapeHtml(opts.generatedAt)} · the score formula is in docs/score.md</footer>`);

  const nonce = escapeHtml(opts.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Readiness report</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
${body.join('\n')}
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}
