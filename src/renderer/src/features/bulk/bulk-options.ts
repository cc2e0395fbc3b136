import type { BulkAction, BulkActionKind } from '../../../../shared/model/bulk'
import { BulkAction as BulkActionSchema } from '../../../../shared/model/bulk'
import type { BackupCompress, BackupMode } from '../../../../shared/model/guest-action'
import type { FleetStore } from '../../stores/fleet-store'

/** What the options step edits, for every action at once (each action reads its own fields). */
export interface BulkForm {
  /** Shutdown: seconds to wait (empty: PVE's default), then stop if `forceStop`. */
  timeout: number | undefined
  forceStop: boolean
  /** Migrate: the target node per cluster id (absent: that cluster's guests are skipped); live migration. */
  targets: Record<string, string>
  online: boolean
  /** Backup: the storage per cluster id; vzdump's mode and compression; protected. */
  storages: Record<string, string>
  mode: BackupMode
  compress: BackupCompress
  protected: boolean
  /** Guest snapshot: its name; with the RAM of running VMs. */
  name: string
  vmstate: boolean
}

/** Actions that ask something before their preview. */
export const HAS_OPTIONS: ReadonlySet<BulkActionKind> = new Set(['shutdown', 'migrate', 'backup', 'snapshot'])

const pad = (n: number): string => String(n).padStart(2, '0')

/** A guest snapshot name PVE takes (a letter first, then letters, digits, `-`, `_`), saying when it was taken. */
export function defaultSnapshotName(now: Date): string {
  return `bulk-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`
}

export const defaultForm = (now: Date): BulkForm => ({
  timeout: undefined,
  forceStop: false,
  targets: {},
  online: true,
  storages: {},
  mode: 'snapshot',
  compress: 'zstd',
  protected: false,
  name: defaultSnapshotName(now),
  vmstate: false,
})

/**
 * The action as main's contract takes it, or undefined while the form does not make one (a snapshot name PVE
 * would refuse, a timeout out of range). Checked with the contract's own schema: what the dialog sends, main
 * accepts.
 */
export function buildAction(kind: BulkActionKind, form: BulkForm): BulkAction | undefined {
  const candidate = ((): unknown => {
    switch (kind) {
      case 'shutdown':
        return {
          kind,
          ...(form.timeout === undefined ? {} : { timeout: form.timeout }),
          ...(form.forceStop ? { forceStop: true } : {}),
        }
      case 'migrate':
        return { kind, targets: form.targets, online: form.online }
      case 'backup':
        return {
          kind,
          storages: form.storages,
          mode: form.mode,
          compress: form.compress,
          ...(form.protected ? { protected: true } : {}),
        }
      case 'snapshot':
        return { kind, name: form.name.trim(), ...(form.vmstate ? { vmstate: true } : {}) }
      default:
        return { kind }
    }
  })()
  const parsed = BulkActionSchema.safeParse(candidate)
  return parsed.success ? parsed.data : undefined
}

/** A cluster's online nodes, by name: where its guests may migrate to. */
export function migrationTargets(fleet: Pick<FleetStore, 'trees'>, clusterId: string): string[] {
  const names: string[] = []
  for (const group of fleet.trees[clusterId]?.groups.values() ?? []) {
    if (group.node?.status === 'online') names.push(group.name)
  }
  return names.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
}

/** A cluster's storages that take backups (`content` holds `backup`), shared ones first, each once. */
export function backupStorages(
  fleet: Pick<FleetStore, 'items'>,
  clusterId: string,
): { storage: string; shared: boolean }[] {
  const found = new Map<string, boolean>()
  for (const item of fleet.items[clusterId]?.values() ?? []) {
    if (item.kind === 'storage' && item.content.includes('backup'))
      found.set(item.storage, (found.get(item.storage) ?? false) || item.shared)
  }
  return [...found]
    .map(([storage, shared]) => ({ storage, shared }))
    .sort((a, b) => Number(b.shared) - Number(a.shared) || a.storage.localeCompare(b.storage))
}
