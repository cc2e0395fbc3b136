// Disaster-recovery steering for tests and demos (control API `/replication/…`, `/backups/…`,
// `/clusters/{id}/quorum`): a replication job that starts failing and recovers, a guest whose backups grow old
// or whose last backup failed, and a cluster that loses its quorum. Each change leaves the state as PVE would
// show it afterwards (ReplicationState.pm, VZDump.pm `exec_backup`, corosync's quorate flag).

import type { BackupVolume, ClusterState, GuestState, ReplicationJob } from './model'
import { findGuest, SimError } from './model'
import { fileBackup, pbsBackup } from './scenario-history'
import { pastTask } from './tasks/engine'
import { covers, lastGoodRun, replicationId } from './views/cluster-jobs'
import { storageRefusal } from './views/replication-volumes'

/** What a job's runs fail with when the control call names no error (a full pool on the target). */
export const DEFAULT_REPLICATION_ERROR = (job: ReplicationJob): string =>
  `command 'zfs recv -F -- rpool/data/vm-${job.guest}-disk-0' failed: exit code 1`

function jobOf(cluster: ClusterState, id: string): ReplicationJob {
  const job = cluster.replication.find((j) => replicationId(j) === id)
  if (job === undefined) throw new SimError('not_found', `no replication job ${id} in cluster ${cluster.id}`)
  return job
}

/**
 * The job's run fails now, and every retry after it (fail_count grows, retries back off as job_status
 * computes them), keeping its last good sync (none for a job that was failing already). Breaking a broken job
 * only changes its error. A job whose storage cannot replicate (views/replication-volumes.ts) shows that error
 * whatever is broken here: its runs die on it first.
 */
export function breakReplication(
  cluster: ClusterState,
  id: string,
  error: string | undefined,
  now: number,
): void {
  const job = jobOf(cluster, id)
  const synced = job.failure === undefined && storageRefusal(cluster, job) === undefined
  job.failure = error ?? DEFAULT_REPLICATION_ERROR(job)
  job.broken ??= { at: Math.floor(now / 1000), lastSync: synced ? lastGoodRun(job, now) : 0 }
}

/**
 * The injected cause is gone and the job runs again at once (as `schedule_now` after the repair): a good sync
 * now, unless its storage cannot replicate — that is no fault to heal (the disk has to move to ZFS), so such a
 * job keeps failing with PVE's error.
 */
export function healReplication(cluster: ClusterState, id: string, now: number): void {
  const job = jobOf(cluster, id)
  delete job.failure
  delete job.broken
  job.forcedAt = Math.floor(now / 1000)
}

function guestOf(cluster: ClusterState, vmid: number): GuestState {
  const guest = findGuest(cluster, vmid)
  if (guest === undefined) throw new SimError('not_found', `no guest ${vmid} in cluster ${cluster.id}`)
  return guest
}

/** An archive as it would be named had it been written `atS` (vzdump's file stamp, PBS's snapshot time). */
function restamped(volume: BackupVolume, guest: GuestState, atS: number): BackupVolume {
  const make = volume.format.startsWith('pbs-') ? pbsBackup : fileBackup
  const again = make(guest, volume.storage, volume.node, atS * 1000)
  return { ...volume, volid: again.volid, ctime: atS }
}

/** Every archive of the guest is `hours` older (its `ctime` and the stamp in its volid), on every storage. */
export function staleBackups(cluster: ClusterState, vmid: number, hours: number): number {
  const guest = guestOf(cluster, vmid)
  let moved = 0
  cluster.backups = cluster.backups.map((volume) => {
    if (volume.vmid !== vmid) return volume
    moved++
    return restamped(volume, guest, volume.ctime - Math.round(hours * 3600))
  })
  return moved
}

/** The storage a guest's backups go to: its first enabled job's, else `local`. */
function backupStorage(cluster: ClusterState, guest: GuestState): string {
  return cluster.backupJobs.find((j) => j.enabled && covers(j, guest))?.storage ?? 'local'
}

const DURATION_MS = 60_000
const dateTime = (atMs: number): string => new Date(atMs).toISOString().slice(0, 19).replace('T', ' ')

/** The default error of a failed backup: what a full target or an unreachable PBS leaves. */
function defaultBackupError(cluster: ClusterState, storage: string): string {
  const pbs = cluster.storages.some((s) => s.storage === storage && s.plugintype === 'pbs')
  return pbs
    ? `backup connect failed: command error: http request timed out`
    : `vma_queue_write: write error - No space left on device`
}

/**
 * A vzdump of the guest alone (task id = the vmid, as API2/VZDump.pm names a one-guest run) just ended with
 * `job errors`: no archive was written, the guest's lock was released.
 */
export function failBackup(
  cluster: ClusterState,
  vmid: number,
  error: string | undefined,
  now: number,
): string {
  const guest = guestOf(cluster, vmid)
  const storage = backupStorage(cluster, guest)
  const start = now - DURATION_MS
  const plan = {
    node: guest.node,
    type: 'vzdump',
    id: String(vmid),
    user: 'root@pam',
    durationMs: DURATION_MS,
    progress: [
      `INFO: starting new backup job: vzdump ${vmid} --storage ${storage} --mode snapshot --compress zstd --node ${guest.node}`,
      `INFO: Starting Backup of VM ${vmid} (${guest.type})`,
      `INFO: Backup started at ${dateTime(start)}`,
      `ERROR: Backup of VM ${vmid} failed - ${error ?? defaultBackupError(cluster, storage)}`,
      `INFO: Failed at ${dateTime(now)}`,
    ],
  }
  return pastTask(cluster, plan, start, {
    lines: ['INFO: Backup job finished with errors'],
    error: 'job errors',
  }).upid
}

const hex = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0')

/** The PBS task that verified a new snapshot (proxmox-backup backup_env.rs `verify_after_complete`: `verify`). */
function verifyUpid(volume: BackupVolume, now: number): string {
  const [datastore, path] = volume.volid.split(':backup/')
  const id = `${datastore ?? ''}\\x3a${(path ?? '').replaceAll('/', '\\x2f')}`
  return `UPID:pbs-yakro:${hex(0x4f00 + (volume.vmid % 256))}:${hex(0x00a1b2c3)}:${hex(Math.floor(now / 1000))}:verify:${id}:root@pam:`
}

/**
 * A good backup of the guest alone just ended: an archive written now on its job's storage (a PBS one verified
 * `ok`, as a datastore with `verify-new` does), after the task that wrote it.
 */
export function healBackups(cluster: ClusterState, vmid: number, now: number): string {
  const guest = guestOf(cluster, vmid)
  const storage = backupStorage(cluster, guest)
  const pbs = cluster.storages.some((s) => s.storage === storage && s.plugintype === 'pbs')
  const start = now - DURATION_MS
  const plan = {
    node: guest.node,
    type: 'vzdump',
    id: String(vmid),
    user: 'root@pam',
    durationMs: DURATION_MS,
    progress: [
      `INFO: starting new backup job: vzdump ${vmid} --storage ${storage} --mode snapshot --compress zstd --node ${guest.node}`,
      `INFO: Starting Backup of VM ${vmid} (${guest.type})`,
      `INFO: Backup started at ${dateTime(start)}`,
      `INFO: Finished Backup of VM ${vmid} (00:01:00)`,
    ],
  }
  const task = pastTask(cluster, plan, start, { lines: ['INFO: Backup job finished successfully'] })
  const volume = (pbs ? pbsBackup : fileBackup)(guest, storage, guest.node, start)
  if (pbs) volume.verification = { state: 'ok', upid: verifyUpid(volume, now) }
  cluster.backups.push(volume)
  return task.upid
}

/** Corosync loses (or regains) quorum while every node still answers; a standalone node has no quorum to lose. */
export function setQuorum(cluster: ClusterState, quorate: boolean): void {
  if (!cluster.clustered)
    throw new SimError('conflict', `${cluster.id} is a standalone node: it has no corosync quorum`)
  cluster.quorumLost = !quorate
}
