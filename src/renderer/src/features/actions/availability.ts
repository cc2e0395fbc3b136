import type { ClusterStatus, FleetGuest } from '../../../../shared/model/fleet'
import type { GuestActionKind } from '../../../../shared/model/guest-action'
import { ACTION_PRIVILEGES } from '../../../../shared/model/guest-action'
import type { ClusterEntry } from '../../stores/fleet-store'
import { capabilityAny } from '../../stores/capabilities'

/** What the UI offers: every GuestAction kind, and hibernate (a suspend with `todisk`) as its own button. */
export type AvailabilityKind = GuestActionKind | 'hibernate'

export interface ActionAvailability {
  enabled: boolean
  /** Why not, as an i18n key with its values (a tooltip, a skipped row). */
  reason?: { key: string; values: Record<string, string> }
}

type Entry = Pick<ClusterEntry, 'summary' | 'permissions' | 'capture'> & {
  status?: Pick<ClusterStatus, 'state'>
}

const QEMU_ONLY: ReadonlySet<AvailabilityKind> = new Set(['reset', 'suspend', 'hibernate', 'resume'])
/** A template never runs and holds no guest snapshot (qemu-server and pve-container refuse both). */
const TEMPLATE_OK: ReadonlySet<AvailabilityKind> = new Set(['migrate', 'backup'])

const off = (key: string, values: Record<string, string> = {}): ActionAvailability => ({
  enabled: false,
  reason: { key, values },
})

/** Paused in QEMU (PVE still reports `running`): `suspended` is what `qm suspend` leaves. */
export function isPaused(guest: FleetGuest): boolean {
  return guest.status === 'running' && (guest.qmpstatus === 'paused' || guest.qmpstatus === 'suspended')
}

/**
 * May this action be offered for this guest now, and if not, why? The order is the one main refuses in
 * (read-only, then the privilege PVE checks), then what PVE itself would refuse: a template, a lock (PVE's
 * `check_lock`), the guest's power state. A hibernated VM (lock `suspended`) may only be started: `qm start`
 * resumes it (qemu-server `vm_start` skips the lock check for `suspended`).
 */
export function actionAvailability(
  entry: Entry | undefined,
  guest: FleetGuest,
  kind: AvailabilityKind,
): ActionAvailability {
  const privileges = ACTION_PRIVILEGES[kind === 'hibernate' ? 'suspend' : kind]
  const context = guest.pool === undefined ? {} : { pool: guest.pool }
  const cap = capabilityAny(entry, `/vms/${guest.vmid}`, privileges, true, context)
  if (!cap.allowed) return { enabled: false, ...(cap.reason ? { reason: cap.reason } : {}) }
  if (entry?.status !== undefined && entry.status.state !== 'online' && entry.status.state !== 'connecting')
    return off('actions.why.clusterDown', { cluster: entry.summary.name })
  if (QEMU_ONLY.has(kind) && guest.type !== 'qemu') return off('actions.why.qemuOnly')
  if (guest.template && !TEMPLATE_OK.has(kind)) return off('actions.why.template')
  if (guest.lock !== undefined) {
    const hibernated = guest.lock === 'suspended' && kind === 'start'
    if (!hibernated) return off('actions.why.locked', { lock: guest.lock })
  }
  return byState(guest, kind)
}

function byState(guest: FleetGuest, kind: AvailabilityKind): ActionAvailability {
  const running = guest.status === 'running'
  const paused = isPaused(guest)
  if (guest.status === 'unknown' && kind !== 'backup') return off('actions.why.unknownState')
  switch (kind) {
    case 'start':
      return running ? off('actions.why.running') : { enabled: true }
    case 'shutdown':
    case 'stop':
      return running ? { enabled: true } : off('actions.why.notRunning')
    case 'reboot':
    case 'reset':
    case 'suspend':
    case 'hibernate':
      if (!running) return off('actions.why.notRunning')
      return paused && kind !== 'hibernate' ? off('actions.why.paused') : { enabled: true }
    case 'resume':
      return paused ? { enabled: true } : off('actions.why.notPaused')
    default:
      // migrate (online or offline), backup (any mode), guest snapshots: any power state.
      return { enabled: true }
  }
}
