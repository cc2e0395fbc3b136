import { z } from 'zod'

import type { WorkspacePreferences } from '../../shared/model/workspace'
import {
  defaultWorkspacePreferences,
  MAX_FOLDERED_GUESTS,
  WorkspacePreferences as Schema,
} from '../../shared/model/workspace'

/**
 * Reads the settings file's `workspace` value as the operator (or an editor, or anything else) left it. Field by
 * field: a bad folders list costs the folders, never the language or the theme; each field that cannot be read
 * gets its default and a line in `problems`.
 *
 * Unknown keys are dropped and named in `problems`, not refused: the file is the operator's, and a typo there
 * (`theem`) must not cost the whole workspace. What the renderer sends is refused instead (`workspace:set` is
 * `.strict()`): the renderer is this app's own code, so an unknown key from it is a bug or an attack.
 *
 * Every list is measured before it is parsed: a hand-edited folder of a million guests is refused by its length,
 * without a million objects going through the schema first.
 */
export interface WorkspaceRead {
  preferences: WorkspacePreferences
  /** One line per field that could not be read (bounded: a hostile value cannot make a huge report). */
  problems: string[]
}

type Field = keyof WorkspacePreferences
const FIELDS = Object.keys(Schema.shape) as Field[]

/** Longest list the schema allows anywhere (a folder's guests): anything longer is refused unparsed. */
const LIST_LIMITS: Partial<Record<Field, number>> = { folders: 200, favourites: 5_000, savedViews: 200 }
const FOLDER_GUESTS_LIMIT = 20_000
const PROBLEM_CHARS = 300
const UNKNOWN_NAMES = 5

export function readWorkspace(raw: unknown): WorkspaceRead {
  const preferences = defaultWorkspacePreferences()
  if (raw === undefined) return { preferences, problems: [] }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { preferences, problems: [`workspace: not an object (${describe(raw)}), the defaults are used`] }
  }
  const object = raw as Record<string, unknown>
  const problems: string[] = []
  const unknown = Object.keys(object).filter((key) => !(FIELDS as string[]).includes(key))
  if (unknown.length > 0) {
    const names = unknown.slice(0, UNKNOWN_NAMES).map((k) => JSON.stringify(k.slice(0, 40)))
    const more = unknown.length > UNKNOWN_NAMES ? ` and ${unknown.length - UNKNOWN_NAMES} more` : ''
    problems.push(`workspace: unknown keys ${names.join(', ')}${more} left out`)
  }
  const out = preferences as Record<Field, unknown>
  for (const field of FIELDS) {
    if (!(field in object) || object[field] === undefined) continue
    const value = object[field]
    const tooLong = oversized(field, value)
    if (tooLong !== undefined) {
      problems.push(bounded(`workspace.${field}: ${tooLong}, the default is used`))
      continue
    }
    const parsed = Schema.shape[field].safeParse(value)
    if (parsed.success) out[field] = parsed.data
    else problems.push(bounded(`workspace.${field}: ${z.prettifyError(parsed.error)}`))
  }
  return { preferences, problems }
}

function oversized(field: Field, value: unknown): string | undefined {
  const limit = LIST_LIMITS[field]
  if (limit === undefined || !Array.isArray(value)) return undefined
  if (value.length > limit) return `${value.length} entries, at most ${limit}`
  if (field !== 'folders') return undefined
  let total = 0
  for (const folder of value) {
    const guests = (folder as { guests?: unknown } | null)?.guests
    if (!Array.isArray(guests)) continue
    if (guests.length > FOLDER_GUESTS_LIMIT) {
      return `a folder of ${guests.length} guests, at most ${FOLDER_GUESTS_LIMIT}`
    }
    total += guests.length
  }
  return total > MAX_FOLDERED_GUESTS
    ? `${total} guests in folders, at most ${MAX_FOLDERED_GUESTS}`
    : undefined
}

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value

const bounded = (line: string): string => {
  const flat = line.replace(/\s+/g, ' ')
  return flat.length > PROBLEM_CHARS ? `${flat.slice(0, PROBLEM_CHARS)}…` : flat
}
