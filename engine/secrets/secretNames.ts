// Which variable names hold secrets. Matching is on name parts so `DB_PASSWORD`, `dbPassword` and
// `db-password` all count, while settings *about* a secret (`PASSWORD_MIN_LENGTH`, `JWT_EXPIRES_IN`,
// `SECRET_NAME`, `TOKEN_URL`) do not.
const SECRET_PARTS = /(^|_)(PASSWORD|PASSWD|PASS|PWD|SECRET|SECRETS|TOKEN|APIKEY|API_KEY|PRIVATE_KEY|PRIVATEKEY|ACCESS_KEY|SECRET_KEY|AUTH_KEY|ENCRYPTION_KEY|SIGNING_KEY|MASTER_KEY|CLIENT_SECRET|CREDENTIALS|CREDENTIAL|SALT|DSN|WEBHOOK_SECRET|SESSION_KEY|COOKIE_KEY|APP_KEY|LICENSE_KEY)(_|$)/;
const KEYISH = /(^|_)KEY$/;
const NOT_SECRET_SUFFIX = /(_|^)(ID|IDS|PATH|FILE|DIR|URL|URI|HOST|HOSTNAME|PORT|USER|USERS|USERNAME|NAME|EMAIL|EMAILS|EXPIRY|EXPIRES|EXPIRES_IN|EXPIRATION|EXPIRE|TTL|LENGTH|LEN|MIN_LENGTH|ALGORITHM|ALGO|TYPE|ENABLED|ENABLE|DISABLED|HEADER|PREFIX|ISSUER|AUDIENCE|TIMEOUT|LIFETIME|MINUTES|HOURS|DAYS|SECONDS|ROUNDS|VERSION|REGION|FIELD|PARAM|LOCATION|ENDPOINT|MODE|POLICY|REQUIRED|RESET|COUNT|SIZE|LIMIT|MAX|MIN|STRATEGY|PROVIDER|SCOPE|SCOPES|FORMAT|ENCODING|KEY_ID)$/;

/** Already normal: capitals in words joined by single underscores (most names in config files). */
const NORMAL = /^_?[A-Z]+(?:_[A-Z]+)*_?$/;

export function normaliseName(name: string): string {
  if (NORMAL.test(name)) return name;
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

export function isSecretName(name: string): boolean {
  const n = normaliseName(name);
  if (NOT_SECRET_SUFFIX.test(n)) return false;
  return SECRET_PARTS.test(n) || KEYISH.test(n);
}

/** Names for which a short value is weak (keys used to sign or encrypt). */
export function isKeyName(name: string): boolean {
  const n = normaliseName(name);
  return /(^|_)(SECRET|KEY|SECRET_KEY|SIGNING_KEY|ENCRYPTION_KEY|SALT)$/.test(n) && !/PASSWORD|PASS|PWD/.test(n);
}

export function isPasswordName(name: string): boolean {
  return /(^|_)(PASSWORD|PASSWD|PASS|PWD)(_|$)/.test(normaliseName(name));
}
