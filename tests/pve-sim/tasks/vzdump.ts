// A vzdump run (pve-manager PVE/VZDump.pm `exec_backup`): one task for the guests of one node, backed up one after
// the other. Everything goes wrong inside the task, never in the API call: a storage without `backup` content
// (`storage_info`: the worker dies at once), a guest the caller may not back up (`$rpcenv->check` dies unless
// `all`), a guest that no longer exists (`unable to find VM`), a guest locked by something else. A failed guest
// logs `ERROR: Backup of VM 105 failed - …` and the task ends `job errors`. Warnings (`WARN: …`, counted by
// RESTEnvironment.pm) end it `WARNINGS: n`: a QEMU backup job left over by a stopped run is cancelled by the next
// (VZDump/QemuServer.pm). Stopping the task (`interrupted by signal`, API2/VZDump.pm's handler) releases the lock
// of the guest being saved. Every archive that succeeds appears on the target storage.

import type { ClusterState, GuestState, StorageState } from '../model'
import { fileBackup, pbsBackup } from '../scenario-history'
import type { TaskOutcome, TaskPlan, TaskStep } from './engine'

export interface VzdumpRequest {
  cluster: ClusterState
  node: string
  user: string
  /** The guests selected on this node, and the vmids that exist nowhere (they fail visibly). */
  guests: readonly GuestState[]
  orphans: readonly number[]
  /** Guests the caller lacks VM.Backup on (without `all`, the worker dies on the first). */
  forbidden: readonly number[]
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
const dateTime = (atMs: number): string => new Date(atMs).toISOString().slice(0, 19).replace('T', ' ')

/** Simulated seconds one guest takes: a few seconds plus a little per GiB of disk. */
const secondsFor = (guest: GuestState): number => 6 + Math.round(guest.maxdisk / GiB / 50)

const notesOf = (template: string | undefined, guest: GuestState, node: string): string | undefined =>
  template
    ?.replaceAll('{{guestname}}', guest.name)
    .replaceAll('{{vmid}}', String(guest.vmid))
    .replaceAll('{{node}}', node)
    .replaceAll('{{cluster}}', '')

/** Guests whose QEMU still runs a backup job of a stopped vzdump (PVE's QEMU keeps it until cancelled). */
const leftOver = new WeakSet<GuestState>()

interface Run {
  failed: number
  warnings: number
  /** The guest being saved now, and its lock. */
  current?: GuestState
}

function guestSteps(req: VzdumpRequest, guest: GuestState, run: Run, offset: number): TaskStep[] {
  const { cluster, node, storage } = req
  const what = `${guest.type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid}`
  const seconds = secondsFor(guest)
  const begin: TaskStep = {
    afterMs: offset,
    run: (atMs) => {
      const start = `INFO: Starting Backup of VM ${guest.vmid} (${guest.type})`
      if (guest.lock !== undefined) {
        run.failed++
        return [
          start,
          `ERROR: Backup of VM ${guest.vmid} failed - ${guest.type === 'qemu' ? 'VM' : 'CT'} is locked (${guest.lock})`,
          `INFO: Failed at ${dateTime(atMs)}`,
        ]
      }
      guest.lock = 'backup'
      run.current = guest
      const warn = guest.type === 'qemu' && leftOver.has(guest)
      leftOver.delete(guest)
      if (warn) run.warnings++
      return [
        start,
        `INFO: Backup started at ${dateTime(atMs)}`,
        `INFO: status = ${guest.status}`,
        `INFO: backup mode: ${req.mode}`,
        ...(warn ? ['WARN: left-over backup job still running inside QEMU - canceling now'] : []),
        `INFO: creating ${storage.plugintype === 'pbs' ? 'Proxmox Backup Server' : 'vzdump'} archive for ${what}`,
      ]
    },
  }
  const end: TaskStep = {
    afterMs: offset + seconds * 1000,
    run: (atMs) => {
      if (run.current !== guest) return undefined
      delete run.current
      if (guest.lock === 'backup') delete guest.lock
      const startedAt = atMs - seconds * 1000
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
  }
  return [begin, end]
}

export function vzdumpPlan(req: VzdumpRequest): TaskPlan {
  const { node, storage, guests } = req
  const plan = { node, type: 'vzdump', user: req.user }
  const vmids = [...guests.map((g) => g.vmid), ...req.orphans].sort((a, b) => a - b)
  const id = vmids.length === 1 ? String(vmids[0]) : ''
  // VZDump->new reads the storage before anything is logged.
  if (!storage.content.split(',').includes('backup')) {
    return {
      ...plan,
      id,
      durationMs: 300,
      finish: () => ({
        error: `can't use storage '${storage.storage}' for backups - wrong content type`,
      }),
    }
  }
  const command = `vzdump ${vmids.join(' ')} --storage ${storage.storage} --mode ${req.mode} --compress ${req.compress} --node ${node}`
  const first = [`INFO: starting new backup job: ${command}`]
  const denied = req.forbidden[0]
  if (denied !== undefined) {
    return {
      ...plan,
      id,
      durationMs: 500,
      progress: first,
      finish: () => ({ error: `Permission check failed (/vms/${denied}, VM.Backup)` }),
    }
  }
  const run: Run = { failed: 0, warnings: 0 }
  const steps: TaskStep[] = []
  let offset = 1000
  for (const vmid of vmids) {
    const guest = guests.find((g) => g.vmid === vmid)
    if (guest === undefined) {
      steps.push({
        afterMs: offset,
        run: (atMs) => {
          run.failed++
          return [
            `ERROR: Backup of VM ${vmid} failed - unable to find VM '${vmid}'`,
            `INFO: Failed at ${dateTime(atMs)}`,
          ]
        },
      })
      offset += 500
      continue
    }
    steps.push(...guestSteps(req, guest, run, offset))
    offset += secondsFor(guest) * 1000 + 500
  }
  return {
    ...plan,
    id,
    durationMs: offset + 500,
    progress: first,
    steps,
    abort: (atMs): TaskOutcome => {
      const current = run.current
      if (current === undefined) {
        return { lines: ['ERROR: Backup job failed - interrupted by signal'], error: 'interrupted by signal' }
      }
      if (current.lock === 'backup') delete current.lock
      // QEMU goes on with its backup job until the next run cancels it.
      if (current.type === 'qemu' && current.status === 'running') leftOver.add(current)
      return {
        lines: [
          `ERROR: Backup of VM ${current.vmid} failed - interrupted by signal`,
          `INFO: Failed at ${dateTime(atMs)}`,
          'ERROR: Backup job failed - interrupted by signal',
        ],
        error: 'interrupted by signal',
      }
    },
    finish: () =>
      run.failed > 0
        ? { lines: ['INFO: Backup job finished with errors'], error: 'job errors' }
        : { lines: ['INFO: Backup job finished successfully'], warnings: run.warnings },
  }
}
