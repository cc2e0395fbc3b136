import type { DrAppliedTarget, DrTargets } from '../model/dr'

export interface TargetSubject {
  clusterId: string
  tags: readonly string[]
  pool?: string
  template: boolean
}

/**
 * The targets that apply to a guest. Tag and pool rules are more specific than cluster rules and beat them;
 * among several matching rules of the same rank, the strictest figure of each kind wins (a guest tagged both
 * `prod` and `critical` gets the shorter of the two). A template is never rated: it runs nothing to lose.
 */
export function resolveTarget(targets: DrTargets, subject: TargetSubject): DrAppliedTarget {
  if (subject.template) return { from: [] }
  const tags = new Set(subject.tags.map((tag) => tag.toLowerCase()))
  const specific = targets.rules.filter(
    (rule) =>
      (rule.scope === 'tag' && tags.has(rule.value.toLowerCase())) ||
      (rule.scope === 'pool' && subject.pool !== undefined && rule.value === subject.pool),
  )
  const matching =
    specific.length > 0
      ? specific
      : targets.rules.filter((rule) => rule.scope === 'cluster' && rule.value === subject.clusterId)
  const applied: DrAppliedTarget = { from: [] }
  for (const rule of matching) {
    applied.from.push(`${rule.scope}:${rule.value}`)
    if (rule.replicaMinutes !== undefined) {
      applied.replicaMinutes = Math.min(applied.replicaMinutes ?? Infinity, rule.replicaMinutes)
    }
    if (rule.backupHours !== undefined) {
      applied.backupHours = Math.min(applied.backupHours ?? Infinity, rule.backupHours)
    }
  }
  applied.from = [...new Set(applied.from)]
  return applied
}

/** Whether any target applies (otherwise the guest is listed but not rated). */
export function hasTarget(target: DrAppliedTarget): boolean {
  return target.replicaMinutes !== undefined || target.backupHours !== undefined
}
