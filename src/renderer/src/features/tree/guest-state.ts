import type { FleetGuest } from '../../../../shared/model/fleet'
import type { GuestVisualState } from '../../components/StatusIcon'

/** The one state to show for a guest: a template is a template, a lock matters more than power state. */
export function guestVisualState(guest: FleetGuest): GuestVisualState {
  if (guest.template) return 'template'
  if (guest.lock !== undefined) return 'locked'
  if (guest.status === 'running' && (guest.qmpstatus === 'paused' || guest.qmpstatus === 'suspended'))
    return 'paused'
  return guest.status
}

/** A guest's work in progress as a running task of the fleet says it (see {@link guestActivities}). */
export type GuestActivity = 'migrating' | 'backup'

/**
 * The tree's state of a guest: as {@link guestVisualState}, but a guest being migrated or backed up says so
 * (PVE locks it `migrate` / `backup` while the task runs; a running `qmigrate`/`vzmigrate` or `vzdump` task of
 * the guest says it too, before the lock shows in `/cluster/resources` and for an online migration, which
 * qemu-server's `migrate` locks only on the source's config).
 */
export function treeGuestState(guest: FleetGuest, activity?: GuestActivity): GuestVisualState {
  if (guest.template) return 'template'
  if (guest.lock === 'migrate' || activity === 'migrating') return 'migrating'
  if (guest.lock === 'backup' || activity === 'backup') return 'backup'
  return guestVisualState(guest)
}

/** The running tasks' work on guests, by `<clusterId>/<vmid>`: migrations win over backups. */
export function guestActivities(
  tasks: Iterable<{ clusterId: string; type: string; state: string; vmid?: number | undefined }>,
): ReadonlyMap<string, GuestActivity> {
  const out = new Map<string, GuestActivity>()
  for (const task of tasks) {
    if (task.state !== 'running' || task.vmid === undefined) continue
    const key = `${task.clusterId}/${task.vmid}`
    if (task.type === 'qmigrate' || task.type === 'vzmigrate') out.set(key, 'migrating')
    else if (task.type === 'vzdump' && !out.has(key)) out.set(key, 'backup')
  }
  return out
}

/** How an HA state reads at a glance: fine, busy (moving, waiting), or wrong. */
export function haTone(hastate: string): 'green' | 'orange' | 'red' | 'gray' {
  // pve-ha-manager's service states (PVE::HA::Manager): started, request_stop, stopped, freeze, fence,
  // recovery, migrate, relocate, error, disabled, ignored, queued, request_start…
  if (hastate === 'started') return 'green'
  if (hastate === 'error' || hastate === 'fence' || hastate === 'recovery') return 'red'
  if (hastate === 'stopped' || hastate === 'disabled' || hastate === 'ignored') return 'gray'
  return 'orange'
}
