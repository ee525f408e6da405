// Passwords that appear first in every credential-stuffing list (the top of SecLists'
// 10k-most-common and vendor defaults), plus the defaults tutorials and templates ship with.
// Compared case-insensitively against the whole value. Checked 2026-11-24.
export const WEAK_PASSWORDS: ReadonlySet<string> = new Set([
  '123456', '1234567', '12345678', '123456789', '1234567890', '111111', '000000', '123123', '654321', '121212',
  'password', 'password1', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pass', 'pass123', 'passwd',
  'admin', 'admin1', 'admin12', 'admin123', 'admin1234', 'admin@123', 'administrator', 'root', 'toor', 'root123',
  'qwerty', 'qwerty123', 'qwertyuiop', 'abc123', 'abcd1234', 'letmein', 'welcome', 'welcome1', 'welcome123',
  'iloveyou', 'monkey', 'dragon', 'master', 'login', 'guest', 'test', 'test123', 'testing', 'test1234',
  'secret', 'secret123', 'secretkey', 'secret_key', 'secret-key', 'mysecret', 'mysecretkey', 'supersecret', 'supersecretkey',
  'changeme', 'changeit', 'change_me', 'change-me', 'changethis', 'default', 'demo', 'demo123', 'example', 'sample',
  'postgres', 'mysql', 'redis', 'mongo', 'mongodb', 'user', 'user123', 'django-insecure', 'keyboard cat', 'jwt_secret', 'jwtsecret',
  'your_jwt_secret', 'your-secret-key', 'your_secret_key', 'yoursecretkey', 'development', 'dev', 'local', 'foobar', 'foo', 'bar', 'hello', 'hello123',
]);

export function isWeakPassword(value: string): boolean {
  const v = value.trim().toLowerCase();
  return WEAK_PASSWORDS.has(v) || v.startsWith('django-insecure');
}
