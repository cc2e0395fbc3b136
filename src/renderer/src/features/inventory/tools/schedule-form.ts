import type { InventorySchedule } from '../../../../../shared/ipc/domains/inventory'
import { InventorySchedule as ScheduleSchema } from '../../../../../shared/ipc/domains/inventory'

/** The schedule as the form edits it: text and numbers as typed, before they are checked. */
export interface ScheduleForm {
  enabled: boolean
  time: string
  keep: number | string
  /** `all` the clusters (those added later too), or only `some`. */
  scope: 'all' | 'some'
  clusterIds: readonly string[]
}

export type ScheduleField = 'time' | 'keep' | 'clusters'

export const formOf = (schedule: InventorySchedule): ScheduleForm => ({
  enabled: schedule.enabled,
  time: schedule.time,
  keep: schedule.keep,
  scope: schedule.clusterIds === undefined ? 'all' : 'some',
  clusterIds: schedule.clusterIds ?? [],
})

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

/**
 * The schedule the form says, or the fields to fix (i18n keys under `audit.schedule.invalid`). A single-digit
 * hour (`7:30`) is taken as `07:30`. Checked again by main's schema: this is for the user, not the defence.
 */
export function checkSchedule(
  form: ScheduleForm,
): { ok: true; schedule: InventorySchedule } | { ok: false; errors: ScheduleField[] } {
  const errors: ScheduleField[] = []
  const typed = form.time.trim()
  const time = /^\d:\d\d$/.test(typed) ? `0${typed}` : typed
  if (!TIME.test(time)) errors.push('time')
  const keep =
    typeof form.keep === 'number' ? form.keep : Number(form.keep.trim() === '' ? Number.NaN : form.keep)
  if (!Number.isInteger(keep) || keep < 1 || keep > 365) errors.push('keep')
  if (form.scope === 'some' && form.clusterIds.length === 0) errors.push('clusters')
  if (errors.length > 0) return { ok: false, errors }
  const parsed = ScheduleSchema.safeParse({
    enabled: form.enabled,
    time,
    keep,
    ...(form.scope === 'some' ? { clusterIds: [...form.clusterIds] } : {}),
  })
  // Time and keep were checked above: what is left for the schema to refuse is the list of clusters.
  return parsed.success ? { ok: true, schedule: parsed.data } : { ok: false, errors: ['clusters'] }
}
