// Cluster-wide jobs as a DR dashboard reads them: backup jobs (jobs.cfg, with `next-run` and `prune-backups` as
// an object), guests no job covers, replication jobs and their per-node state (pve-guest-common
// ReplicationState.pm), and HA resources and status (pve-ha-manager).

import type { BackupJob, ClusterState, GuestState, ReplicationJob } from '../model'
import { findNode, isQuorate } from '../model'
import { haCrmState, haRequestState, haVerboseState } from '../tasks/ha-agent'
import type { Json } from './guests'
import { storageRefusal } from './replication-volumes'

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/** Next run of a `[dow] HH:MM` calendar event after now (UTC), in epoch seconds. */
export function nextRun(schedule: string, now: number): number {
  const match = /^(?:(\w{3})\s+)?(\d{1,2}):(\d{2})$/.exec(schedule.trim())
  if (match === null) return Math.floor(now / 1000) + 3600
  const dow = match[1] === undefined ? undefined : DAYS.indexOf(match[1])
  const day = new Date(now)
  for (let i = 0; i < 8; i++) {
    const candidate = Date.UTC(
      day.getUTCFullYear(),
      day.getUTCMonth(),
      day.getUTCDate() + i,
      Number(match[2]),
      Number(match[3]),
    )
    const weekday = new Date(candidate).getUTCDay()
    if (candidate > now && (dow === undefined || dow === weekday)) return Math.floor(candidate / 1000)
  }
  return Math.floor(now / 1000) + 86_400
}

export function backupJobEntry(job: BackupJob, now: number): Json {
  const entry: Json = { id: job.id, type: 'vzdump', schedule: job.schedule, enabled: job.enabled ? 1 : 0 }
  if (job.enabled) entry['next-run'] = nextRun(job.schedule, now)
  Object.assign(entry, { storage: job.storage, mode: job.mode, compress: job.compress })
  if (job.all === true) entry.all = 1
  if (job.vmid !== undefined) entry.vmid = job.vmid
  if (job.pool !== undefined) entry.pool = job.pool
  if (job.exclude !== undefined) entry.exclude = job.exclude
  if (job.notesTemplate !== undefined) entry['notes-template'] = job.notesTemplate
  if (job.comment !== undefined) entry.comment = job.comment
  entry['prune-backups'] = { ...job.prune }
  entry['repeat-missed'] = 0
  return entry
}

export function covers(job: BackupJob, guest: GuestState): boolean {
  const list = (text: string | undefined): string[] => (text ?? '').split(/[,;\s]+/).filter((s) => s !== '')
  if (job.all === true) return !list(job.exclude).includes(String(guest.vmid))
  if (job.pool !== undefined) return guest.pool === job.pool
  return list(job.vmid).includes(String(guest.vmid))
}

/** GET /cluster/backup-info/not-backed-up: guests no enabled job includes. */
export function notBackedUp(cluster: ClusterState): Json[] {
  const jobs = cluster.backupJobs.filter((j) => j.enabled)
  return cluster.guests
    .filter((g) => !jobs.some((j) => covers(j, g)))
    .sort((a, b) => a.vmid - b.vmid)
    .map((g) => ({ vmid: g.vmid, type: g.type, name: g.name }))
}

/** The schedule of a job that names none (pve-guest-common ReplicationConfig.pm, ReplicationState.pm). */
export const DEFAULT_SCHEDULE = '*/15'

export const replicationId = (job: ReplicationJob): string => `${job.guest}-${job.jobnum}`

export function replicationEntry(cluster: ClusterState, job: ReplicationJob): Json {
  const guest = cluster.guests.find((g) => g.vmid === job.guest)
  const entry: Json = {
    id: replicationId(job),
    type: 'local',
    guest: job.guest,
    jobnum: job.jobnum,
    target: job.target,
  }
  // replication.cfg holds only what was set: a job on the default `*/15` has no schedule (ReplicationConfig.pm
  // gives the default in its schema only), and job_status hands the config on as it is.
  if (job.schedule !== DEFAULT_SCHEDULE) entry.schedule = job.schedule
  if (guest !== undefined) entry.source = guest.node
  if (job.comment !== undefined) entry.comment = job.comment
  if (job.rate !== undefined) entry.rate = job.rate
  if (job.disable === true) entry.disable = 1
  return entry
}

// The interval of an every-N-minutes schedule ("*/15"), in seconds.
const intervalOf = (schedule: string): number => Number(/^\*\/(\d+)$/.exec(schedule)?.[1] ?? '15') * 60

/** The start (epoch seconds) of the job's last good run at `now` while nothing stops it. */
export function lastGoodRun(job: ReplicationJob, now: number): number {
  const interval = intervalOf(job.schedule)
  const nowS = Math.floor(now / 1000)
  return Math.max(Math.floor(nowS / interval) * interval, job.forcedAt) + 1
}

/** ReplicationState.pm `job_status`: a failed job retries `last_try + 60 * (n <= 3 ? 5n : 30)` s later. */
export const retryDelay = (failCount: number): number => 60 * (failCount <= 3 ? 5 * failCount : 30)

/** The runs of a job broken at `at` (its first failed run) up to nowS: the last try and how many failed. */
export function failedRuns(at: number, nowS: number, before = 0): { lastTry: number; failCount: number } {
  let lastTry = at
  let failCount = before + 1
  while (failCount <= 3 && lastTry + retryDelay(failCount) <= nowS) lastTry += retryDelay(failCount++)
  if (failCount > 3) {
    const more = Math.floor((nowS - lastTry) / retryDelay(4))
    lastTry += more * retryDelay(4)
    failCount += more
  }
  return { lastTry, failCount }
}

const sshError = (job: ReplicationJob): string =>
  `command '/usr/bin/ssh -e none -o 'BatchMode=yes' root@${job.target} -- pvesr prepare-local-job ${replicationId(job)}' failed: exit code 255`

/** Per-node replication state: syncs on every schedule boundary while the target answers, else failing. */
export function replicationState(cluster: ClusterState, job: ReplicationJob, now: number): Json {
  const guest = cluster.guests.find((g) => g.vmid === job.guest)
  const interval = intervalOf(job.schedule)
  const nowS = Math.floor(now / 1000)
  const boundary = Math.floor(nowS / interval) * interval
  const lastRun = lastGoodRun(job, now) - 1
  const duration = 2.5 + (job.guest % 7) * 0.41
  const targetDown = findNode(cluster, job.target)?.online !== true
  const entry: Json = {
    ...replicationEntry(cluster, job),
    vmtype: guest?.type ?? 'qemu',
    last_try: lastRun + 1,
    duration,
  }
  // A storage that cannot replicate fails every run before anything else, whatever the control API did: the
  // job never synced (heal cannot help: the volume has to move to ZFS first).
  // A disabled job does not run (job_status schedules none): a new one never did.
  if (job.disable === true) return { ...entry, last_try: 0, last_sync: 0, next_sync: 0, fail_count: 0 }
  const refused = storageRefusal(cluster, job)
  if (refused !== undefined) {
    const created = job.createdAt
    if (created !== undefined) {
      // A job made through the API runs at once (no state yet), then retries with the backoff.
      const runs = failedRuns(created + 1, nowS)
      return {
        ...entry,
        last_try: runs.lastTry,
        last_sync: 0,
        next_sync: runs.lastTry + retryDelay(runs.failCount),
        fail_count: runs.failCount,
        error: refused.error,
      }
    }
    return {
      ...entry,
      last_sync: 0,
      next_sync: lastRun + 1 + retryDelay(3),
      fail_count: 3,
      error: refused.error,
    }
  }
  const broken = job.broken
  if (job.failure !== undefined && broken !== undefined) {
    // Broken through the control API: it keeps failing with its error and retries with PVE's backoff; no next
    // try while the target is offline (job_status leaves next_sync 0).
    const runs = failedRuns(broken.at, nowS, broken.before)
    return {
      ...entry,
      last_try: runs.lastTry,
      last_sync: broken.lastSync,
      next_sync: targetDown ? 0 : runs.lastTry + retryDelay(runs.failCount),
      fail_count: runs.failCount,
      error: job.failure,
    }
  }
  const error = job.failure ?? (targetDown ? sshError(job) : undefined)
  if (error === undefined) {
    return { ...entry, last_sync: lastRun + 1, next_sync: boundary + interval + 1, fail_count: 0 }
  }
  // A job failing since before the scenario began never synced; one whose target is down has failed once.
  const failCount = job.failure !== undefined ? 3 : 1
  return {
    ...entry,
    last_sync: job.failure !== undefined ? 0 : lastRun + 1 - interval,
    next_sync: targetDown ? 0 : lastRun + 1 + retryDelay(failCount),
    fail_count: failCount,
    error,
  }
}

const stamp = (now: number): string =>
  new Date(now).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) (.+) GMT$/, '$1 $3 $2 $5 $4')

export function haResources(cluster: ClusterState): Json[] {
  // PVE 8 resources name their HA group (ha/resources.cfg `group`); PVE 9 moved that into rules.
  const groups = cluster.haGroups
  return cluster.guests
    .filter((g) => g.ha)
    .sort((a, b) => a.vmid - b.vmid)
    .map((g) => {
      const entry: Json = {
        sid: `${g.type === 'qemu' ? 'vm' : 'ct'}:${g.vmid}`,
        type: g.type === 'qemu' ? 'vm' : 'ct',
        state: haRequestState(g),
        max_restart: 1,
        max_relocate: 1,
        digest: `${g.vmid.toString(16).padStart(8, '0')}5a0d9d2c1bd4e7f3a9b1c3d5e7f9a1b3c5d7e9f1`,
      }
      const group = groups[g.vmid % Math.max(1, groups.length)]
      if (group !== undefined) entry.group = group.group
      return entry
    })
}

/** GET /cluster/ha/status/current as the node that answers sees it. */
export function haStatus(cluster: ClusterState, localNode: string, now: number): Json[] {
  const quorate = isQuorate(cluster)
  const quorum: Json = {
    id: 'quorum',
    type: 'quorum',
    node: localNode,
    status: quorate ? 'OK' : `No quorum on node '${localNode}'!`,
    quorate: quorate ? 1 : 0,
  }
  if (!cluster.clustered) return [quorum]
  const nowS = Math.floor(now / 1000)
  const master = cluster.nodes.find((n) => n.online)?.name ?? localNode
  const entries: Json[] = [
    quorum,
    {
      id: 'master',
      type: 'master',
      node: master,
      status: `${master} (active, ${stamp(now)})`,
      timestamp: nowS,
    },
  ]
  if (cluster.version.startsWith('9')) {
    entries.push({
      id: 'fencing',
      type: 'fencing',
      node: master,
      'armed-state': 'armed',
      resource_mode: 'freeze',
      status: 'armed',
    })
  }
  for (const node of cluster.nodes) {
    const status = node.online
      ? `${node.name} (active, ${stamp(now)})`
      : `${node.name} (old timestamp - dead?, ${stamp(now - 120_000)})`
    entries.push({
      id: `lrm:${node.name}`,
      type: 'lrm',
      node: node.name,
      status,
      timestamp: node.online ? nowS : nowS - 120,
    })
  }
  for (const resource of haResources(cluster)) {
    const guest = cluster.guests.find((g) => `${g.type === 'qemu' ? 'vm' : 'ct'}:${g.vmid}` === resource.sid)
    if (guest === undefined) continue
    const online = findNode(cluster, guest.node)?.online === true
    // A dead node's services are `fence` until it is fenced, then `recovery` (tasks/ha-recovery.ts).
    const dead = guest.haService?.crm === 'recovery' ? 'recovery' : 'fence'
    const crm = online ? haCrmState(guest) : dead
    const state = online ? haVerboseState(guest) : dead
    entries.push({
      id: `service:${String(resource.sid)}`,
      type: 'service',
      sid: resource.sid,
      node: guest.node,
      crm_state: crm,
      state,
      request_state: resource.state,
      status: `${String(resource.sid)} (${guest.node}, ${state})`,
      // Status.pm `add_service` copies the resource's group (PVE 8) beside its limits.
      ...(resource.group === undefined ? {} : { group: resource.group }),
      max_restart: 1,
      max_relocate: 1,
    })
  }
  return entries
}
