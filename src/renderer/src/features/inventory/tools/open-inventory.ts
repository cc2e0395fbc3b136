import { useInventoryStore } from '../../../stores/inventory-store'
import { selectionOfKey, useSnapshotFleetStore } from '../../../stores/snapshot-fleet'

/**
 * How an open ended: `missing` when the file opened but holds no item under the key asked for (the browse lane
 * then shows it with nothing selected), `failed` when it did not open (the files panel says why).
 */
export type OpenOutcome = 'opened' | 'missing' | 'failed'

/**
 * Opens an inventory snapshot file for browsing (the browse lane's store verifies it and shows it under its
 * banner), with one item selected when `selectKey` names one (a change of the diff).
 */
export async function openInventoryFile(fileId: string, selectKey?: string): Promise<OpenOutcome> {
  await useInventoryStore.getState().openFile(fileId, selectKey)
  // openFile answers nothing: what it left in the stores says how it went.
  if (useInventoryStore.getState().opened?.file.fileId !== fileId) return 'failed'
  if (selectKey === undefined) return 'opened'
  return selectionOfKey(useSnapshotFleetStore.getState(), selectKey) === undefined ? 'missing' : 'opened'
}

/** Lists the files again (a capture just wrote one). */
export const refreshInventoryFiles = (): void => {
  void useInventoryStore.getState().refreshFiles()
}
