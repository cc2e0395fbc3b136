// What the three sites have behind them when the simulator starts: snapshots, backup jobs and the archives of
// their last runs (PBS snapshots with verification on Yamoussoukro's PBS, for production as for Yamoussoukro's
// own guests), the replication jobs of production, and the task history of the last nights.

import type { BackupVolume, ClusterState, GuestState } from './model'
import { pastTask } from './tasks/engine'

const DAY_MS = 86_400_000
const S = 1000

/** The n-th last occurrence of hh:mm UTC before now (Abidjan and Yamoussoukro run on UTC all year). */
function nightly(now: number, n: number, hour: number, minute = 0): number {
  const today = Math.floor(now / DAY_MS) * DAY_MS + (hour * 60 + minute) * 60 * S
  const last = today <= now ? today : today - DAY_MS
  return last - n * DAY_MS
}

const pad = (n: number): string => String(n).padStart(2, '0')
const fileStamp = (d: Date): string =>
  `${d.getUTCFullYear()}_${pad(d.getUTCMonth() + 1)}_${pad(d.getUTCDate())}-${pad(d.getUTCHours())}_${pad(d.getUTCMinutes())}_${pad(d.getUTCSeconds())}`

export function fileBackup(guest: GuestState, storage: string, node: string, atMs: number): BackupVolume {
  const qemu = guest.type === 'qemu'
  const format = qemu ? 'vma.zst' : 'tar.zst'
  return {
    storage,
    node,
    volid: `${storage}:backup/vzdump-${guest.type}-${guest.vmid}-${fileStamp(new Date(atMs))}.${format}`,
    vmid: guest.vmid,
    subtype: guest.type,
    format,
    size: Math.round(qemu ? guest.maxdisk * 0.18 : Math.max(guest.disk, guest.maxdisk * 0.2) * 0.6),
    ctime: Math.floor(atMs / 1000),
    notes: guest.name,
  }
}

export function pbsBackup(guest: GuestState, storage: string, node: string, atMs: number): BackupVolume {
  const stamp = new Date(Math.floor(atMs / 1000) * 1000).toISOString().replace('.000Z', 'Z')
  return {
    storage,
    node,
    volid: `${storage}:backup/${guest.type === 'qemu' ? 'vm' : 'ct'}/${guest.vmid}/${stamp}`,
    vmid: guest.vmid,
    subtype: guest.type,
    format: guest.type === 'qemu' ? 'pbs-vm' : 'pbs-ct',
    size: Math.round(guest.maxdisk * (guest.type === 'qemu' ? 0.35 : 0.25)),
    ctime: Math.floor(atMs / 1000),
    notes: guest.name,
  }
}

function snapshotsOfAce(cluster: ClusterState, now: number): void {
  const at = (days: number): number => Math.floor((now - days * DAY_MS) / 1000)
  const guest = (vmid: number): GuestState | undefined => cluster.guests.find((g) => g.vmid === vmid)
  const app = guest(103)
  if (app !== undefined) {
    app.snapshots = [
      { name: 'pre_upgrade_9', description: 'Before the PVE 9 upgrade', snaptime: at(21), vmstate: false },
      {
        name: 'pre_release',
        description: 'Release 2026.03',
        snaptime: at(2),
        vmstate: true,
        parent: 'pre_upgrade_9',
      },
    ]
    app.parent = 'pre_release'
  }
  const test = guest(201)
  if (test !== undefined) {
    test.snapshots = [{ name: 'clean_install', description: '', snaptime: at(60), vmstate: false }]
    test.parent = 'clean_install'
  }
  const bastion = guest(112)
  if (bastion !== undefined) {
    bastion.snapshots = [
      { name: 'before_hardening', description: 'CIS hardening', snaptime: at(40), vmstate: false },
    ]
    bastion.parent = 'before_hardening'
  }
}

/** How a night's PBS snapshot of production was verified, if it was yet. */
type Verify = (guest: GuestState, night: number) => BackupVolume['verification'] | undefined

/** One night of the production job on one node: a vzdump task and a PBS snapshot per guest that could be saved. */
function backupNight(
  cluster: ClusterState,
  node: string,
  guests: readonly GuestState[],
  night: { n: number; startMs: number; storage: string; verify: Verify },
): void {
  const { startMs, storage } = night
  const lines = [
    `INFO: starting new backup job: vzdump --pool naorlo-prod --storage ${storage} --mode snapshot --compress zstd --quiet 1 --node ${node}`,
  ]
  const errors: string[] = []
  let at = startMs
  for (const guest of guests) {
    lines.push(`INFO: Starting Backup of VM ${guest.vmid} (${guest.type})`)
    if (guest.lock !== undefined) {
      lines.push(`ERROR: Backup of VM ${guest.vmid} failed - VM is locked (${guest.lock})`)
      errors.push(String(guest.vmid))
      continue
    }
    at += 40 * S + (guest.maxdisk / 1024 ** 3) * 300
    const volume = pbsBackup(guest, storage, node, at)
    const verification = night.verify(guest, night.n)
    if (verification !== undefined) volume.verification = verification
    cluster.backups.push(volume)
    lines.push(`INFO: Finished Backup of VM ${guest.vmid} (00:00:${pad(40 % 60)})`)
  }
  lines.push(
    errors.length > 0 ? 'INFO: Backup job finished with errors' : 'INFO: Backup job finished successfully',
  )
  const plan = {
    node,
    type: 'vzdump',
    id: '',
    user: 'root@pam',
    durationMs: Math.max(at - startMs, 5 * S),
    progress: lines,
  }
  pastTask(cluster, plan, startMs, errors.length > 0 ? { error: 'job errors' } : undefined)
}

/** The run of the PBS verification job `v-3f2b1c7d-9e01` (daily at 02:08) n nights ago that checked a snapshot. */
function verifiedBy(now: number, night: number, vmid: number): BackupVolume['verification'] {
  const at = Math.floor(nightly(now, night, 2, 8) / 1000)
  return {
    state: 'ok',
    upid: `UPID:pbs-yakro:0000${(0x5a00 + night * 16 + (vmid % 16)).toString(16).toUpperCase()}:00A1B2C3:${at.toString(16).toUpperCase()}:verificationjob:pbs-yakro\\x3av-3f2b1c7d\\x2d9e01:root@pam:`,
  }
}

function aceHistory(cluster: ClusterState, now: number): void {
  snapshotsOfAce(cluster, now)
  cluster.backupJobs = [
    {
      id: 'backup-8f3a1c2e-5b6d',
      schedule: '02:00',
      // To the PBS at Yamoussoukro, the seed's DR site (its namespace ace-prod, scenario-three-sites.ts).
      storage: 'pbs-yakro',
      enabled: true,
      mode: 'snapshot',
      compress: 'zstd',
      pool: 'naorlo-prod',
      notesTemplate: '{{guestname}}',
      comment: 'NA&ORLO production, nightly',
      prune: { 'keep-daily': 7, 'keep-weekly': 4 },
    },
    {
      id: 'backup-1d9e4b7a-0c2f',
      schedule: 'sat 03:00',
      storage: 'local',
      enabled: true,
      mode: 'snapshot',
      compress: 'zstd',
      pool: 'infra',
      notesTemplate: '{{guestname}}',
      prune: { 'keep-last': 4 },
    },
    {
      id: 'backup-77aa01bc-e4d3',
      schedule: 'sun 04:00',
      storage: 'local',
      enabled: false,
      mode: 'stop',
      compress: 'zstd',
      vmid: '201,202,203',
      comment: 'Test copies (paused while the test plan is rewritten)',
      prune: { 'keep-last': 2 },
    },
  ]
  const prod = cluster.guests
    .filter((g) => g.pool === 'naorlo-prod' && !g.template)
    .sort((a, b) => a.vmid - b.vmid)
  // The newest run is last night's once it has ended (km4-pve1's takes under 9 minutes, 15 are allowed):
  // production starts within its 24 h target (the DR view's plan), and no task of the history ends after the
  // simulator's start.
  const newest = now - nightly(now, 0, 2) >= 15 * 60 * S ? 0 : 1
  // The PBS verification job runs at 02:08, while km4-pve1's run is writing its last guest, 107 (done about
  // 02:08:30): each night's 107 is verified by the next night's run, so last night's is not verified yet — the
  // DR view's one "unverified"; the others are verified the night they are written.
  const verify: Verify = (guest, night) =>
    guest.vmid !== 107
      ? verifiedBy(now, night, guest.vmid)
      : night > newest
        ? verifiedBy(now, night - 1, guest.vmid)
        : undefined
  for (let night = newest + 2; night >= newest; night--) {
    for (const node of cluster.nodes) {
      const mine = prod.filter((g) => g.node === node.name)
      const startMs = nightly(now, night, 2)
      if (mine.length > 0)
        backupNight(cluster, node.name, mine, { n: night, startMs, storage: 'pbs-yakro', verify })
    }
  }
  // The snapshot before the 2026.03 release is kept whatever the pruning says.
  const kept = cluster.backups.find((b) => b.vmid === 103 && b.storage === 'pbs-yakro')
  if (kept !== undefined) kept.protected = true
  // Production replicated to the secondary site every 15 minutes (the seed's plan). 106's job to the other Km4
  // node can never run: its disk is on the LVM-thin pool, which has no replicate feature.
  cluster.replication = [101, 102, 103, 104, 105, 107].map((guest) => ({
    guest,
    jobnum: 0,
    target: 'vitib-pve1',
    schedule: '*/15',
    forcedAt: 0,
  }))
  cluster.replication.push({
    guest: 106,
    jobnum: 0,
    target: 'km4-pve2',
    schedule: '*/30',
    comment: 'second database copy',
    forcedAt: 0,
  })
  // replication.cfg as pvesr left it: the jobs in the order they were made, the guests' own.
  cluster.replication.sort((a, b) => a.guest - b.guest || a.jobnum - b.jobnum)
  for (const node of cluster.nodes) aptUpdates(cluster, node.name, now)
  pastTask(
    cluster,
    { node: 'km4-pve2', type: 'qmstart', id: '204', user: 'noc@pve', durationMs: 3 * S },
    now - 26 * 3600 * S,
  )
  pastTask(
    cluster,
    { node: 'km4-pve2', type: 'qmshutdown', id: '204', user: 'noc@pve', durationMs: 9 * S },
    now - 25 * 3600 * S,
  )
  pastTask(
    cluster,
    { node: 'km4-pve1', type: 'vncproxy', id: '120', user: 'noc@pve', durationMs: 10 * S },
    now - 5 * 3600 * S,
    { error: 'connection timed out' },
  )
}

function aptUpdates(cluster: ClusterState, node: string, now: number): void {
  for (let day = 3; day >= 1; day--) {
    const plan = {
      node,
      type: 'aptupdate',
      id: '',
      user: 'root@pam',
      durationMs: 4 * S,
      progress: [
        'starting apt-get update',
        'Hit:1 http://deb.debian.org/debian trixie InRelease',
        'Reading package lists...',
      ],
    }
    pastTask(cluster, plan, nightly(now, day, 4, 17))
  }
}

function yakroHistory(cluster: ClusterState, now: number): void {
  cluster.backupJobs = [
    {
      id: 'backup-5e2b9d40-aa17',
      schedule: '01:00',
      storage: 'pbs-yakro',
      enabled: true,
      mode: 'snapshot',
      compress: 'zstd',
      all: true,
      exclude: '100',
      notesTemplate: '{{guestname}}',
      comment: 'Everything but the PBS itself',
      prune: { 'keep-daily': 14, 'keep-weekly': 8, 'keep-monthly': 6 },
    },
  ]
  const node = cluster.nodes[0]?.name ?? 'yakro-pve1'
  const covered = cluster.guests.filter((g) => g.vmid !== 100).sort((a, b) => a.vmid - b.vmid)
  for (let night = 7; night >= 1; night--) {
    const start = nightly(now, night, 1)
    covered.forEach((guest, i) => {
      const volume = pbsBackup(guest, 'pbs-yakro', node, start + (i * 90 + 4) * S)
      const failed = guest.vmid === 110 && night === 3
      volume.verification = {
        state: failed ? 'failed' : 'ok',
        upid: `UPID:pbs-yakro:0000${(4000 + night * 10 + i).toString(16).toUpperCase()}:00A1B2C3:${(volume.ctime + 7200).toString(16).toUpperCase()}:verificationjob:pbs-yakro\\x3av-3f2b1c7d\\x2d9e01:root@pam:`,
      }
      if (guest.vmid === 110 && night === 7) volume.protected = true
      cluster.backups.push(volume)
    })
    const plan = {
      node,
      type: 'vzdump',
      id: '',
      user: 'root@pam',
      durationMs: covered.length * 90 * S,
      progress: [
        'INFO: starting new backup job: vzdump --all 1 --exclude 100 --storage pbs-yakro --mode snapshot --quiet 1',
        ...covered.map(
          (g) =>
            `INFO: Finished Backup of ${g.type === 'qemu' ? 'VM' : 'CT'} ${g.vmid} (00:01:2${g.vmid % 10})`,
        ),
        'INFO: Backup job finished successfully',
      ],
    }
    pastTask(cluster, plan, start)
  }
  aptUpdates(cluster, node, now)
}

export function addHistory(cluster: ClusterState, now: number): void {
  if (cluster.clustered) aceHistory(cluster, now)
  else yakroHistory(cluster, now)
}
