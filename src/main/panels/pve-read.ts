/**
 * Reading PVE's answers for the panels: a hostile or broken server may send anything (a string where a list is
 * due, a 10 MB name, a million rows), so every reader bounds what it keeps and never throws on a shape it does
 * not expect: what does not read is left out, as PVE itself leaves out what it does not know.
 */

export type Raw = Record<string, unknown>

/** The most rows any panel keeps of one PVE list. */
export const MAX_ROWS = 10_000

export const isRecord = (value: unknown): value is Raw =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** A PVE object, or an empty one when the answer is not an object. */
export const record = (value: unknown): Raw => (isRecord(value) ? value : {})

/** The objects of a PVE list (at most `max`), or none when the answer is not a list. */
export const records = (value: unknown, max = MAX_ROWS): Raw[] =>
  Array.isArray(value) ? value.slice(0, max).filter(isRecord) : []

/** A finite number, also from PVE's numeric strings (`"1"`, `"0.25"`); PVE sends both. */
export function finite(value: unknown): number | undefined {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
  return Number.isFinite(n) ? n : undefined
}

export function integer(value: unknown): number | undefined {
  const n = finite(value)
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined
}

/** A text of at most `max` characters (numbers as PVE wrote them); anything else is absent. */
export function text(value: unknown, max = 512): string | undefined {
  if (typeof value === 'string') return value.length > max ? value.slice(0, max) : value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** PVE's booleans: `1`, `"1"`, `true`. */
export const truthy = (value: unknown): boolean => value === true || value === 1 || value === '1'

/** A PVE boolean that may be absent. */
export const flagOf = (value: unknown): boolean | undefined =>
  value === undefined || value === null ? undefined : truthy(value)

/** PVE's lists written as text (`"eth0 eth1"`, `"images,rootdir"`), split and bounded. */
export function words(value: unknown, max = 256, separator: RegExp = /[\s,;]+/): string[] {
  const all = text(value, 65_536)
  if (all === undefined) return []
  return all
    .split(separator)
    .filter((w) => w !== '')
    .slice(0, max)
    .map((w) => w.slice(0, 512))
}

/** Drops the `undefined` values, so that an optional field PVE left out stays out of the answer. */
export function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>
  }
}
