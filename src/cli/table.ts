import type { CliContext } from './context'

/** Rows as aligned columns under upper-case headers, for people reading a terminal (scripts take --json). */
export function printTable(
  ctx: Pick<CliContext, 'out'>,
  columns: readonly string[],
  rows: readonly Record<string, string>[],
): void {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)))
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  ctx.out(line(columns.map((c) => c.toUpperCase())))
  for (const r of rows) ctx.out(line(columns.map((c) => r[c] ?? '')))
}
