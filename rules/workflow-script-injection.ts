import { decodedScalar, contextRefs, findExpressionSpans, scalarExpressions, type ContextRef, type Expression } from '../engine/workflow/expressions';
import { allSteps, workflowModel, type WfJob, type WfScalar, type WfStep, type WorkflowModel } from '../engine/workflow/model';
import { CODE_INPUTS, DEFAULT_ENV_FOR_CONTEXT, SAFE_FUNCTIONS, untrustedKind } from '../engine/workflow/untrusted';
import { quoteContexts } from '../engine/workflow/shellQuote';
import { stepShell, type ShellFamily } from '../engine/workflow/shell';
import { addToBlockMap, yamlPlainOrQuoted } from '../engine/workflow/edits';
import { isMap } from 'yaml';
import { mapValue, scalarString } from '../engine/yaml/ast';
import type { FileEdit, Fix, FileRule, YamlSourceFile } from '../engine/types';

interface Hit {
  expr: Expression;
  ref: ContextRef;
  kind: 'value' | 'object' | 'input';
}

/** Who can choose the value, for the message. */
function controlledBy(path: string, kind: Hit['kind']): string {
  if (kind === 'input') return 'whoever triggers the workflow (or the workflow or action that calls it)';
  const p = path.replace(/^github\.event\./, '');
  if (path === 'github.head_ref' || p.startsWith('pull_request.head')) return "the pull request's author (it is their branch)";
  if (p.startsWith('pull_request')) return "the pull request's author";
  if (p.startsWith('issue')) return 'anyone who can open an issue';
  if (p.startsWith('comment') || p.startsWith('review')) return 'anyone who can comment';
  if (p.startsWith('discussion') || p.startsWith('answer')) return 'anyone who can post in discussions';
  if (p.startsWith('pages')) return 'anyone who can edit the wiki';
  if (p.startsWith('workflow_run')) return 'the author of the branch or commit that triggered the run';
  if (p.startsWith('commits') || p.startsWith('head_commit') || p.startsWith('merge_group')) return "the commit's author";
  return 'an outside contributor';
}

/** True when a comparison or negation makes the reference's value a boolean. */
function comparedOnly(body: string, ref: ContextRef): boolean {
  const before = body.slice(0, ref.start).trimEnd();
  const after = body.slice(ref.end).trimStart();
  return /(==|!=|<=?|>=?|!)$/.test(before) || /^(==|!=|<|>)/.test(after);
}

/** Input names whose declared type cannot carry arbitrary text. */
function typedInputs(model: WorkflowModel): Set<string> {
  const out = new Set<string>();
  for (const t of model.triggers) {
    if (t.event !== 'workflow_dispatch' && t.event !== 'workflow_call') continue;
    for (const e of t.inputs.entries) {
      const type = isMap(e.valueNode) ? scalarString(mapValue(e.valueNode, 'type')) : undefined;
      if (type && ['boolean', 'number', 'choice', 'environment'].includes(type)) out.add(e.key.toLowerCase());
    }
  }
  return out;
}

function hitsIn(text: string, node: WfScalar['node'], typed: Set<string>): Hit[] {
  const hits: Hit[] = [];
  for (const expr of scalarExpressions(text, node)) {
    for (const ref of contextRefs(expr.body)) {
      const kind = untrustedKind(ref.path);
      if (!kind) continue;
      if (ref.inFunction && SAFE_FUNCTIONS.has(ref.inFunction)) continue;
      if (comparedOnly(expr.body, ref)) continue;
      // An object renders as JSON only through toJSON/join/format; elsewhere it is not text.
      if (kind === 'object' && !['tojson', 'join', 'format'].includes(ref.inFunction ?? '')) continue;
      if (kind === 'input' && typed.has(ref.path.split('.').pop()!)) continue;
      hits.push({ expr, ref, kind });
      break;
    }
  }
  return hits;
}

/** Variable name for a context path: `github.event.issue.title` → ISSUE_TITLE. */
function envName(ref: ContextRef): string {
  const parts = ref.path.split('.');
  const rest = parts[0] === 'github' && parts[1] === 'event' ? parts.slice(2) : parts[0] === 'github' ? parts.slice(1) : parts;
  const name = rest.map((p) => (p === '*' ? 'ANY' : p === '[]' ? 'ITEM' : p)).join('_').replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
  const base = name === '' ? (parts[1] === 'event' ? 'EVENT' : 'GH_CONTEXT') : name;
  return ref.inFunction === 'tojson' ? `${base}_JSON` : base;
}

/** Replacement for an expression at a quoting position, in the shell's own syntax. */
function shellReference(shell: ShellFamily, name: string, ctx: string): string | undefined {
  if (shell === 'posix') return ctx === 'unquoted' ? `"$${name}"` : ctx === 'double' ? `\${${name}}` : ctx === 'single' ? `'"$${name}"'` : undefined;
  if (shell === 'pwsh') return ctx === 'unquoted' ? `$env:${name}` : ctx === 'double' ? `\${env:${name}}` : undefined;
  return undefined;
}

/** Escapes text inserted into a YAML scalar of the given style. */
function yamlEscape(type: string | undefined, s: string): string {
  if (type === 'QUOTE_DOUBLE') return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  if (type === 'QUOTE_SINGLE') return s.replace(/'/g, "''");
  return s;
}

/**
 * One fix per script: every flagged expression becomes a variable added to the step's `env:`. All
 * findings of the script carry the same fix, so fix-all applies it once.
 */
function buildFix(file: YamlSourceFile, model: WorkflowModel, job: WfJob | undefined, step: WfStep, sink: WfScalar, isRun: boolean, hits: Hit[]): Fix | undefined {
  if (hits.some((h) => !h.expr.verbatim)) return undefined;
  const decoded = decodedScalar(file.text, sink.node);
  const script = decoded.value;
  // Quoting is read from the script with every expression blanked, since expressions hold quotes of their own.
  let blanked = script;
  for (const s of findExpressionSpans(script)) blanked = blanked.slice(0, s.start) + '_'.repeat(s.end - s.start) + blanked.slice(s.end);
  const shell = isRun ? stepShell(model, job, step) : 'other';
  const contexts = isRun ? quoteContexts(blanked, hits.map((h) => h.expr.valueStart)) : [];

  const taken = new Set<string>([...step.env.entries, ...(job?.env.entries ?? []), ...model.env.entries].map((e) => e.key));
  for (const m of script.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) taken.add(m[1]);
  const byExpr = new Map<string, string>();
  const added: { key: string; value: string }[] = [];
  const edits: FileEdit[] = [];
  for (const [i, h] of hits.entries()) {
    let name = byExpr.get(h.expr.text);
    if (!name) {
      const same = step.env.entries.find((e) => e.value?.text.trim() === h.expr.text.trim());
      const builtin = DEFAULT_ENV_FOR_CONTEXT[h.ref.path];
      if (same) name = same.key;
      else if (builtin && h.expr.body === h.ref.path) name = builtin;
      else {
        const base = envName(h.ref);
        name = base;
        for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
        taken.add(name);
        added.push({ key: name, value: yamlPlainOrQuoted(h.expr.text) });
      }
      byExpr.set(h.expr.text, name);
    }
    let replacement: string | undefined;
    let range = h.expr.range;
    if (isRun) {
      replacement = shellReference(shell, name, contexts[i]);
      // '${{ x }}' alone in single quotes becomes "$X" rather than ''"$X"''.
      const whole = shell === 'posix' && contexts[i] === 'single' && decoded.exact && script[h.expr.valueStart - 1] === "'" && script[h.expr.valueEnd] === "'";
      if (whole) {
        replacement = `"$${name}"`;
        range = { start: decoded.offsets[h.expr.valueStart - 1], end: decoded.offsets[h.expr.valueEnd] + 1 };
      }
      // A plain scalar cannot begin with a quote: `run: "$X"` would be read as a quoted string.
      if (replacement && sink.node.type === 'PLAIN' && h.expr.range.start === sink.range.start && /^["']/.test(replacement)) replacement = undefined;
    } else {
      // In JavaScript, only an expression that is a whole string literal is replaced (by process.env.NAME).
      const before = script[h.expr.valueStart - 1];
      const after = script[h.expr.valueEnd];
      if (before !== undefined && before === after && `'"\``.includes(before) && decoded.exact) {
        replacement = `process.env.${name}`;
        range = { start: decoded.offsets[h.expr.valueStart - 1], end: decoded.offsets[h.expr.valueEnd] + 1 };
      }
    }
    if (!replacement) return undefined;
    edits.push({ file: file.path, start: range.start, end: range.end, newText: yamlEscape(sink.node.type, replacement) });
  }
  const envEdits = addToBlockMap(file, step.node, 'env', step.get('env'), added);
  if (!envEdits) return undefined;
  const names = [...new Set(byExpr.values())];
  return { title: `Pass ${names.join(', ')} through env: and use ${names.length === 1 ? 'it' : 'them'} as variables`, edits: [...edits, ...envEdits], safe: true };
}

const rule: FileRule = {
  id: 'workflow-script-injection',
  meta: {
    scope: 'file',
    kinds: ['workflow'],
    category: 'security',
    severity: 'error',
    description: 'An attacker-controlled expression (issue or pull request title, branch name, commit message, comment, inputs) pasted into a run: script or a github-script script.',
    fixable: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const model = workflowModel(file);
    const typed = typedInputs(model);
    for (const { job, step } of allSteps(model)) {
      const sinks: { node: WfScalar; isRun: boolean; where: string }[] = [];
      if (step.run) sinks.push({ node: step.run, isRun: true, where: 'the run: script' });
      if (step.uses?.kind === 'repository') {
        for (const input of CODE_INPUTS[step.uses.slug!] ?? []) {
          const v = step.with.get(input)?.value;
          if (v) sinks.push({ node: v, isRun: false, where: `the ${input}: of ${step.uses.slug}` });
        }
      }
      for (const sink of sinks) {
        const hits = hitsIn(file.text, sink.node.node, typed);
        if (!hits.length) continue;
        const fix = buildFix(file, model, job, step, sink.node, sink.isRun, hits);
        for (const h of hits) {
          const use = sink.isRun ? 'use "$VAR" in the script' : 'read process.env.VAR in the script';
          ctx.report({
            range: h.expr.range,
            message: `${h.ref.path} is set by ${controlledBy(h.ref.path, h.kind)} and \${{ }} pastes it into ${sink.where} before it runs, so it can inject code; pass it through env: and ${use}.`,
            fix,
          });
        }
      }
    }
  },
};

export default rule;
