import type {
  ExportFormat,
  InventoryFileEntry,
  InventorySchedule,
  InventoryScheduleState,
} from '../../../../../shared/ipc/domains/inventory'
import type { InventoryDiff, InventorySigner } from '../../../../../shared/model/inventory-snapshot'
import { pveDesk, unwrap } from '../../../api/client'

/*
 * The inventory tools' calls to main, each answering a value or throwing an AppError for the view to show.
 * Files are named by main's fileIds and snapshots by their snapshotId: the renderer never names a path.
 */

export const inventoryFiles = (): Promise<InventoryFileEntry[]> => unwrap(pveDesk().inventoryFiles({}))

export const compareFiles = (from: string, to: string): Promise<InventoryDiff> =>
  unwrap(pveDesk().inventoryDiff({ from, to }))

export const exportSnapshot = (snapshotId: string, format: ExportFormat): Promise<{ path: string }> =>
  unwrap(pveDesk().inventoryExport({ snapshotId, format }))

export const signingKey = (): Promise<InventorySigner> => unwrap(pveDesk().inventoryKey({}))

export const readSchedule = (): Promise<InventoryScheduleState> => unwrap(pveDesk().inventorySchedule({}))

export const saveSchedule = (schedule: InventorySchedule): Promise<InventoryScheduleState> =>
  unwrap(pveDesk().inventorySetSchedule({ schedule }))
