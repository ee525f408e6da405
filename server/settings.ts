import type { RuleSetting } from '../engine/config';

export interface ServerSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  /** Per-rule severity overrides from the editor settings; `.readiness.json` wins over them. */
  rules: Record<string, RuleSetting>;
  /** Debounce between an edit and its validation, in milliseconds. */
  validationDelay: number;
}

export const DEFAULT_SETTINGS: ServerSettings = { enable: true, run: 'onType', rules: {}, validationDelay: 150 };

const SEVERITIES = new Set(['off', 'error', 'warning', 'info']);

/** Settings arrive as untyped JSON from the client; anything malformed falls back to the default. */
export function parseSettings(raw: unknown): ServerSettings {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  if (typeof s.rules === 'object' && s.rules !== null) {
    for (const [id, v] of Object.entries(s.rules as Record<string, unknown>)) if (typeof v === 'string' && SEVERITIES.has(v)) rules[id] = v as RuleSetting;
  }
  const delay = typeof s.validationDelay === 'number' && s.validationDelay >= 0 && s.validationDelay <= 10_000 ? s.validationDelay : DEFAULT_SETTINGS.validationDelay;
  return {
    enable: typeof s.enable === 'boolean' ? s.enable : DEFAULT_SETTINGS.enable,
    run: s.run === 'onSave' ? 'onSave' : 'onType',
    rules,
    validationDelay: delay,
  };
}
