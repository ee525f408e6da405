/**
 * The only way a secret value may appear in any output: at most three leading characters,
 * fewer for short values, then `***`. Never reveals length.
 */
export function mask(value: string): string {
  const v = value.trim();
  if (v.length === 0) return '***';
  const keep = v.length >= 8 ? 3 : v.length >= 5 ? 2 : v.length >= 3 ? 1 : 0;
  return `${[...v].slice(0, keep).join('')}***`;
}
