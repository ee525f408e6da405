import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { KindGlobs } from './fileKinds';
import type { EngineSettings, FileKind, RuleOptions, Severity } from './types';

export type RuleSetting = Severity | 'off';

export interface RuleConfig {
  severity: RuleSetting;
  options: RuleOptions;
}

export interface ResolvedConfig {
  /** Absolute path of the config file that was read, if any. */
  source?: string;
  rules: Record<string, RuleConfig>;
  ignore: string[];
  files: KindGlobs;
  settings: EngineSettings;
  /** Problems that do not stop the audit (unknown rule ids…), reported on the config file. */
  warnings: string[];
  /** Files larger than this many bytes are skipped (default `DEFAULT_LIMITS.maxFileBytes`). */
  maxFileBytes?: number;
}

export class ConfigError extends Error {
  constructor(message: string, readonly file?: string) {
    super(message);
  }
}

export const CONFIG_FILE = '.readiness.json';

export const DEFAULT_SETTINGS: EngineSettings = {
  productionGlobs: ['**/.env.production', '**/.env.prod', '**/*.production.env', '**/*.prod.env', '**/render.yaml', '**/render.yml', '**/docker-compose*.yml', '**/docker-compose*.yaml', '**/compose*.yml', '**/compose*.yaml'],
  nonProductionGlobs: ['**/.devcontainer/**', '**/*dev*', '**/*local*', '**/*test*', '**/*example*', '**/*sample*', '**/*template*', '**/*override*', '**/*ci*'],
};

export function defaultConfig(): ResolvedConfig {
  return { rules: {}, ignore: [], files: {}, settings: { ...DEFAULT_SETTINGS }, warnings: [] };
}

const SEVERITIES = new Set(['off', 'error', 'warning', 'info']);
const KINDS: FileKind[] = ['render', 'compose', 'workflow', 'dotenv'];

/** Reads `.readiness.json` (JSONC) from `root`, or `explicit` when given; missing file = defaults. */
export function loadConfig(root: string, explicit?: string): ResolvedConfig {
  const file = explicit ? path.resolve(explicit) : path.join(root, CONFIG_FILE);
  if (!fs.existsSync(file)) {
    if (explicit) throw new ConfigError(`Config file not found: ${explicit}`, file);
    return defaultConfig();
  }
  return readConfigFile(file, new Set());
}

export function parseConfigText(text: string, file: string, base: ResolvedConfig = defaultConfig()): ResolvedConfig {
  const errors: ParseError[] = [];
  const raw: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const e = errors[0];
    const line = text.slice(0, e.offset).split('\n').length;
    throw new ConfigError(`${path.basename(file)}:${line}: invalid JSON (${printParseErrorCode(e.error)})`, file);
  }
  return mergeInto(base, raw, file);
}

function readConfigFile(file: string, seen: Set<string>): ResolvedConfig {
  if (seen.has(file)) throw new ConfigError(`"extends" forms a cycle at ${file}`, file);
  seen.add(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read config file ${file}: ${(err as Error).message}`, file);
  }
  const errors: ParseError[] = [];
  const raw: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) return parseConfigText(text, file);
  let base = defaultConfig();
  const ext = isObject(raw) ? raw.extends : undefined;
  if (ext !== undefined) {
    const list = Array.isArray(ext) ? ext : [ext];
    for (const e of list) {
      if (typeof e !== 'string') throw new ConfigError(`${path.basename(file)}: "extends" must be a path or a list of paths`, file);
      const parent = readConfigFile(path.resolve(path.dirname(file), e), seen);
      base = mergeInto(base, parent, file, true);
    }
  }
  const merged = mergeInto(base, raw, file);
  merged.source = file;
  return merged;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown, what: string, file: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ConfigError(`${path.basename(file)}: "${what}" must be a list of strings`, file);
  return v as string[];
}

function mergeInto(base: ResolvedConfig, raw: unknown, file: string, resolved = false): ResolvedConfig {
  const out: ResolvedConfig = {
    source: base.source,
    rules: { ...base.rules },
    ignore: [...base.ignore],
    files: { ...base.files },
    settings: { ...base.settings },
    warnings: [...base.warnings],
    maxFileBytes: base.maxFileBytes,
  };
  if (resolved) {
    const r = raw as ResolvedConfig;
    Object.assign(out.rules, r.rules);
    out.ignore.push(...r.ignore);
    for (const k of KINDS) if (r.files[k]) out.files[k] = [...(out.files[k] ?? []), ...r.files[k]!];
    out.settings = { ...r.settings };
    out.warnings.push(...r.warnings);
    if (r.maxFileBytes !== undefined) out.maxFileBytes = r.maxFileBytes;
    return out;
  }
  if (raw === undefined || raw === null) return out;
  if (!isObject(raw)) throw new ConfigError(`${path.basename(file)}: the configuration must be a JSON object`, file);
  for (const key of Object.keys(raw)) {
    if (!['$schema', 'extends', 'rules', 'ignore', 'files', 'production', 'nonProduction', 'maxFileBytes'].includes(key)) {
      out.warnings.push(`Unknown configuration key "${key}".`);
    }
  }
  if (raw.rules !== undefined) {
    if (!isObject(raw.rules)) throw new ConfigError(`${path.basename(file)}: "rules" must be an object`, file);
    for (const [id, setting] of Object.entries(raw.rules)) out.rules[id] = parseRuleSetting(id, setting, file);
  }
  if (raw.ignore !== undefined) out.ignore.push(...stringList(raw.ignore, 'ignore', file));
  if (raw.files !== undefined) {
    if (!isObject(raw.files)) throw new ConfigError(`${path.basename(file)}: "files" must map a kind (${KINDS.join(', ')}) to globs`, file);
    for (const [kind, globs] of Object.entries(raw.files)) {
      if (!KINDS.includes(kind as FileKind)) throw new ConfigError(`${path.basename(file)}: unknown file kind "${kind}" in "files" (expected ${KINDS.join(', ')})`, file);
      out.files[kind as FileKind] = [...(out.files[kind as FileKind] ?? []), ...stringList(globs, `files.${kind}`, file)];
    }
  }
  if (raw.maxFileBytes !== undefined) {
    if (typeof raw.maxFileBytes !== 'number' || !Number.isInteger(raw.maxFileBytes) || raw.maxFileBytes < 1) throw new ConfigError(`${path.basename(file)}: "maxFileBytes" must be a positive whole number of bytes`, file);
    out.maxFileBytes = raw.maxFileBytes;
  }
  if (raw.production !== undefined) out.settings.productionGlobs = [...out.settings.productionGlobs, ...stringList(raw.production, 'production', file)];
  if (raw.nonProduction !== undefined) out.settings.nonProductionGlobs = [...out.settings.nonProductionGlobs, ...stringList(raw.nonProduction, 'nonProduction', file)];
  return out;
}

export function parseRuleSetting(id: string, setting: unknown, file: string): RuleConfig {
  if (typeof setting === 'string') {
    if (!SEVERITIES.has(setting)) throw new ConfigError(`${path.basename(file)}: rule "${id}": "${setting}" is not one of off, info, warning, error`, file);
    return { severity: setting as RuleSetting, options: {} };
  }
  if (Array.isArray(setting) && typeof setting[0] === 'string' && SEVERITIES.has(setting[0]) && (setting[1] === undefined || isObject(setting[1]))) {
    return { severity: setting[0] as RuleSetting, options: (setting[1] as RuleOptions | undefined) ?? {} };
  }
  throw new ConfigError(`${path.basename(file)}: rule "${id}" must be a severity ("off", "info", "warning", "error") or [severity, options]`, file);
}
