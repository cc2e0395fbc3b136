/**
 * What Proxmox VE's worker types are about, from pve-manager's own list (www/manager6/Utils.js, the
 * `override_task_descriptions` table of `PVE.Utils`): which kind of work, and whether the UPID's id is a vmid.
 * Shared by main (a task's vmid, the HA follow-through) and the renderer (`tasks.type.<type>` words, a fallback
 * for types not listed here).
 */
export type TaskKind = 'power' | 'migrate' | 'backup' | 'snapshot' | 'ha' | 'console' | 'storage' | 'other'

export interface TaskTypeInfo {
  kind: TaskKind
  /** The UPID's id names a guest (a vmid). */
  guestId: boolean
  /**
   * An HA request (`hastart`…): PVE only files it with the HA manager, whose agent then runs one of these real
   * worker types for the same vmid as root@pam.
   */
  haRequest?: { real: readonly string[] }
}

const power = { kind: 'power', guestId: true } as const
const guest = (kind: TaskKind): TaskTypeInfo => ({ kind, guestId: true })

/**
 * HA requests and what the agent runs for each. qemu-server API2/Qemu.pm `vm_start` forks `hastart`
 * (`ha-manager set vm:<vmid> --state started`), `vm_stop` and `vm_shutdown` both fork `hastop`
 * (`ha-manager crm-command stop vm:<vmid> <timeout>`: the LRM shuts down with a timeout, stops without),
 * `migrate_vm` forks `hamigrate`; pve-container's LXC/Status.pm and LXC.pm do the same for `ct:<vmid>`.
 */
const HA_REQUESTS: Record<string, readonly string[]> = {
  hastart: ['qmstart', 'vzstart'],
  hastop: ['qmshutdown', 'qmstop', 'vzshutdown', 'vzstop'],
  hashutdown: ['qmshutdown', 'vzshutdown'],
  hamigrate: ['qmigrate', 'vzmigrate'],
}

const TYPES: Record<string, TaskTypeInfo> = {
  qmstart: power,
  qmstop: power,
  qmshutdown: power,
  qmreboot: power,
  qmreset: power,
  qmsuspend: power,
  qmpause: power,
  qmresume: power,
  vzstart: power,
  vzstop: power,
  vzshutdown: power,
  vzreboot: power,
  vzsuspend: power,
  vzresume: power,
  qmigrate: guest('migrate'),
  vzmigrate: guest('migrate'),
  vzdump: guest('backup'),
  qmrestore: guest('backup'),
  vzrestore: guest('backup'),
  qmsnapshot: guest('snapshot'),
  qmdelsnapshot: guest('snapshot'),
  qmrollback: guest('snapshot'),
  vzsnapshot: guest('snapshot'),
  vzdelsnapshot: guest('snapshot'),
  vzrollback: guest('snapshot'),
  vncproxy: guest('console'),
  spiceproxy: guest('console'),
  vncshell: { kind: 'console', guestId: false },
  spiceshell: { kind: 'console', guestId: false },
  termproxy: { kind: 'console', guestId: false },
  qmclone: guest('other'),
  qmconfig: guest('other'),
  qmcreate: guest('other'),
  qmdestroy: guest('other'),
  qmtemplate: guest('other'),
  vzclone: guest('other'),
  vzcreate: guest('other'),
  vzdestroy: guest('other'),
  vztemplate: guest('other'),
  vzmount: guest('other'),
  vzumount: guest('other'),
  pull_file: guest('other'),
  push_file: guest('other'),
  qmmove: guest('storage'),
  move_volume: guest('storage'),
  resize: guest('storage'),
  imgcopy: { kind: 'storage', guestId: false },
  imgdel: { kind: 'storage', guestId: false },
  unknownimgdel: { kind: 'storage', guestId: false },
  download: { kind: 'storage', guestId: false },
  dircreate: { kind: 'storage', guestId: false },
  dirremove: { kind: 'storage', guestId: false },
  lvmcreate: { kind: 'storage', guestId: false },
  lvmremove: { kind: 'storage', guestId: false },
  lvmthincreate: { kind: 'storage', guestId: false },
  lvmthinremove: { kind: 'storage', guestId: false },
  zfscreate: { kind: 'storage', guestId: false },
  zfsremove: { kind: 'storage', guestId: false },
  wipedisk: { kind: 'storage', guestId: false },
  startall: { kind: 'power', guestId: false },
  stopall: { kind: 'power', guestId: false },
  suspendall: { kind: 'power', guestId: false },
  'bulk-start': { kind: 'power', guestId: false },
  'bulk-shutdown': { kind: 'power', guestId: false },
  'bulk-suspend': { kind: 'power', guestId: false },
  migrateall: { kind: 'migrate', guestId: false },
  'bulk-migrate': { kind: 'migrate', guestId: false },
}

const OTHER: TaskTypeInfo = { kind: 'other', guestId: false }

/** What a worker type is about; a type PVE Desk does not know is `other`, its id not taken for a vmid. */
export function describeTaskType(type: string): TaskTypeInfo {
  const real = Object.hasOwn(HA_REQUESTS, type) ? HA_REQUESTS[type] : undefined
  if (real !== undefined) return { kind: 'ha', guestId: true, haRequest: { real } }
  return (Object.hasOwn(TYPES, type) ? TYPES[type] : undefined) ?? OTHER
}

/** The worker types listed here (the renderer's i18n test checks each has words). */
export const KNOWN_TASK_TYPES: readonly string[] = [...Object.keys(HA_REQUESTS), ...Object.keys(TYPES)]

/** A UPID's id as a vmid, when its type says it is one (PVE's vmids: 100 to 999999999). */
export function taskVmid(type: string, id: string): number | undefined {
  if (!describeTaskType(type).guestId || !/^[1-9][0-9]{2,8}$/.test(id)) return undefined
  return Number(id)
}
