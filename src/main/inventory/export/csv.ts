import { csvField } from '../../../shared/csv-field'
import type { Sheet } from './cells'
import { cellText, SHEET_NAMES } from './cells'
import { writeFolderAtomically } from './atomic-output'

/**
 * One `<Sheet>.csv` per sheet: RFC 4180 with CRLF, every field neutralized against formulas as the CLI's
 * `--output csv` does (`csvField`), times in ISO 8601 UTC, numbers with a `.`. UTF-8 **with a BOM**: without
 * it Excel reads UTF-8 as the system's ANSI code page (Windows-1252 for a French Windows) and prints
 * « Montr├®al » for « Montréal »; every CSV reader we know skips the BOM.
 */
export const UTF8_BOM = '\uFEFF'

export function csvText(sheet: Sheet): string {
  const lines = [sheet.columns.map((c) => csvField(c.header)).join(',')]
  for (const row of sheet.rows) lines.push(row.map((cell) => csvField(cellText(cell))).join(','))
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`
}

export const csvFileName = (sheet: Sheet): string => `${sheet.name}.csv`

const OURS = new Set(SHEET_NAMES.map((n) => `${n}.csv`))

export async function writeCsvFolder(sheets: Sheet[], path: string): Promise<void> {
  const files = new Map(sheets.map((s) => [csvFileName(s), Buffer.from(csvText(s), 'utf8')]))
  await writeFolderAtomically(path, files, (name) => OURS.has(name))
}
