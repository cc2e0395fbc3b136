// A vzdump run (pve-manager PVE/VZDump.pm): one task for the guests of one node, backed up one after the other.
// Each guest holds the `backup` lock while its archive is written; a guest locked by something else fails with
// `ERROR: Backup of VM 105 failed - VM is locked (…)` and the task ends `job errors`. Every archive that
// succeeds appears on the target storage.

import type { GuestState, StorageState } from '../model'
import type { ClusterState } from '../model'
import { fileBackup, pbsBackup } from '../scenario-history'
import type { TaskPlan, TaskStep } from './engine'

export interface VzdumpRequest {
  cluster: ClusterState
  node: string
  user: string
  guests: readonly GuestState[]
  storage: StorageState
  mode: string
  compress: string
  /** `{{guestname}}`, `{{vmid}}`… expanded into the archive's notes. */
  notesTemplate?: string
  protected: boolean
}

const GiB = 1024 ** 3
const clock = (seconds: number): string =>
  [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':')

/** Simulated seconds one guest takes: a few seconds plus a little per GiB of disk. */
const secondsFor = (guest: GuestState): number => 6 + Math.round(guest.maxdisk / GiB / 50)

const notesOf = (template: string | undefined, guest: GuestState, node: string): string | undefined =>
  template
    ?.replaceAll('{{guestname}}', guest.name)
    .replaceAll('{{vmid}}', String(guest.vmid))
    .replaceAll('{{node}}', node)
    .replaceAll('{{cluster}}', '')

export function vzdumpPlan(req: VzdumpRequest): TaskPlan {
  const { cluster, node, storage, guests } = req
  const failed: number[] = []
  const steps: TaskStep[] = []
  const command = `vzdump ${guests.map((g) => g.vmid).join(' ')} --storage ${storage.storage} --mode ${req.mode} --compress ${req.compress} --node ${node}`
  let offset = 1000
  for (const guest of guests) {
    const what = `${guest.type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid}`
    const seconds = secondsFor(guest)
    let held = false
    steps.push({
      afterMs: offset,
      run: (atMs) => {
        if (guest.lock !== undefined) {
          failed.push(guest.vmid)
          return [
            `INFO: Starting Backup of VM ${guest.vmid} (${guest.type})`,
            `ERROR: Backup of VM ${guest.vmid} failed - VM is locked (${guest.lock})`,
          ]
        }
        held = true
        guest.lock = 'backup'
        return [
          `INFO: Starting Backup of VM ${guest.vmid} (${guest.type})`,
          `INFO: Backup started at ${new Date(atMs).toISOString().slice(0, 19).replace('T', ' ')}`,
          `INFO: status = ${guest.status}`,
          `INFO: backup mode: ${req.mode}`,
          `INFO: creating ${storage.plugintype === 'pbs' ? 'Proxmox Backup Server' : 'vzdump'} archive for ${what}`,
        ]
      },
    })
    const startOffset = offset
    offset += seconds * 1000
    steps.push({
      afterMs: offset,
      run: (atMs) => {
        if (!held) return undefined
        if (guest.lock === 'backup') delete guest.lock
        const startedAt = atMs - (offset - startOffset)
        const volume =
          storage.plugintype === 'pbs'
            ? pbsBackup(guest, storage.storage, node, startedAt)
            : fileBackup(guest, storage.storage, node, startedAt)
        const notes = notesOf(req.notesTemplate, guest, node)
        if (notes === undefined) delete volume.notes
        else volume.notes = notes
        if (req.protected) volume.protected = true
        cluster.backups.push(volume)
        return [
          `INFO: archive file size: ${(volume.size / GiB).toFixed(2)}GB`,
          `INFO: Finished Backup of VM ${guest.vmid} (${clock(seconds)})`,
        ]
      },
    })
    offset += 500
  }
  return {
    node,
    type: 'vzdump',
    id: guests.length === 1 ? String(guests[0]?.vmid) : '',
    user: req.user,
    durationMs: offset + 500,
    progress: [`INFO: starting new backup job: ${command}`],
    steps,
    finish: () =>
      failed.length > 0
        ? { lines: ['INFO: Backup job finished with errors'], error: 'job errors' }
        : { lines: ['INFO: Backup job finished successfully'] },
  }
}
