import type { JsonValue, PveObject } from '../../../shared/model/inventory-snapshot'
import type { VerifiedInventory } from '../file/inventory-file'

/**
 * The tables of an export, made once and written by every format: typed cells (text, number, time) so that the
 * XLSX has numbers as numbers and times as dates, the CSV and HTML the same values as text.
 */

export type Cell = string | number | Date | null

/** How a column's numbers read: `gib` two decimals, `integer`, `decimal`, `percent` (0–100, one decimal). */
export type ColumnFormat = 'text' | 'gib' | 'integer' | 'decimal' | 'percent' | 'date'

export interface Column {
  /** With its unit when it has one: `Memory (GiB)`, `Taken at (UTC)`. */
  header: string
  format: ColumnFormat
}

export interface Sheet {
  name: SheetName
  columns: Column[]
  rows: Cell[][]
}

/** The sheets, in the order of the workbook (RVTools' spirit: one tab per kind of thing an auditor asks about). */
export const SHEET_NAMES = [
  'Summary',
  'Issues',
  'Sites',
  'Clusters',
  'Nodes',
  'VMs',
  'Containers',
  'Disks',
  'NICs',
  'Storage',
  'Backups',
  'Not backed up',
  'Replication',
  'HA',
  'DR guests',
  'DR sites',
  'Firewall',
  'Users & ACLs',
  'Certificates',
  'Console sessions',
] as const
export type SheetName = (typeof SHEET_NAMES)[number]

/** What an export reads of a verified inventory snapshot. */
export type ExportSource = Pick<VerifiedInventory, 'manifest' | 'snapshot' | 'signer' | 'sha256'>

/** Columns from `[header, format]` pairs (text when no format is given). */
export const columns = (...list: (string | [string, ColumnFormat])[]): Column[] =>
  list.map((c) => (typeof c === 'string' ? { header: c, format: 'text' } : { header: c[0], format: c[1] }))

const GiB = 1024 ** 3

/** Bytes as GiB, two decimals; absent stays empty. */
export function gib(bytes: JsonValue | undefined): Cell {
  const n = num(bytes)
  return n === null ? null : Math.round((n / GiB) * 100) / 100
}

/** A number PVE may send as a string; anything else is empty. */
export function num(v: JsonValue | undefined): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v)
    return Number.isFinite(n) ? n : null
  }
  return null
}

/** A value as text: strings as they are, numbers in JS form, lists joined, objects as JSON. */
export function text(v: JsonValue | undefined): Cell {
  if (v === undefined || v === null || v === '') return null
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ')
  return JSON.stringify(v)
}

/** ECMAScript's time range (±8.64e15 ms, ±100,000,000 days around 1970): beyond it a Date is Invalid. */
const MAX_TIME_MS = 8.64e15

/** Epoch seconds as milliseconds when they make a valid Date, else null. */
export function epochMs(v: JsonValue | undefined): number | null {
  const n = num(v)
  if (n === null) return null
  const ms = n * 1000
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS ? ms : null
}

/**
 * Epoch seconds (PVE's times) as a date. A time no Date can hold (an edited file's `notafter: 1e13`) is kept as
 * the text it was, so that every writer still writes it (an Invalid Date throws RangeError in toISOString) and
 * the reader sees the odd value rather than nothing.
 */
export function epoch(v: JsonValue | undefined): Cell {
  const n = num(v)
  if (n === null || n <= 0) return null
  const ms = epochMs(n)
  return ms === null ? String(n) : new Date(ms)
}

/** Milliseconds since the epoch (PVE Desk's own times) as a date; out of a Date's range, as the number's text. */
export function msDate(ms: number): Cell {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS ? new Date(ms) : String(ms)
}

/** PVE's booleans (0/1, "1", true) as yes/no; absent stays empty unless a default is given. */
export function yesNo(v: JsonValue | undefined, absent?: boolean): Cell {
  if (v === undefined || v === null || v === '') return absent === undefined ? null : absent ? 'yes' : 'no'
  return v === true || v === 1 || v === '1' ? 'yes' : 'no'
}

export const field = (o: PveObject | undefined, key: string): JsonValue | undefined => o?.[key]

/** A cell as text, the way CSV, HTML and PDF write it: times in ISO 8601 UTC to the second. */
export function cellText(cell: Cell): string {
  if (cell === null) return ''
  if (cell instanceof Date) return isoSeconds(cell)
  return typeof cell === 'number' ? String(cell) : cell
}

export const isoSeconds = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`

/** `2026-12-01 12:00 UTC`, for the printed report. */
export const readableTime = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`
