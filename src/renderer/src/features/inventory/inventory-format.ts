import type { JsonValue } from '../../../../shared/model/inventory-snapshot'
import { REDACTED } from '../../../../shared/model/inventory-snapshot'

/** `2026-12-01 12:00` from an ISO 8601 UTC time: unambiguous in every language, for UTC mentions. */
export function utcMinute(iso: string): string {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? iso : at.toISOString().slice(0, 16).replace('T', ' ')
}

/** A time in the user's language and time zone, e.g. `1 déc. 2026, 13:00`. */
export function localTime(at: string | number, locale: string): string {
  const date = new Date(at)
  if (Number.isNaN(date.getTime())) return String(at)
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })
}

/** The start of a SHA-256 digest, enough to recognise it; the full one is on hover and copy. */
export const shortDigest = (sha256: string): string => `${sha256.slice(0, 12)}…`

export type NameTrigger = 'manual' | 'scheduled' | 'cli' | 'other'

/**
 * How a file was taken, from its name as PVE Desk writes it: `pvedesk-inventory-20261201-120000Z.zip` by hand,
 * `…Z-scheduled.zip` by the schedule, `…Z-cli.zip` by the command line; `other` for any other name.
 */
export function triggerOfName(name: string): NameTrigger {
  const match = /^pvedesk-inventory-\d{8}-\d{6}Z(?:-(scheduled|cli|manual))?\.zip$/i.exec(name)
  if (match === null) return 'other'
  const suffix = match[1]?.toLowerCase()
  return suffix === 'scheduled' || suffix === 'cli' ? suffix : 'manual'
}

/** A value of a PVE answer as text: strings as they are, numbers and booleans as PVE wrote them, the rest as JSON. */
export function pveText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '—'
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/** Whether the capture replaced this value (a password, a key) by {@link REDACTED}. */
export const isRedacted = (value: JsonValue | undefined): boolean => value === REDACTED

/** PVE's epoch seconds (`notafter`, `snaptime`) as a time, when they are a number. */
export function epochSeconds(value: JsonValue | undefined): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN
  return Number.isFinite(n) && n > 0 ? n * 1000 : undefined
}

/** A time both ways, local then UTC: `30 nov. 2026, 09:15, UTC 2026-11-30 08:15`. */
export const bothTimes = (iso: string, locale: string): string =>
  `${localTime(iso, locale)}, UTC ${utcMinute(iso)}`
