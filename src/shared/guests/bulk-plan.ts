import type { BulkAction, BulkPlanEntry, SkipReason } from '../model/bulk'
import type { FleetGuest } from '../model/fleet'
import type { GuestActionKind } from '../model/guest-action'
import { ACTION_PRIVILEGES } from '../model/guest-action'
import type { PermissionMap } from '../model/permissions'
import { can } from '../model/permissions'
import { searchStatus } from '../search/match'

/** What the planner knows of a guest's cluster. */
export interface PlanCluster {
  clusterId: string
  readOnly: boolean
  /** Online and answering (not stale, not unreachable). */
  reachable: boolean
  /** The user's effective privileges; undefined while not yet known (every guest is then skipped `forbidden`). */
  permissions: PermissionMap | undefined
  /** Site label of a node. */
  siteOf: (node: string) => string
  /** Nodes that are online. */
  onlineNodes: ReadonlySet<string>
}

/** The single-guest action a bulk action is, for each guest. */
const GUEST_KIND: Record<BulkAction['kind'], GuestActionKind> = {
  start: 'start',
  shutdown: 'shutdown',
  stop: 'stop',
  reboot: 'reboot',
  suspend: 'suspend',
  resume: 'resume',
  migrate: 'migrate',
  backup: 'backup',
  snapshot: 'snapshotCreate',
}

type Skip = { skip: SkipReason; detail?: string }
const skipped = (skip: SkipReason, detail?: string): Skip => ({
  skip,
  ...(detail === undefined ? {} : { detail }),
})

const POWER: ReadonlySet<BulkAction['kind']> = new Set([
  'start',
  'shutdown',
  'stop',
  'reboot',
  'suspend',
  'resume',
])

/**
 * HA service states in which the HA manager does nothing with a request: `error` waits to be disabled
 * (pve-ha-manager src/PVE/HA/Manager.pm `next_state_error` only acts on `disabled`), `fence` waits for the node
 * to be fenced, `recovery` and `freeze` (a node in maintenance or rebooting) follow their own course
 * (`manage`, the `$last_state` dispatch). A start, shutdown, stop or migration of such a guest is filed as an
 * HA request (qemu-server src/PVE/API2/Qemu.pm `vm_start` … `hastart`) and then never happens.
 */
const HA_STUCK: ReadonlySet<string> = new Set(['error', 'fence', 'recovery', 'freeze'])
const HA_ROUTED: ReadonlySet<BulkAction['kind']> = new Set(['start', 'shutdown', 'stop', 'migrate'])

/**
 * The locks an action goes through (any other lock refuses it, `check_lock`): qemu-server
 * src/PVE/QemuServer.pm `vm_start` (a `suspended` VM resumes from its saved state),
 * src/PVE/QemuServer/RunState.pm `vm_suspend` and `vm_resume` (both go on during a `backup`), src/PVE/API2/Qemu.pm
 * `vm_resume` (a `suspended` VM is started); pve-container src/PVE/API2/LXC/Status.pm `vm_start`, `vm_stop`
 * (`mounted`).
 */
function lockAllows(kind: BulkAction['kind'], type: FleetGuest['type'], lock: string): boolean {
  if (type === 'qemu') {
    if (kind === 'start') return lock === 'suspended'
    if (kind === 'resume') return lock === 'suspended' || lock === 'backup'
    if (kind === 'suspend') return lock === 'backup'
    return false
  }
  return (kind === 'start' || kind === 'stop') && lock === 'mounted'
}

/** Why the guest's power state makes the action pointless or refused by PVE; undefined when it applies. */
function powerState(action: BulkAction, g: FleetGuest): Skip | undefined {
  const status = searchStatus(g)
  const running = status === 'running' || status === 'paused'
  switch (action.kind) {
    case 'start':
      // `vm_start` dies "VM already running" for a paused VM too: resume is what it needs.
      return running ? skipped('already', status === 'paused' ? 'paused' : undefined) : undefined
    case 'stop':
      return running ? undefined : skipped('already')
    case 'shutdown':
      if (!running) return skipped('already')
      // src/PVE/API2/Qemu.pm `vm_shutdown`: "VM is paused - cannot shutdown" unless forceStop.
      return status === 'paused' && action.forceStop !== true ? skipped('not_running', 'paused') : undefined
    case 'reboot':
      // `vm_reboot` refuses a paused VM ("VM is paused - cannot shutdown") and a stopped one.
      if (!running) return skipped('not_running')
      return status === 'paused' ? skipped('not_running', 'paused') : undefined
    case 'suspend':
      if (status === 'paused' || status === 'suspended') return skipped('already')
      return running ? undefined : skipped('not_running')
    case 'resume':
      // A VM hibernated to disk (`suspended` lock) is resumed by starting it (`vm_resume`).
      if (status === 'paused' || status === 'suspended') return undefined
      return running ? skipped('already') : skipped('not_running')
    default:
      return undefined
  }
}

/** The target node or storage this action names for the guest's cluster, when it names one. */
function targetOf(action: BulkAction, clusterId: string): string | undefined {
  const map =
    action.kind === 'migrate' ? action.targets : action.kind === 'backup' ? action.storages : undefined
  return map !== undefined && Object.hasOwn(map, clusterId) ? map[clusterId] : undefined
}

/**
 * Why one guest is left out, the first reason in this order (what the operator can least change first):
 * 1. `unreachable`: its cluster is unknown to PVE Desk or not answering;
 * 2. `read_only`: the cluster is read-only in PVE Desk;
 * 3. `node_offline` (detail: the node): its node is not online; 4. `unknown_state`: PVE does not know its state;
 * 5. `no_target`: a migration or backup without a target node / storage for its cluster;
 * 6. `unsupported` (detail: why): suspend and resume of a container (pve-container src/PVE/API2/LXC/Status.pm:
 *    "Suspend the container. This is experimental."; PVE's own UI offers neither);
 * 7. `template`: a power action or a guest snapshot of a template (`vm_start` "you can't start a vm if it's a
 *    template", pve-guest-common src/PVE/AbstractConfig.pm `__snapshot_prepare`). A template is backed up
 *    (qemu-server starts it just for the backup, src/PVE/QemuServer.pm `config_to_command`) and migrated (PVE has
 *    no template check in `migrate_vm`): those run;
 * 8. `forbidden` (detail: the privilege): ACTION_PRIVILEGES on `/vms/<vmid>` (with its pool), and for a backup
 *    `Datastore.AllocateSpace` on `/storage/<storage>` (vzdump's permission description);
 * 9. `on_target`: a migration to the node it is on; then `node_offline` (detail: the target) when the target is
 *    not online; `unsupported` (detail `online`) for a running guest whose migration does not ask to be online
 *    (`migrate_vm`: "can't migrate running VM without --online");
 * 10. `already` / `not_running` (detail `paused` where PVE refuses a paused VM): see {@link powerState};
 * 11. `locked` (detail: the lock), but for the locks PVE lets the action through ({@link lockAllows});
 * 12. `ha_managed` (detail: the HA state): a start, shutdown, stop or migration of a guest whose HA service is in
 *     a state where HA ignores requests ({@link HA_STUCK}). Other HA-managed guests run: PVE files the request.
 */
function skipOf(action: BulkAction, g: FleetGuest, cluster: PlanCluster | undefined): Skip | undefined {
  if (cluster === undefined || !cluster.reachable) return skipped('unreachable')
  if (cluster.readOnly) return skipped('read_only')
  if (!cluster.onlineNodes.has(g.node)) return skipped('node_offline', g.node)
  if (g.status === 'unknown') return skipped('unknown_state')
  const target = targetOf(action, g.clusterId)
  if ((action.kind === 'migrate' || action.kind === 'backup') && target === undefined)
    return skipped('no_target')
  if (g.type === 'lxc' && (action.kind === 'suspend' || action.kind === 'resume'))
    return skipped('unsupported', 'container')
  if (g.template && (POWER.has(action.kind) || action.kind === 'snapshot')) return skipped('template')
  const context = g.pool === undefined ? {} : { pool: g.pool }
  const privileges = ACTION_PRIVILEGES[GUEST_KIND[action.kind]]
  if (!privileges.some((p) => can(cluster.permissions, `/vms/${g.vmid}`, p, context)))
    return skipped('forbidden', privileges.join(' or '))
  if (
    action.kind === 'backup' &&
    !can(cluster.permissions, `/storage/${target ?? ''}`, 'Datastore.AllocateSpace')
  )
    return skipped('forbidden', 'Datastore.AllocateSpace')
  if (action.kind === 'migrate' && target !== undefined) {
    if (target === g.node) return skipped('on_target')
    if (!cluster.onlineNodes.has(target)) return skipped('node_offline', target)
    if (g.status === 'running' && action.online !== true) return skipped('unsupported', 'online')
  }
  const state = powerState(action, g)
  if (state !== undefined) return state
  if (g.lock !== undefined && !lockAllows(action.kind, g.type, g.lock)) return skipped('locked', g.lock)
  if (HA_ROUTED.has(action.kind) && g.hastate !== undefined && HA_STUCK.has(g.hastate))
    return skipped('ha_managed', g.hastate)
  return undefined
}

/**
 * Who runs and who is skipped, and why, for one bulk action over these guests (pure: the UI's preview, main's
 * run and the CLI's `bulk --dry-run` use this one function). One entry per guest, in the order given; a guest
 * given twice (same fleet key) is planned once.
 */
export function planBulk(
  action: BulkAction,
  guests: readonly FleetGuest[],
  clusters: ReadonlyMap<string, PlanCluster>,
): BulkPlanEntry[] {
  const seen = new Set<string>()
  const entries: BulkPlanEntry[] = []
  for (const g of guests) {
    if (seen.has(g.key)) continue
    seen.add(g.key)
    const cluster = clusters.get(g.clusterId)
    const why = skipOf(action, g, cluster)
    const target = targetOf(action, g.clusterId)
    entries.push({
      key: g.key,
      clusterId: g.clusterId,
      vmid: g.vmid,
      name: g.name,
      type: g.type,
      node: g.node,
      site: cluster?.siteOf(g.node) ?? '',
      run: why === undefined,
      ...(why ?? {}),
      ...(target === undefined ? {} : { target }),
    })
  }
  return entries
}
