import type { JsonValue, PveObject } from '../../../shared/model/inventory-snapshot'

/**
 * PVE's answers made safe to keep: plain JSON only. A hostile or broken server can send what canonical JSON
 * cannot write (`1e999` parses to Infinity) or nesting deep enough to blow the writer's stack; such values are
 * left out, so that one odd field never costs the whole inventory snapshot. `__proto__` keys are left out too
 * (PVE never sends one; assigning it would change an object's prototype instead of adding a field). A lone
 * UTF-16 surrogate (`"\ud800"` is valid JSON text) becomes U+FFFD: canonical JSON (I-JSON) refuses it, and one
 * such name must not make the whole file unwritable.
 */

/** Deeper than any PVE answer (agent interfaces: 4 levels); below any stack limit. */
export const MAX_DEPTH = 32

/**
 * Whether `value` nests arrays or objects more than `limit` levels deep, found without recursion (an answer of
 * `[`×100000 must not blow the stack here either). Stops at the first level too deep.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }]
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if (typeof top.value !== 'object' || top.value === null) continue
    const depth = top.depth + 1
    if (depth > limit) return true
    const children = Array.isArray(top.value) ? (top.value as unknown[]) : Object.values(top.value)
    for (const child of children)
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth })
  }
  return false
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** The string with every lone surrogate replaced by U+FFFD (the replacement character). */
export const wellFormed = (text: string): string => text.replace(LONE_SURROGATE, '\uFFFD')

export function jsonValue(value: unknown, depth = 0): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
      return wellFormed(value)
    case 'boolean':
      return value
    case 'number':
      return Number.isFinite(value) ? value : undefined
    case 'object': {
      if (value === null) return null
      if (depth >= MAX_DEPTH) return undefined
      if (Array.isArray(value)) {
        const items: JsonValue[] = []
        for (const item of value as unknown[]) {
          const v = jsonValue(item, depth + 1)
          if (v !== undefined) items.push(v)
        }
        return items
      }
      return jsonObject(value as Record<string, unknown>, depth)
    }
    default:
      return undefined
  }
}

function jsonObject(value: Record<string, unknown>, depth: number): PveObject {
  const out: PveObject = {}
  for (const [key, raw] of Object.entries(value)) {
    if (key === '__proto__') continue
    const v = jsonValue(raw, depth + 1)
    if (v !== undefined) out[wellFormed(key)] = v
  }
  return out
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** An object answer, or undefined when the answer is not one. */
export function pveObject(value: unknown): PveObject | undefined {
  return isPlainObject(value) ? jsonObject(value, 0) : undefined
}

/** A list answer of objects (anything else in it left out), or undefined when the answer is not a list. */
export function pveList(value: unknown): PveObject[] | undefined {
  if (!Array.isArray(value)) return undefined
  const out: PveObject[] = []
  for (const item of value as unknown[]) if (isPlainObject(item)) out.push(jsonObject(item, 0))
  return out
}

/** A field as text: PVE sends numbers for some ids (the LXC list's vmid) and strings for some numbers. */
export function text(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  return undefined
}

export function integer(value: JsonValue | undefined): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN
  return Number.isInteger(n) ? n : undefined
}

/** PVE booleans: 0/1, "0"/"1", true/false. */
export const flag = (value: JsonValue | undefined): boolean => value === 1 || value === '1' || value === true

/**
 * Sorts a list by the first of `fields` each item has, numbers by value, everything else as text, ties by the
 * whole item's JSON: PVE lists come in Perl hash order, which changes between calls, and two inventory
 * snapshots of the same fleet must give the same bytes. Lists whose order means something (firewall rules,
 * by `pos`) are sorted by that.
 */
export function stableList(list: PveObject[], ...fields: string[]): PveObject[] {
  const keyed = list.map((item) => ({ item, keys: fields.map((f) => item[f]), whole: JSON.stringify(item) }))
  keyed.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      const c = compareValues(a.keys[i], b.keys[i])
      if (c !== 0) return c
    }
    return a.whole < b.whole ? -1 : a.whole > b.whole ? 1 : 0
  })
  return keyed.map((k) => k.item)
}

function compareValues(a: JsonValue | undefined, b: JsonValue | undefined): number {
  if (a === b) return 0
  if (a === undefined) return 1
  if (b === undefined) return -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const x = typeof a === 'string' ? a : JSON.stringify(a)
  const y = typeof b === 'string' ? b : JSON.stringify(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** Orders by UTF-16 code units (as canonical JSON orders keys), never by locale. */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
