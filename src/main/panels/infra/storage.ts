import { AppError } from '../../../shared/ipc/errors'
import type { StoragePanel } from '../../../shared/model/infra-panels'
import type { BackupEntry, PanelGap } from '../../../shared/model/panels'
import type { ClusterAccess } from '../../guests/cluster-access'
import type { Raw } from '../pve-read'
import { defined, finite, records, text, truthy, words } from '../pve-read'
import { backupEntry, newestBackupFirst } from '../backup-entry'
import { eachBounded, get, nodePath, part, stopIfCancelled, storageId } from './parts'

/** Nodes whose content of a local storage is read at once. */
export const CONTENT_CONCURRENCY = 4
const MAX_BACKUPS = 10_000
const MAX_CONTENT_KINDS = 32
const MAX_NODES = 512
/** Volumes looked at across the nodes read (each node's list is already bounded). */
const MAX_VOLUMES = 100_000

type PerNode = StoragePanel['perNode'][number]
type ContentSummary = StoragePanel['contentSummary']

/** The storage's rows of `GET /cluster/resources?type=storage`: one per node that has it, by node name. */
export function storageRows(data: unknown, storage: string): Raw[] {
  return records(data, 100_000)
    .filter((r) => r.type === 'storage' && r.storage === storage && typeof r.node === 'string')
    .slice(0, MAX_NODES)
    .sort((a, b) => (String(a.node) < String(b.node) ? -1 : String(a.node) > String(b.node) ? 1 : 0))
}

/** Usage per node as the fleet (pvestatd's figures in `/cluster/resources`) has it. */
export const perNodeOf = (rows: Raw[]): PerNode[] =>
  rows.map((r) =>
    defined({
      node: text(r.node) ?? '',
      status: text(r.status) ?? 'unknown',
      used: finite(r.disk),
      total: finite(r.maxdisk),
    }),
  )

/** Volumes and bytes per content type, in a stable order (by content name). */
export function contentSummaryOf(volumes: readonly Raw[]): ContentSummary {
  const byContent = new Map<string, { count: number; size: number }>()
  for (const volume of volumes) {
    const content = text(volume.content)
    if (content === undefined) continue
    let entry = byContent.get(content)
    if (entry === undefined) {
      if (byContent.size >= MAX_CONTENT_KINDS) continue
      entry = { count: 0, size: 0 }
      byContent.set(content, entry)
    }
    entry.count++
    entry.size += finite(volume.size) ?? 0
  }
  return [...byContent]
    .map(([content, { count, size }]) => ({ content, count, size }))
    .sort((a, b) => (a.content < b.content ? -1 : a.content > b.content ? 1 : 0))
}

export function backupsOf(volumes: readonly Raw[], storage: string): BackupEntry[] {
  return volumes
    .filter((v) => v.content === 'backup')
    .flatMap((v) => {
      const entry = backupEntry(v, storage)
      return entry === undefined ? [] : [entry]
    })
    .sort(newestBackupFirst)
    .slice(0, MAX_BACKUPS)
}

/** Type, shared and content: the storage's config when listed, else the fleet's row. */
function describe(config: Raw | undefined, rows: Raw[]): Pick<StoragePanel, 'type' | 'shared' | 'content'> {
  const row = rows[0]
  const type = text(config?.type) ?? text(row?.plugintype)
  const shared = config?.shared !== undefined ? truthy(config.shared) : truthy(row?.shared)
  const content = words(config?.content ?? row?.content, MAX_CONTENT_KINDS)
  return type === undefined ? { shared, content } : { type, shared, content }
}

/**
 * The storage panel: its config (its entry of `GET /storage`, which asks only `Datastore.Audit` where
 * `GET /storage/{storage}` wants `Datastore.Allocate`) and its rows of `/cluster/resources` at once, then
 * its content: on one node when shared (every node sees the same volumes), on each node that has it available
 * when local, a few at a time. Each refused part is a gap.
 */
export async function readStorage(
  access: ClusterAccess,
  storage: string,
  signal?: AbortSignal,
): Promise<StoragePanel> {
  const id = storageId(access, storage)
  const gaps: PanelGap[] = []
  const [config, rows] = await Promise.all([
    part(access, gaps, 'storage', signal, async () =>
      records(await get(access, '/storage', {}, signal), 10_000).find((s) => s.storage === id),
    ),
    part(access, gaps, 'cluster/resources', signal, async () =>
      storageRows(await get(access, '/cluster/resources', { type: 'storage' }, signal), id),
    ),
  ])
  stopIfCancelled(access, signal)
  if (config === undefined && (rows === undefined || rows.length === 0)) {
    const first = gaps[0]
    throw first === undefined
      ? new AppError({ code: 'not_found', clusterId: access.clusterId, message: `no storage ${id}` })
      : new AppError(first.error)
  }
  const described = describe(config, rows ?? [])
  const available = (rows ?? []).filter((r) => r.status === 'available').map((r) => String(r.node))
  const readOn = described.shared ? available.slice(0, 1) : available
  const lists = await eachBounded(access, readOn, CONTENT_CONCURRENCY, signal, (node) =>
    part(access, gaps, `nodes/${node}/storage/${id}/content`, signal, async () =>
      records(await get(access, `${nodePath(access, node)}/storage/${id}/content`, {}, signal)),
    ),
  )
  const volumes = lists.flatMap((list) => list ?? []).slice(0, MAX_VOLUMES)
  return {
    storage: id,
    ...described,
    perNode: perNodeOf(rows ?? []),
    contentSummary: contentSummaryOf(volumes),
    backups: backupsOf(volumes, id),
    gaps,
  }
}
