import * as assert from 'node:assert/strict';
import { computeScore } from '../../engine/score';
import { escapeMarkdown, linkTarget, renderMarkdown } from '../../engine/report/markdown';
import { buildReportModel, BLOCKERS_SHOWN } from '../../engine/report/model';
import type { JsonFinding, JsonReport } from '../../engine/report/json';
import type { Category, Severity } from '../../engine/types';

function finding(ruleId: string, severity: Severity, category: Category, file: string, line: number, message: string, fixable = false): JsonFinding {
  return { ruleId, severity, category, file, line, column: 3, endLine: line, endColumn: 9, message, fixable, docs: `file:///docs/rules/${ruleId}.md` };
}

function report(root: string, findings: JsonFinding[], files = 3): JsonReport {
  const summary = { error: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity]++;
  return { version: 1, tool: { name: 'readiness', version: '9.9.9' }, root, files, durationMs: 5, score: computeScore(findings.map((f) => ({ ...f, category: f.category as Category }))).score, summary, findings };
}

const SHOP = report('/srv/shop', [
  finding('env-syntax', 'warning', 'correctness', '.env', 4, 'Line 4 has no = sign; add one or remove the line.'),
  finding('hardcoded-secret', 'error', 'security', 'docker-compose.yml', 22, 'ADMIN_PASSWORD holds a literal secret in plain text (adm***).', true),
  finding('duplicate-key', 'error', 'correctness', 'render.yaml', 7, 'plan is defined twice; keep one.'),
  finding('readiness-skipped', 'info', 'correctness', 'big/render.yaml', 0, 'Skipped: larger than 2 MB.'),
]);

describe('readiness report model', () => {
  it('counts by severity and category with the score formula, blockers by importance', () => {
    const m = buildReportModel([SHOP]);
    assert.equal(m.score, 100 - 10 - 13);
    assert.equal(m.score, SHOP.score);
    assert.equal(m.verdict, 'not ready');
    assert.deepEqual(m.counts, { error: 2, warning: 1, info: 1 });
    assert.deepEqual(m.categories.map((c) => [c.category, c.counts.error, c.counts.warning, c.counts.info, c.penalty]), [
      ['security', 1, 0, 0, 10], ['correctness', 1, 1, 1, 13], ['configuration', 0, 0, 0, 0], ['reliability', 0, 0, 0, 0], ['operations', 0, 0, 0, 0],
    ]);
    // Security first, then correctness; the skipped-file notice is never a blocker.
    assert.deepEqual(m.blockers.map((f) => f.ruleId), ['hardcoded-secret', 'duplicate-key']);
    assert.deepEqual(m.files.map((f) => f.label), ['.env', 'big/render.yaml', 'docker-compose.yml', 'render.yaml']);
    assert.deepEqual(m.fixable, { total: 1, byRule: [{ ruleId: 'hardcoded-secret', count: 1 }] });
  });

  it('caps a category, lists at most the top blockers, and merges folders under their names', () => {
    const many = Array.from({ length: 14 }, (_, i) => finding('hardcoded-secret', 'error', 'security', 'a.env', i + 1, `S${i} is hardcoded (x***).`));
    const m = buildReportModel([report('/ws/api', many), report('/ws/web', [finding('env-syntax', 'warning', 'correctness', '.env', 1, 'bad line')])]);
    assert.equal(m.categories[0].penalty, 40);
    assert.equal(m.categories[0].capped, true);
    assert.equal(m.score, 100 - 40 - 3);
    assert.equal(m.blockers.length, BLOCKERS_SHOWN);
    assert.equal(m.blockerCount, 14);
    assert.deepEqual(m.files.map((f) => f.label), ['api/a.env', 'web/.env']);
    assert.deepEqual(m.folders.map((f) => f.name), ['api', 'web']);
    assert.equal(m.configFiles, 6);
  });

  it('says ready when nothing is wrong', () => {
    const m = buildReportModel([report('/srv/clean', [])]);
    assert.equal(m.score, 100);
    assert.equal(m.verdict, 'ready');
    assert.equal(m.blockers.length, 0);
  });
});

describe('Markdown report', () => {
  it('renders score, verdict, categories, blockers, per-file tables and fixes', () => {
    const md = renderMarkdown(buildReportModel([SHOP]), { fileLink: (f) => (f.line > 0 ? `${f.file}#L${f.line}` : f.file), generatedAt: '2026-11-24T10:00:00.000Z', fixHint: 'run `readiness audit --fix`' });
    assert.equal(md, `# Readiness report: shop

**Score 77/100 — not ready.** 2 errors, 1 warning, 1 info in 3 config files.

Not ready for production: fix the 2 errors below before deploying.

1 of 4 problems can be fixed automatically: run \`readiness audit --fix\`.

## By category

| Category | Errors | Warnings | Info | Points lost |
| --- | ---: | ---: | ---: | ---: |
| Security | 1 | 0 | 0 | 10 |
| Correctness | 1 | 1 | 1 | 13 |
| Configuration | 0 | 0 | 0 | 0 |
| Reliability | 0 | 0 | 0 | 0 |
| Operations | 0 | 0 | 0 | 0 |
| **Total** | **2** | **1** | **1** | **23** |

## Top blockers

1. [docker-compose.yml:22](docker-compose.yml#L22) — ADMIN\\_PASSWORD holds a literal secret in plain text (adm\\*\\*\\*). ([hardcoded-secret](file:///docs/rules/hardcoded-secret.md), fixable)
2. [render.yaml:7](render.yaml#L7) — plan is defined twice; keep one. ([duplicate-key](file:///docs/rules/duplicate-key.md))

## Findings by file

### .env

| Line | Severity | Rule | Problem | Fix |
| --- | --- | --- | --- | --- |
| [4:3](.env#L4) | warning | [env-syntax](file:///docs/rules/env-syntax.md) | Line 4 has no = sign; add one or remove the line. |  |

### big/render.yaml

| Line | Severity | Rule | Problem | Fix |
| --- | --- | --- | --- | --- |
| [—](big/render.yaml) | info | [readiness-skipped](file:///docs/rules/readiness-skipped.md) | Skipped: larger than 2 MB. |  |

### docker-compose.yml

| Line | Severity | Rule | Problem | Fix |
| --- | --- | --- | --- | --- |
| [22:3](docker-compose.yml#L22) | error | [hardcoded-secret](file:///docs/rules/hardcoded-secret.md) | ADMIN\\_PASSWORD holds a literal secret in plain text (adm\\*\\*\\*). | automatic |

### render.yaml

| Line | Severity | Rule | Problem | Fix |
| --- | --- | --- | --- | --- |
| [7:3](render.yaml#L7) | error | [duplicate-key](file:///docs/rules/duplicate-key.md) | plan is defined twice; keep one. |  |

## Automatic fixes

| Rule | Fixable findings |
| --- | ---: |
| hardcoded-secret | 1 |

Safe fixes change only the value or line at fault and keep comments and formatting. Review the diff before committing.

---

<sub>Readiness 9.9.9 · score = 100 − points lost per category (error 10, warning 3, info 1; at most 40 per category) · generated 2026-11-24T10:00:00.000Z</sub>
`);
  });

  it('is the same for the same model apart from the timestamp', () => {
    const a = renderMarkdown(buildReportModel([SHOP]), { generatedAt: '2026-01-01T00:00:00.000Z' });
    const b = renderMarkdown(buildReportModel([SHOP]), { generatedAt: '2026-12-31T23:59:59.999Z' });
    assert.notEqual(a, b);
    assert.equal(a.replace(/generated \S+/, ''), b.replace(/generated \S+/, ''));
  });

  it('says so when there is nothing to report', () => {
    const md = renderMarkdown(buildReportModel([report('/srv/clean', [], 2)]));
    assert.match(md, /^# Readiness report: clean\n\n\*\*Score 100\/100 — ready\.\*\* 0 errors, 0 warnings, 0 info in 2 config files\.\n\nNo problems found\.\n/);
    assert.ok(!md.includes('## Top blockers'));
  });

  it('escapes messages so masked values, references and pipes render literally', () => {
    assert.equal(escapeMarkdown('sk_*** | ${A:-b} <b>x</b> [y](z) `c` #1 & ~d~'), 'sk\\_\\*\\*\\* \\| ${A:-b} \\<b\\>x\\</b\\> \\[y\\](z) \\`c\\` \\#1 &amp; \\~d\\~');
    assert.equal(escapeMarkdown('two\nlines'), 'two lines');
    assert.equal(linkTarget('deploy dir/a (1).yml#L3'), 'deploy%20dir/a%20%281%29.yml#L3');
    assert.equal(linkTarget('file:///a%20b/c.yml#L2'), 'file:///a%20b/c.yml#L2');
  });
});
