import type { DrTargets } from '../../shared/model/dr'
import { DrTargetRule, DrTargets as Schema, defaultDrTargets, StorageSite } from '../../shared/model/dr'

/**
 * Reads the settings file's `dr` value as the operator (or an editor) left it, field by field: a bad rule costs
 * only itself, never the other rules nor `warnAt`; each part that cannot be read gets its default and a line in
 * `problems`. Lists are measured before they are parsed (a hand-edited list of a million rules is refused by its
 * length). Without a `dr` section, the seed's targets (tag prod, tag test).
 */
export interface DrTargetsRead {
  targets: DrTargets
  /** One line per part that could not be read (bounded). */
  problems: string[]
}

const MAX_RULES = 200
const MAX_STORAGE_SITES = 500
const PROBLEM_CHARS = 300
const MAX_PROBLEMS = 20
const FIELDS = ['rules', 'warnAt', 'storageSites']

export function readDrTargets(raw: unknown): DrTargetsRead {
  const targets = defaultDrTargets()
  if (raw === undefined) return { targets, problems: [] }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { targets, problems: [`dr: not an object (${describe(raw)}), the default targets are used`] }
  const object = raw as Record<string, unknown>
  const problems: string[] = []
  const unknown = Object.keys(object).filter((k) => !FIELDS.includes(k))
  if (unknown.length > 0)
    problems.push(
      bounded(
        `dr: unknown keys ${unknown
          .slice(0, 5)
          .map((k) => JSON.stringify(k.slice(0, 40)))
          .join(', ')} left out`,
      ),
    )
  if (object.rules !== undefined) {
    const rules = eachOf(object.rules, 'rules', MAX_RULES, (v) => DrTargetRule.safeParse(v), problems)
    if (rules !== undefined) targets.rules = rules
  }
  if (object.warnAt !== undefined) {
    const parsed = Schema.shape.warnAt.safeParse(object.warnAt)
    if (parsed.success) targets.warnAt = parsed.data
    else problems.push(bounded(`dr.warnAt: ${describe(object.warnAt)} is not a fraction 0.1–1, 0.8 is used`))
  }
  if (object.storageSites !== undefined) {
    const sites = eachOf(
      object.storageSites,
      'storageSites',
      MAX_STORAGE_SITES,
      (v) => StorageSite.safeParse(v),
      problems,
    )
    if (sites !== undefined) targets.storageSites = sites
  }
  return { targets, problems: problems.slice(0, MAX_PROBLEMS) }
}

/** The entries that parse (each bad one named in `problems`), or undefined when the value is no list at all. */
function eachOf<T>(
  value: unknown,
  field: string,
  limit: number,
  parse: (v: unknown) => { success: true; data: T } | { success: false },
  problems: string[],
): T[] | undefined {
  if (!Array.isArray(value)) {
    problems.push(bounded(`dr.${field}: not a list (${describe(value)}), the default is used`))
    return undefined
  }
  if (value.length > limit) {
    problems.push(`dr.${field}: ${value.length} entries, more than ${limit}: the default is used`)
    return undefined
  }
  const out: T[] = []
  value.forEach((entry, i) => {
    const parsed = parse(entry)
    if (parsed.success) out.push(parsed.data)
    else problems.push(bounded(`dr.${field}[${i}]: ${describe(entry)} cannot be read, left out`))
  })
  return out
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 60))
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value
}

const bounded = (line: string): string =>
  line.length > PROBLEM_CHARS ? `${line.slice(0, PROBLEM_CHARS - 1)}…` : line
