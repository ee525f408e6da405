// Settings that must not be on in production, with the value to use instead. Names follow each
// framework's documentation (checked 2026-11-24): Node `NODE_ENV`, Flask `FLASK_ENV`/`FLASK_DEBUG`,
// Django `DEBUG`, Laravel `APP_DEBUG`/`APP_ENV`, Rails `RAILS_ENV`/`RACK_ENV`, Phoenix `MIX_ENV`,
// ASP.NET Core `ASPNETCORE_ENVIRONMENT`; mock/fake/test-mode switches are project conventions.

export type FlagKind = 'debug' | 'environment' | 'mock';

export interface FlagRule {
  kind: FlagKind;
  /** Matches the variable name (upper-cased). */
  name: RegExp;
  /** Matches a value that is unsafe in production. */
  unsafe: RegExp;
  /** What the setting does, for the message. */
  effect: string;
  /** The safe replacement, written in the style of the unsafe value. */
  safe(value: string): string;
}

const TRUTHY = /^(true|1|yes|on|enabled?)$/i;

/** `word` in the capitalisation of `like` (`True` → `False`, `DEVELOPMENT` → `PRODUCTION`). */
function styled(word: string, like: string): string {
  if (like === like.toUpperCase() && /[A-Z]/.test(like)) return word.toUpperCase();
  if (/^[A-Z]/.test(like)) return word[0].toUpperCase() + word.slice(1);
  return word;
}

/** The off value matching an on value: `1` → `0`, `yes` → `no`, `on` → `off`, else `false`. */
export function falseLike(value: string): string {
  const v = value.toLowerCase();
  return styled(v === '1' ? '0' : v === 'yes' ? 'no' : v === 'on' ? 'off' : v === 'enabled' || v === 'enable' ? 'disabled' : 'false', value);
}

export const FLAG_RULES: FlagRule[] = [
  {
    kind: 'debug',
    name: /^(DEBUG|APP_DEBUG|FLASK_DEBUG|DJANGO_DEBUG|RAILS_DEBUG|[A-Z0-9]+_DEBUG_MODE|DEBUG_MODE)$/,
    unsafe: TRUTHY,
    effect: 'turns on debug mode, which shows stack traces, settings and sometimes an interactive console to anyone who triggers an error',
    safe: falseLike,
  },
  {
    kind: 'environment',
    name: /^(NODE_ENV|FLASK_ENV|RAILS_ENV|RACK_ENV|APP_ENV|DJANGO_ENV|PYTHON_ENV|GO_ENV|ASPNETCORE_ENVIRONMENT|DOTNET_ENVIRONMENT|ENVIRONMENT)$/,
    unsafe: /^(development|dev|local|test|testing)$/i,
    effect: 'runs the app in its development or test mode (verbose errors, no caching, development dependencies, relaxed security)',
    safe: (v) => styled('production', v),
  },
  {
    kind: 'environment',
    name: /^MIX_ENV$/,
    unsafe: /^(dev|test)$/i,
    effect: 'builds the Elixir release in its development or test mode',
    safe: (v) => styled('prod', v),
  },
  {
    kind: 'mock',
    name: /(^|_)(MOCKS?|FAKE|FAKES|STUBS?|TEST_?MODE|SANDBOX)(_|$)/,
    unsafe: TRUTHY,
    effect: 'serves mock, fake or test-mode behaviour instead of the real services',
    safe: falseLike,
  },
];

/** Variables that declare the configuration to be production. */
export const PRODUCTION_DECLARATIONS: { name: RegExp; value: RegExp }[] = [
  { name: /^(NODE_ENV|FLASK_ENV|RAILS_ENV|RACK_ENV|APP_ENV|DJANGO_ENV|ENVIRONMENT|MIX_ENV|ASPNETCORE_ENVIRONMENT)$/, value: /^(production|prod)$/i },
  { name: /^(PRODUCTION|PRODUCTION_MODE|IS_PRODUCTION|PROD_MODE|IS_PROD)$/, value: TRUTHY },
];
