/** A plain decimal number, which a spreadsheet reads as a number, never as a formula: `-5`, `1.5`, `-2e10`. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/

/**
 * One CSV field: RFC 4180 quoting, and a field that a spreadsheet could run as a formula — starting with `=`,
 * `+`, `-`, `@`, TAB or CR (Excel and LibreOffice skip a leading TAB/CR, then read `=…`) — prefixed with `'`
 * (OWASP "CSV Injection"). Only a plain number is left as it is: `-1+cmd|' /C calc'!A0` starts with a digit
 * after its `-` and is still a formula. The CLI's `--output csv` and the inventory snapshot's CSV export both
 * write fields with it.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}
