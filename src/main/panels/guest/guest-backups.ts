import type { BackupEntry, GuestBackupsPanel, PanelGap } from '../../../shared/model/panels'
import type { ClusterAccess } from '../../guests/cluster-access'
import { backupEntry, newestBackupFirst } from '../backup-entry'
import { integer, records, text } from '../pve-read'
import { nodePath } from './guest-path'
import { cancelledError, gapOf, settleLimited } from '../panel-parts'

/** Storages read at once: a node rarely has more than a few backup storages, each read may be slow (PBS). */
export const BACKUP_CONCURRENCY = 4
const MAX_STORAGES = 512
const MAX_BACKUPS = 10_000

/** `GET /nodes/{node}/storage?content=backup`: the enabled storages that hold backups on the node. */
export function backupStorages(data: unknown): string[] {
  const names = new Set<string>()
  for (const s of records(data, MAX_STORAGES)) {
    const name = text(s.storage, 512)
    // PVE lists disabled storages too (`enabled: 0`), and an inactive one answers only errors.
    if (name === undefined || name === '' || s.enabled === 0 || s.active === 0) continue
    names.add(name)
  }
  return [...names]
}

/** One storage's `content?content=backup&vmid=` rows of this guest (a server that ignores `vmid` is filtered). */
export function readBackups(storage: string, vmid: number, data: unknown): BackupEntry[] {
  return records(data, MAX_BACKUPS).flatMap((row): BackupEntry[] => {
    if (row.content !== undefined && row.content !== 'backup') return []
    const owner = integer(row.vmid)
    if (owner !== undefined && owner !== vmid) return []
    const entry = backupEntry(row, storage)
    return entry === undefined ? [] : [entry]
  })
}

/**
 * The guest's backups on every backup storage of its node, newest first. The storages are read a few at a time;
 * one that fails (PBS down, a 403 on that storage) is a gap and the others still show. A shared storage listed
 * on the node is read once, as PVE's own Backup tab does.
 */
export async function readGuestBackups(
  access: ClusterAccess,
  vmid: number,
  signal?: AbortSignal,
): Promise<GuestBackupsPanel> {
  const guest = await access.guest(vmid, signal)
  const node = nodePath(guest.node)
  const storages = backupStorages(
    await access.client.call('GET', `${node}/storage`, { content: 'backup' }, signal),
  )
  const results = await settleLimited(storages, BACKUP_CONCURRENCY, signal, (storage) =>
    access.client.call(
      'GET',
      `${node}/storage/${encodeURIComponent(storage)}/content`,
      { content: 'backup', vmid },
      signal,
    ),
  )
  if (signal?.aborted === true) throw cancelledError(access.clusterId, 'guest backups')
  const gaps: PanelGap[] = []
  const backups: BackupEntry[] = []
  const seen = new Set<string>()
  results.forEach((result, i) => {
    const storage = storages[i] ?? ''
    if (result.status === 'rejected') {
      gaps.push(gapOf(`storage ${storage}`, result.reason))
      return
    }
    for (const b of readBackups(storage, vmid, result.value))
      if (!seen.has(b.volid) && backups.length < MAX_BACKUPS) {
        seen.add(b.volid)
        backups.push(b)
      }
  })
  return { backups: backups.sort(newestBackupFirst), storages, gaps }
}
