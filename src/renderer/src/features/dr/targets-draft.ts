import type { DrTargetRule, DrTargets, StorageSite } from '../../../../shared/model/dr'
import { DrTargets as DrTargetsSchema } from '../../../../shared/model/dr'

/** The editor's fields as typed (text), so that a half-typed number is kept, not lost or coerced. */
export interface RuleDraft {
  scope: DrTargetRule['scope']
  value: string
  replicaMinutes: string
  backupHours: string
}
export interface StorageSiteDraft {
  clusterId: string
  storage: string
  site: string
}
export interface TargetsDraft {
  rules: RuleDraft[]
  /** Percent, 10–100. */
  warnAt: string
  storageSites: StorageSiteDraft[]
}

export const MAX_MINUTES = 60 * 24 * 366
export const MAX_HOURS = 24 * 366 * 10

export const draftOf = (targets: DrTargets): TargetsDraft => ({
  rules: targets.rules.map((r) => ({
    scope: r.scope,
    value: r.value,
    replicaMinutes: r.replicaMinutes === undefined ? '' : String(r.replicaMinutes),
    backupHours: r.backupHours === undefined ? '' : String(r.backupHours),
  })),
  warnAt: String(Math.round(targets.warnAt * 100)),
  storageSites: targets.storageSites.map((s) => ({
    clusterId: s.clusterId ?? '',
    storage: s.storage,
    site: s.site,
  })),
})

/** Field path (`rules.0.value`, `warnAt`) → what is wrong, in the editor's words. */
export type DraftErrors = Record<string, 'required' | 'wholeNumber' | 'percent' | 'tooLong' | 'tooMany'>

const whole = (text: string, max: number): number | undefined | 'bad' => {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  if (!/^\d+$/.test(trimmed)) return 'bad'
  const n = Number(trimmed)
  return n >= 1 && n <= max ? n : 'bad'
}

/** The draft as DrTargets, or the fields that stop it; validated again by the schema main uses too. */
export function targetsOf(draft: TargetsDraft): { targets: DrTargets } | { errors: DraftErrors } {
  const errors: DraftErrors = {}
  const rules: DrTargetRule[] = draft.rules.map((r, i) => {
    const value = r.value.trim()
    if (value === '') errors[`rules.${i}.value`] = 'required'
    const replica = whole(r.replicaMinutes, MAX_MINUTES)
    const backup = whole(r.backupHours, MAX_HOURS)
    if (replica === 'bad') errors[`rules.${i}.replicaMinutes`] = 'wholeNumber'
    if (backup === 'bad') errors[`rules.${i}.backupHours`] = 'wholeNumber'
    return {
      scope: r.scope,
      value,
      ...(typeof replica === 'number' ? { replicaMinutes: replica } : {}),
      ...(typeof backup === 'number' ? { backupHours: backup } : {}),
    }
  })
  const percent = whole(draft.warnAt, 100)
  if (typeof percent !== 'number' || percent < 10) errors.warnAt = 'percent'
  const storageSites: StorageSite[] = draft.storageSites.map((s, i) => {
    if (s.storage.trim() === '') errors[`storageSites.${i}.storage`] = 'required'
    if (s.site.trim() === '') errors[`storageSites.${i}.site`] = 'required'
    return {
      ...(s.clusterId.trim() !== '' ? { clusterId: s.clusterId.trim() } : {}),
      storage: s.storage.trim(),
      site: s.site.trim(),
    }
  })
  if (Object.keys(errors).length > 0) return { errors }
  const parsed = DrTargetsSchema.safeParse({
    rules,
    warnAt: (typeof percent === 'number' ? percent : 80) / 100,
    storageSites,
  })
  // Lengths (200 characters, 200 rules) are the schema's alone; its path names the field.
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors[issue.path.join('.') || 'rules'] =
        issue.code === 'too_small' ? 'required' : issue.path.length === 1 ? 'tooMany' : 'tooLong'
    return { errors }
  }
  return { targets: parsed.data }
}
