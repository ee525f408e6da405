/**
 * 1234567 → "1,234,567", as `toLocaleString('en-US')` writes it, without Intl: the first use of
 * ICU's number formatting maps about 5 MB of its data into the process, for a thousands separator.
 */
export function groupDigits(n: number): string {
  const [whole, fraction] = String(Math.abs(n)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}
