// SARIF 2.1.0 for code scanning (GitHub and other viewers). One run; every rule described in
// tool.driver.rules; locations relative to SRCROOT; fixes as SARIF fixes.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsUrl, findDocsDir } from '../docsLink';
import { ENGINE_RULES } from '../engineRules';
import { lineColumn } from './positions';
import { TOOL_NAME } from './json';
import type { AuditResult } from '../audit';
import type { Category, Finding, Fix, Rule, Severity } from '../types';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };
// GitHub ranks security alerts by this property (0.0–10.0): high, medium, low.
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };

interface Region {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  charOffset?: number;
  charLength?: number;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId: 'SRCROOT';
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help?: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: Level };
  properties: { category: Category; tags: string[]; 'security-severity'?: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: ArtifactLocation; region?: Region } }[];
  partialFingerprints: Record<string, string>;
  fixes?: {
    description: { text: string };
    artifactChanges: { artifactLocation: ArtifactLocation; replacements: { deletedRegion: Region; insertedContent: { text: string } }[] }[];
    properties: { safe: boolean };
  }[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [{
    tool: { driver: { name: string; version: string; semanticVersion: string; rules: SarifRule[] } };
    originalUriBaseIds: { SRCROOT: { uri: string } };
    columnKind: 'utf16CodeUnits';
    invocations: { executionSuccessful: boolean }[];
    results: SarifResult[];
  }];
}

export interface SarifOptions {
  toolVersion: string;
  /** The whole catalogue, so viewers can describe every rule (defaults to the rules that ran). */
  catalogue?: readonly Rule[];
}

/** URIs are relative to SRCROOT, percent-encoded, with POSIX separators. */
function artifact(file: string): ArtifactLocation {
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

/**
 * The rule doc without its examples: code scanning shows it next to the alert, and the examples
 * hold sample credentials that have no place in a report about real ones.
 */
function helpMarkdown(ruleId: string): string | undefined {
  const dir = findDocsDir();
  if (!dir) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, `${ruleId}.md`), 'utf8');
  } catch {
    return undefined;
  }
  const sections = text.split(/^(?=## )/m);
  const keep = sections.filter((s) => !/^## (Examples|Options)\b/.test(s));
  return keep.join('').replace(/^```[^\n]*\n[\s\S]*?^```[ \t]*\n?/gm, '').replace(/\n{3,}/g, '\n\n').trim();
}

function describeRules(rules: readonly Rule[]): SarifRule[] {
  const entries: { id: string; category: Category; severity: Severity; description: string }[] = [
    ...rules.map((r) => ({ id: r.id, category: r.meta.category, severity: r.meta.severity, description: r.meta.description })),
    ...Object.entries(ENGINE_RULES).map(([id, m]) => ({ id, ...m })),
  ];
  const seen = new Set<string>();
  return entries
    .filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => {
      const markdown = helpMarkdown(e.id);
      const rule: SarifRule = {
        id: e.id,
        name: e.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, ch: string) => ch.toUpperCase()),
        shortDescription: { text: e.description },
        fullDescription: { text: e.description },
        helpUri: docsUrl(e.id),
        defaultConfiguration: { level: LEVEL[e.severity] },
        properties: { category: e.category, tags: [e.category] },
      };
      if (markdown) rule.help = { text: markdown, markdown };
      if (e.category === 'security') rule.properties['security-severity'] = SECURITY_SEVERITY[e.severity];
      return rule;
    });
}

/**
 * Stable across line moves (code scanning keeps an alert's history when lines shift): rule, file
 * and the message, which names the key and holds at most a masked value. The raw text of the
 * range is deliberately not hashed: a hash of a short password can be reversed by guessing.
 */
function fingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = `${f.ruleId}\0${f.file}\0${f.message}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${createHash('sha256').update(`${base}\0${n}`).digest('hex').slice(0, 32)}:${n + 1}`;
  });
}

function region(result: AuditResult, file: string, start: number, end: number): Region | undefined {
  const p = lineColumn(result.workspace, file, { start, end });
  if (p.line <= 0) return undefined;
  return { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn };
}

function sarifFix(result: AuditResult, fix: Fix): NonNullable<SarifResult['fixes']>[number] {
  const byFile = new Map<string, Fix['edits']>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  return {
    description: { text: fix.title },
    artifactChanges: [...byFile].map(([file, edits]) => ({
      artifactLocation: artifact(file),
      replacements: edits.map((e) => ({
        // A file the fix creates has no lines yet: the insertion point is its first character.
        deletedRegion: region(result, file, e.start, e.end) ?? { charOffset: 0, charLength: 0 },
        insertedContent: { text: e.newText },
      })),
    })),
    properties: { safe: fix.safe },
  };
}

/** Findings whose range is a secret value (the text their messages mask). */
const SECRET_RULES = new Set(['hardcoded-secret', 'weak-secret']);

/**
 * The secret values found in each file. A fix that writes one of them back (say, quoting a line
 * that holds a password) would carry it into the report, so such fixes are left out of SARIF.
 */
function secretValues(result: AuditResult): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const f of result.findings) {
    if (!SECRET_RULES.has(f.ruleId)) continue;
    const text = result.workspace.get(f.file)?.text ?? result.workspace.fs.readText(f.file);
    const value = text?.slice(f.range.start, f.range.end);
    if (value && value.length >= 4) byFile.set(f.file, [...(byFile.get(f.file) ?? []), value]);
  }
  return byFile;
}

function revealsSecret(fix: Fix, secrets: Map<string, string[]>): boolean {
  const all = [...secrets.values()].flat();
  return fix.edits.some((e) => all.some((v) => e.newText.includes(v))) || all.some((v) => fix.title.includes(v));
}

export function toSarif(result: AuditResult, opts: SarifOptions): SarifLog {
  const rules = describeRules(opts.catalogue ?? result.rules);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const ordered = [...result.findings].map((f) => ({ f, p: lineColumn(result.workspace, f.file, f.range) }));
  ordered.sort((a, b) => (a.f.file < b.f.file ? -1 : a.f.file > b.f.file ? 1 : 0) || a.p.line - b.p.line || a.p.column - b.p.column || (a.f.ruleId < b.f.ruleId ? -1 : a.f.ruleId > b.f.ruleId ? 1 : 0));
  const prints = fingerprints(ordered.map((o) => o.f));
  const secrets = secretValues(result);
  const results: SarifResult[] = ordered.map(({ f, p }, i) => {
    const r: SarifResult = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? -1,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{
        physicalLocation: {
          artifactLocation: artifact(f.file),
          ...(p.line > 0 ? { region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn } } : {}),
        },
      }],
      partialFingerprints: { 'readiness/v1': prints[i] },
    };
    if (r.ruleIndex < 0) delete (r as Partial<SarifResult>).ruleIndex;
    const fixes = f.fixes.filter((x) => !revealsSecret(x, secrets));
    if (fixes.length) r.fixes = fixes.map((x) => sarifFix(result, x));
    return r;
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: TOOL_NAME, version: opts.toolVersion, semanticVersion: opts.toolVersion, rules } },
      originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(result.root.endsWith(path.sep) ? result.root : result.root + path.sep).href } },
      columnKind: 'utf16CodeUnits',
      invocations: [{ executionSuccessful: !result.cancelled }],
      results,
    }],
  };
}
