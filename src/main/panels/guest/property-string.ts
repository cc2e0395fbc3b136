/**
 * PVE's property strings (`local-lvm:vm-101-disk-0,size=32G,cache=writeback`), read as pve-common
 * PVE/JSONSchema.pm `parse_property_string` splits them: parts between commas, `key=value`, and at most one part
 * without `=`, the format's default key (a drive's `file`, a mount point's `volume`). Unlike PVE, nothing is
 * refused: a part PVE would reject (`key=` with no value, a duplicate key) is kept as it reads, first one wins,
 * so that a panel shows what the config says instead of failing on it.
 */

/** One part of a property string; `key` absent for the default key's part. */
export interface PropertyPart {
  key?: string
  value: string
}

/** Longest property string read; PVE's are a few hundred characters, a hostile server's may be megabytes. */
export const MAX_PROPERTY_STRING = 8_192
/** Parts read of one property string. */
export const MAX_PARTS = 64

export function parsePropertyString(raw: string): PropertyPart[] {
  const parts: PropertyPart[] = []
  for (const piece of raw.slice(0, MAX_PROPERTY_STRING).split(',')) {
    if (parts.length >= MAX_PARTS) break
    if (piece.trim() === '') continue
    const at = piece.indexOf('=')
    if (at < 0) parts.push({ value: piece })
    else parts.push({ key: piece.slice(0, at), value: piece.slice(at + 1) })
  }
  return parts
}

/** The parts written back as PVE writes them (`print_property_string`): the default key's value bare. */
export const formatPropertyString = (parts: readonly PropertyPart[]): string =>
  parts.map((p) => (p.key === undefined ? p.value : `${p.key}=${p.value}`)).join(',')

/** Key → value of the keyed parts (first one wins), the default part under `defaultKey`. */
export function propertyMap(parts: readonly PropertyPart[], defaultKey: string): Map<string, string> {
  const map = new Map<string, string>()
  for (const p of parts) {
    const key = p.key ?? defaultKey
    if (!map.has(key)) map.set(key, p.value)
  }
  return map
}

const UNITS: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }

/**
 * A disk size as PVE writes it (pve-common JSONSchema.pm `parse_size`: `\d+(\.\d+)?` then `K`, `M`, `G` or `T`,
 * powers of 1024; no unit is bytes) in bytes, or undefined when it does not read so.
 */
export function sizeBytes(size: string): number | undefined {
  const m = /^(\d{1,20}(?:\.\d{1,20})?)([KMGT])?$/.exec(size.trim())
  if (m === null || m[1] === undefined) return undefined
  const bytes = Number(m[1]) * (m[2] === undefined ? 1 : (UNITS[m[2]] ?? 1))
  return Number.isFinite(bytes) ? Math.round(bytes) : undefined
}

/** PVE's boolean words in property strings (JSONSchema.pm `parse_boolean`). */
export function propertyBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined
  const v = value.toLowerCase()
  if (v === '1' || v === 'on' || v === 'yes' || v === 'true') return true
  if (v === '0' || v === 'off' || v === 'no' || v === 'false') return false
  return undefined
}
