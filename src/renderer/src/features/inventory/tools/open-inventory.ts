import { useInventoryStore } from '../../../stores/inventory-store'

/**
 * Opens an inventory snapshot file for browsing (the browse lane's store verifies it and shows it under its
 * banner), with one item selected when `selectKey` names one (a change of the diff).
 */
export const openInventoryFile = (fileId: string, selectKey?: string): Promise<void> =>
  useInventoryStore.getState().openFile(fileId, selectKey)

/** Lists the files again (a capture just wrote one). */
export const refreshInventoryFiles = (): void => {
  void useInventoryStore.getState().refreshFiles()
}
