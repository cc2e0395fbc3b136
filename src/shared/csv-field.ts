/**
 * One CSV field: RFC 4180 quoting, and a leading `=`, `+`, `-` or `@` neutralized (prefixed with `'`) so that a
 * spreadsheet never runs a cell as a formula; a negative number stays a number. The CLI's `--output csv` and the
 * inventory snapshot's CSV export both write fields with it.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}
