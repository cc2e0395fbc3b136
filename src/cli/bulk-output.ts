import type { BulkEntryResult, BulkPlan, BulkPlanEntry, SkipReason } from '../shared/model/bulk'
import type { CliContext } from './context'
import { printable } from './printable'

/** Why a guest is left out, in words (the reasons of the planner, src/shared/guests/bulk-plan.ts). */
export function skipWords(reason: SkipReason | undefined, detail: string | undefined): string {
  const d = detail === undefined || detail === '' ? '' : printable(detail)
  switch (reason) {
    case 'already':
      return 'already in that state'
    case 'not_running':
      return 'not running'
    case 'read_only':
      return 'cluster read-only in PVE Desk'
    case 'forbidden':
      return d === '' ? 'no permission' : `no permission (${d})`
    case 'locked':
      return d === '' ? 'locked' : `locked (${d})`
    case 'template':
      return 'template'
    case 'ha_managed':
      return 'HA-managed'
    case 'unsupported':
      return 'not possible for this guest type'
    case 'unreachable':
      return 'cluster unreachable'
    case 'node_offline':
      return 'node offline'
    case 'no_target':
      return 'no target or storage for its cluster'
    case 'on_target':
      return 'already on the target node'
    case 'unknown_state':
      return 'status unknown'
    case 'target_not_allowed':
      return d === '' ? 'PVE does not allow the target' : `PVE does not allow the target (${d})`
    case 'local_resources':
      return d === '' ? 'local resources' : `local resources (${d})`
    case 'local_disks':
      return d === '' ? 'local disks to copy' : `local disks to copy (${d})`
    case 'precondition_failed':
      return d === '' ? 'migration precondition not read' : `migration precondition not read (${d})`
    case undefined:
      return d === '' ? 'skipped' : d
  }
}

const guestText = (e: Pick<BulkPlanEntry, 'clusterId' | 'vmid' | 'name'>): string =>
  `${e.clusterId}/${e.vmid}${e.name === '' ? '' : ` ${printable(e.name)}`}`

/**
 * How many are skipped for each reason, most first (ties in the order they first appear), without the
 * details: `3 skipped: 2 already in that state, 1 no permission`; undefined when none is.
 */
export function skipCountsLine(entries: readonly BulkPlanEntry[]): string | undefined {
  const counts = new Map<string, number>()
  for (const e of entries) {
    if (e.run) continue
    const words = skipWords(e.skip, undefined)
    counts.set(words, (counts.get(words) ?? 0) + 1)
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  if (total === 0) return undefined
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([words, n]) => `${n} ${words}`)
  return `${total} skipped: ${parts.join(', ')}`
}

/**
 * The plan as a person reads it before saying yes: a heading per cluster and site, each guest with its node and
 * `run` (and where to) or `skip` and why, the group's skips counted per reason, then the counts.
 */
export function printPlan(ctx: Pick<CliContext, 'out'>, plan: BulkPlan): void {
  const groups = new Map<string, BulkPlanEntry[]>()
  for (const e of plan.entries) {
    const group = `${e.clusterId} / ${e.site}`
    groups.set(group, [...(groups.get(group) ?? []), e])
  }
  const width = Math.max(0, ...plan.entries.map((e) => guestText(e).length))
  for (const [group, entries] of groups) {
    ctx.out(printable(group))
    for (const e of entries) {
      const where = e.target === undefined ? '' : ` → ${printable(e.target)}`
      ctx.out(
        e.run
          ? `  run   ${guestText(e).padEnd(width)}  on ${printable(e.node)}${where}`
          : `  skip  ${guestText(e).padEnd(width)}  on ${printable(e.node)}: ${skipWords(e.skip, e.detail)}`,
      )
    }
    const counts = skipCountsLine(entries)
    if (counts !== undefined) ctx.out(`  ${counts}`)
  }
  const runs = plan.entries.filter((e) => e.run).length
  ctx.out(
    `${plan.action.kind}: ${runs} to run, ${plan.entries.length - runs} skipped, at most ${plan.concurrency} at a time per cluster`,
  )
}

/** One line per guest once its action ended: state, guest, UPID, PVE's exit status or the refusal. */
export function resultLine(result: BulkEntryResult, entry: BulkPlanEntry | undefined): string {
  const guest = guestText(entry ?? { clusterId: result.clusterId, vmid: result.vmid, name: '' })
  const why =
    result.error !== undefined
      ? `${result.error.code}: ${printable(result.error.message)}`
      : printable(result.exitstatus ?? '')
  return [result.state.padEnd(9), guest, result.upid ?? '-', why].join('  ').trimEnd()
}

/** The final counts, per state, in a fixed order. */
export function summaryLine(results: readonly BulkEntryResult[]): string {
  const order = ['ok', 'warning', 'failed', 'cancelled', 'skipped', 'running', 'queued'] as const
  const counts = order
    .map((state) => [state, results.filter((r) => r.state === state).length] as const)
    .filter(([, n]) => n > 0)
  return counts.length === 0 ? 'nothing ran' : counts.map(([state, n]) => `${n} ${state}`).join(', ')
}
