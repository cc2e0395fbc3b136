import { BrowserWindow, dialog } from 'electron'

import type { ExportFormat } from '../../shared/ipc/domains/inventory'
import type { InventoryDialogs } from '../inventory/inventory-service'

const EXTENSIONS: Record<ExportFormat, string[]> = {
  xlsx: ['xlsx'],
  csv: [],
  json: ['json'],
  html: ['html'],
  pdf: ['pdf'],
}

/**
 * The system's open and save dialogs for inventory snapshots, over the focused window. The paths they answer
 * stay in main: the renderer gets a file id, or the path written to show it.
 */
export function electronInventoryDialogs(): InventoryDialogs {
  return {
    async open() {
      const options: Electron.OpenDialogOptions = {
        title: 'Open an inventory snapshot',
        properties: ['openFile'],
        filters: [{ name: 'Inventory snapshot', extensions: ['zip'] }],
      }
      const window = BrowserWindow.getFocusedWindow()
      const result = await (window === null
        ? dialog.showOpenDialog(options)
        : dialog.showOpenDialog(window, options))
      return result.canceled ? undefined : result.filePaths[0]
    },
    async save(defaultName, format) {
      const extensions = EXTENSIONS[format]
      const options: Electron.SaveDialogOptions = {
        title: 'Export the inventory snapshot',
        defaultPath: defaultName,
        // CSV is a folder of one file per sheet: the name given is the folder's.
        ...(extensions.length === 0 ? {} : { filters: [{ name: format.toUpperCase(), extensions }] }),
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      }
      const window = BrowserWindow.getFocusedWindow()
      const result = await (window === null
        ? dialog.showSaveDialog(options)
        : dialog.showSaveDialog(window, options))
      return result.canceled || result.filePath === '' ? undefined : result.filePath
    },
  }
}
