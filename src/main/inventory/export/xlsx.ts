import { PassThrough } from 'node:stream'

import ExcelJS from 'exceljs'

import type { ColumnFormat, Sheet } from './cells'
import { cellText } from './cells'
import { writeFileAtomically } from './atomic-output'

/**
 * The workbook, with exceljs's streaming writer (rows go out as they are added: a 10,000-guest fleet does not
 * hold every cell object at once): header row bold and frozen, an autofilter on every sheet, widths from the
 * content, numbers as numbers and times as dates (UTC, as the headers say). Text is always written as text,
 * never as a formula, whatever it starts with.
 */

const NUMBER_FORMATS: Record<ColumnFormat, string | undefined> = {
  text: undefined,
  gib: '0.00',
  integer: '0',
  decimal: '0.0##',
  percent: '0.0',
  date: 'yyyy-mm-dd hh:mm:ss',
}

const TEXT_STYLE: Partial<ExcelJS.Style> = {}
const HEADER_STYLE: Partial<ExcelJS.Style> = { font: { bold: true } }
const STYLES = Object.fromEntries(
  Object.entries(NUMBER_FORMATS).map(([format, numFmt]) => [
    format,
    numFmt === undefined ? TEXT_STYLE : { numFmt },
  ]),
) as Record<ColumnFormat, Partial<ExcelJS.Style>>

const MIN_WIDTH = 8
const MAX_WIDTH = 60

/** A column's width in characters: its longest header or cell (sampled on big sheets), within bounds. */
function widths(sheet: Sheet): number[] {
  const step = Math.max(1, Math.floor(sheet.rows.length / 2000))
  return sheet.columns.map((c, i) => {
    let longest = c.header.length + 3 // the filter button
    if (c.format === 'date') longest = Math.max(longest, 19)
    for (let r = 0; r < sheet.rows.length; r += step) {
      const cell = sheet.rows[r]?.[i] ?? null
      if (cell === null || cell instanceof Date) continue
      const n = cellText(cell).length
      if (n > longest) longest = n
    }
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 1))
  })
}

/** An Excel column letter (1 → A, 27 → AA). */
function letter(n: number): string {
  let s = ''
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s
  return s
}

export async function xlsxBuffer(sheets: Sheet[], meta: { takenAt: Date; title: string }): Promise<Buffer> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve)
    out.on('error', reject)
  })
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  })
  workbook.creator = 'PVE Desk'
  workbook.title = meta.title
  workbook.created = meta.takenAt
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] })
    const w = widths(sheet)
    ws.columns = sheet.columns.map((c, i) => ({ header: c.header, key: String(i), width: w[i] }))
    const styles = sheet.columns.map((c) => STYLES[c.format])
    const header = ws.getRow(1)
    header.eachCell((cell) => {
      cell.style = HEADER_STYLE
    })
    header.commit()
    ws.autoFilter = `A1:${letter(Math.max(1, sheet.columns.length))}1`
    for (const values of sheet.rows) {
      const row = ws.addRow(values)
      // One style object per format, shared by every cell: exceljs renders and looks up a style per new object,
      // which was most of the time of a 10,000-guest workbook when each cell had its own.
      row.eachCell((cell, n) => {
        cell.style = styles[n - 1] ?? TEXT_STYLE
      })
      row.commit()
    }
    ws.commit()
  }
  await workbook.commit()
  await done
  return Buffer.concat(chunks)
}

export async function writeXlsx(
  sheets: Sheet[],
  path: string,
  meta: { takenAt: Date; title: string },
): Promise<void> {
  await writeFileAtomically(path, await xlsxBuffer(sheets, meta))
}
