// Formats of live credentials, recognisable whatever the variable is called. Patterns follow the
// issuers' documented prefixes (GitHub token formats, AWS access key ids, Stripe live keys, Slack
// tokens, PEM private keys, JWTs) as listed in ../shared/reference/github-actions.md; checked 2026-11-24.
export interface TokenFormat {
  name: string;
  pattern: RegExp;
}

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{60,}\b/ },
  { name: 'Stripe live key', pattern: /\b(?:sk|rk)_live_[A-Za-z0-9]{16,}\b/ },
  { name: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
  { name: 'OpenAI API key', pattern: /\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}\b/ },
  { name: 'private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/ },
  { name: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/ },
];

/**
 * No format above matches fewer characters (a Slack token: `xoxb-` and ten more); most values
 * (ports, hosts, flags) are shorter and need no pattern tried.
 */
const SHORTEST_TOKEN = 15;

export function detectTokenFormat(value: string): TokenFormat | undefined {
  if (value.length < SHORTEST_TOKEN) return undefined;
  return TOKEN_FORMATS.find((t) => t.pattern.test(value));
}
