import type { JsonValue, PveObject } from '../model/inventory-snapshot'

/**
 * Tolerant readers of PVE's fields: a server may send a number as a string (`"101"`), a boolean as 0/1 or
 * `"1"`, leave a field out, or send something hostile in its place. Each reader answers undefined rather than
 * throwing, so one odd entry never hides the rest of the matrix.
 */

export function str(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

export function num(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value === 'string' && value.trim() !== '' && value.length < 40) {
    const n = Number(value)
    return Number.isFinite(n) ? n : undefined
  }
  return undefined
}

/** PVE's booleans: 1/0, "1"/"0", true/false. */
export function bool(value: JsonValue | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value
  const n = num(value)
  return n === undefined ? undefined : n !== 0
}

export function obj(value: JsonValue | undefined): PveObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined
}

/** A list that may be absent or not a list (a hostile answer), as objects only. */
export function objects(value: readonly unknown[] | undefined): PveObject[] {
  if (!Array.isArray(value)) return []
  const out: PveObject[] = []
  for (const item of value) {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) out.push(item as PveObject)
  }
  return out
}

/** A vmid as PVE gives it (number or numeric string); undefined when it is not a positive integer. */
export function vmidOf(value: JsonValue | undefined): number | undefined {
  const n = num(value)
  return n !== undefined && Number.isInteger(n) && n > 0 && n < 1e10 ? n : undefined
}

/** PVE's lists in one string (`101,102`, `a;b`, `a b`): the vmid list of a backup job, tags, HA rule resources. */
export function splitList(value: JsonValue | undefined): string[] {
  const text = str(value)
  if (text === undefined) return []
  return text
    .split(/[,;\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
}

export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
