import { parseInterpolation } from '../compose/interpolation';
import { detectTokenFormat } from './tokenFormats';
import { isWeakPassword } from './weakPasswords';
import { isKeyName, isSecretName, normaliseName } from './secretNames';

export interface SecretVerdict {
  /** A literal secret: a credential-looking value stored in the file. */
  hardcoded: boolean;
  /** Why the value is weak, when it is. */
  weak?: string;
  /** What kind of secret it is, for the message ("a GitHub token", "a password in a URL"). */
  what: string;
  /** The part of the value that is secret (the password inside a URL), as offsets in the value. */
  secretStart: number;
  secretEnd: number;
}

const PLACEHOLDER = /^(<[^>]*>|\[[^\]]*\]|\{[^}]*\}|your[-_ .a-z0-9]*|[-_a-z0-9]*[-_](here|goes[-_]here)|x{3,}|\*{3,}|\.{3}|…|todo|tbd|replace[-_ ]?me|replace[-_ ]?this|change[-_ ]?me|change[-_ ]?this|changeit|placeholder|dummy|fake|none|null|nil|redacted|put[-_ ].*|insert[-_ ].*|enter[-_ ].*|use[-_ ].*|(set|stored?|managed|provided|kept)[-_ ](in|via|by|on|from|at)[-_ ].*|set[-_ ]?me|fill[-_ ]?me|secret[-_ ]?value|my[-_ ]?(api[-_ ]?)?(key|token|secret|password)|example[-_a-z0-9]*|sample[-_a-z0-9]*)$/i;
const REFERENCE = /^\$\{[^}]*\}$|^\$[A-Za-z_][A-Za-z0-9_]*$|\$\{\{.*\}\}/;
const BOOLISH = /^(true|false|yes|no|on|off|0|1|enabled|disabled)$/i;
const URL_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/([^:@/\s]*):([^@/\s]+)@/i;

export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return v === '' || PLACEHOLDER.test(v);
}

export function isReference(value: string): boolean {
  const v = value.trim();
  if (REFERENCE.test(v)) return true;
  // `${A:-${B}}`: one Compose expression, however nested, is a reference (its default is judged on its own).
  if (!v.startsWith('${')) return false;
  const parts = parseInterpolation(v);
  return parts.length === 1 && parts[0].kind === 'variable';
}

/** The password inside `scheme://user:password@host`, unless it is itself a reference or placeholder. */
export function urlPassword(value: string): { start: number; end: number } | undefined {
  const m = URL_CREDENTIALS.exec(value);
  if (!m) return undefined;
  const pw = m[2];
  if (isReference(pw) || pw.includes('${') || pw.startsWith('$') || isPlaceholder(pw)) return undefined;
  const start = m[0].length - 1 - pw.length;
  return { start, end: start + pw.length };
}

export interface ClassifyOptions {
  /** Template files (`.env.example`…): only real-looking secrets count; placeholders are expected. */
  template: boolean;
  /** Throwaway CI infrastructure (workflow service containers, databases on localhost): only real-looking secrets count. */
  ephemeral?: boolean;
}

const LOCAL_URL = /^[a-z][a-z0-9+.-]*:\/\/[^@/\s]*@(localhost|127\.0\.0\.1|\[::1\])([:/]|$)/i;

/** Decides whether `name = value` stores a secret in the file, and whether it is weak. */
export function classifySecret(name: string, value: string, opts: ClassifyOptions): SecretVerdict | undefined {
  const v = value.trim();
  if (!v || isReference(v)) return undefined;
  const token = detectTokenFormat(v);
  if (token) return { hardcoded: true, what: withArticle(token.name), secretStart: 0, secretEnd: value.length };
  // Examples document local defaults on purpose; CI service containers are thrown away after the run.
  if (opts.template || opts.ephemeral) return undefined;
  const pw = urlPassword(v);
  if (pw) {
    const offset = value.indexOf(v);
    const weak = isWeakPassword(v.slice(pw.start, pw.end)) ? 'a common password' : undefined;
    return { hardcoded: true, weak, what: 'a password in a connection URL', secretStart: offset + pw.start, secretEnd: offset + pw.end };
  }
  if (!isSecretName(name) || BOOLISH.test(v)) return undefined;
  const weak = weakness(name, v);
  if (isPlaceholder(v) && !isWeakPassword(v)) return undefined;
  if (/^\/(run|var|etc)\/|^\.{0,2}\/[\w./-]+$/.test(v)) return undefined; // a path to a secret file, not the secret
  return { hardcoded: true, weak, what: 'a literal secret', secretStart: 0, secretEnd: value.length };
}

// Values written to be replaced (`change-me-in-production`, `your-jwt-secret-key`): whoever skips the step runs with a public value.
const REPLACE_ME = /change[-_ .]?(me|it|this)|replace[-_ .]?(me|this)|insecure|default[-_ .]?(secret|key|password|token)|(^|[-_ .])(your|my)[-_ .].*(secret|key|password|token)/i;

function weakness(name: string, v: string): string | undefined {
  if (isWeakPassword(v)) return 'a common password';
  if (REPLACE_ME.test(v)) return 'a placeholder meant to be replaced';
  if (v.toLowerCase() === normaliseName(name).toLowerCase() || v.toLowerCase() === name.toLowerCase()) return 'the same as its name';
  if (/^(.)\1+$/.test(v)) return 'a single repeated character';
  if (isKeyName(name) && v.length < 16) return `only ${v.length} characters; keys need at least 16`;
  return undefined;
}

/**
 * Judges the default of `${VARIABLE:-value}` in a Compose file. Any real-looking default of a secret
 * is a secret published with the file (it is what runs whenever nobody sets the variable); `weak`
 * says when it is also guessable. `key` is the variable the whole expression is assigned to
 * (`ADMIN_PASSWORD: ${PW:-x}`), which names the secret when the variable's own name does not.
 */
export function classifyDefault(variable: string, value: string, key?: string): SecretVerdict | undefined {
  const v = value.trim();
  if (!v || isReference(v)) return undefined;
  const offset = value.indexOf(v);
  const token = detectTokenFormat(v);
  if (token) return { hardcoded: true, what: withArticle(token.name), secretStart: 0, secretEnd: value.length };
  const pw = urlPassword(v);
  if (pw) {
    const weak = isWeakPassword(v.slice(pw.start, pw.end)) ? 'a common password' : undefined;
    return { hardcoded: true, weak, what: 'a password in a connection URL', secretStart: offset + pw.start, secretEnd: offset + pw.end };
  }
  const name = isSecretName(variable) ? variable : key !== undefined && isSecretName(key) ? key : undefined;
  if (!name || BOOLISH.test(v)) return undefined;
  if (/^\/(run|var|etc)\/|^\.{0,2}\/[\w./-]+$/.test(v)) return undefined; // a path to a secret file, not the secret
  const weak = isPlaceholder(v) && !isWeakPassword(v) ? 'a placeholder' : weakness(name, v);
  return { hardcoded: true, weak, what: 'a secret', secretStart: offset, secretEnd: offset + v.length };
}

/** "a GitHub token", "an AWS access key id". */
export function withArticle(noun: string): string {
  return `${/^[AEIOU]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

export function isLocalUrl(value: string): boolean {
  return LOCAL_URL.test(value.trim());
}
