import type { GuestSnapshot } from '../shared/model/guest-action'
import { listGuestSnapshots } from '../main/guests/guest-actions'
import { parseGuestTarget, withCluster } from './cluster-access'
import type { CliContext } from './context'
import { EXIT } from './exit-codes'
import { printable } from './printable'
import { isoTime } from './time-text'

/**
 * The guest snapshots as a tree, as `qm listsnapshot` prints it (pve-guest-common GuestHelpers.pm
 * `print_snapshot_tree`): children under their parent, oldest first, NOW (PVE's `current`) last under the
 * snapshot the guest runs from; name, time (UTC here), the description's first line.
 */
export function snapshotTree(snapshots: readonly GuestSnapshot[]): string[] {
  const byName = new Map(snapshots.map((s) => [s.name, s]))
  const children = new Map<string, GuestSnapshot[]>()
  const roots: GuestSnapshot[] = []
  for (const s of snapshots) {
    // A parent PVE does not list (deleted meanwhile, or a hostile answer) makes a root, never a lost entry.
    const parent = s.parent !== undefined && s.parent !== s.name ? byName.get(s.parent) : undefined
    if (parent === undefined) roots.push(s)
    else children.set(parent.name, [...(children.get(parent.name) ?? []), s])
  }
  const order = (a: GuestSnapshot, b: GuestSnapshot): number =>
    (a.current ? Infinity : (a.snaptime ?? 0)) - (b.current ? Infinity : (b.snaptime ?? 0))
  const lines: string[] = []
  const seen = new Set<string>()
  const print = (prefix: string, s: GuestSnapshot): void => {
    if (seen.has(s.name)) return // a cycle in a hostile answer
    seen.add(s.name)
    const name = s.current ? 'NOW' : printable(s.name)
    const description = s.current
      ? 'You are here!'
      : printable(s.description?.split('\n')[0] ?? '') || 'no-description'
    const time = s.snaptime === undefined ? '' : isoTime(s.snaptime)
    const width = Math.max(0, 30 - prefix.length)
    lines.push(
      `${prefix} ${name.padEnd(width)} ${time.padEnd(23)} ${description}${s.vmstate ? ' (RAM)' : ''}`.trimEnd(),
    )
    for (const child of [...(children.get(s.name) ?? [])].sort(order)) print(`    ${prefix}`, child)
  }
  for (const root of [...roots].sort(order)) print('`->', root)
  return lines
}

/** `pvedesk guest snapshot list CLUSTER/VMID [--json]`. */
export function snapshotList(ctx: CliContext, target: string, json: boolean): Promise<number> {
  const { clusterId, vmid } = parseGuestTarget(target)
  return withCluster(ctx, clusterId, async ({ access }) => {
    const snapshots = await listGuestSnapshots(access, vmid, ctx.signal)
    if (json) ctx.out(JSON.stringify(snapshots, null, 2))
    else for (const line of snapshotTree(snapshots)) ctx.out(line)
    return EXIT.ok
  })
}
