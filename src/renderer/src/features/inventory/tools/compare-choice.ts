import type { InventoryFileEntry } from '../../../../../shared/ipc/domains/inventory'

/** When a file says it was taken: its manifest's time, else the file's own modification time. */
export const takenAtOf = (file: InventoryFileEntry): number => {
  const at = file.takenAt === undefined ? Number.NaN : Date.parse(file.takenAt)
  return Number.isNaN(at) ? file.modifiedAt : at
}

/** The files that can be compared (their manifest reads), newest first, each once. */
export function comparableFiles(files: readonly InventoryFileEntry[]): InventoryFileEntry[] {
  const seen = new Set<string>()
  return files
    .filter((f) => f.unreadable === undefined && !seen.has(f.fileId) && seen.add(f.fileId))
    .sort((a, b) => takenAtOf(b) - takenAtOf(a))
}

/** The preselected pair: the second newest as `from` (the older audit), the newest as `to`. */
export function defaultPair(files: readonly InventoryFileEntry[]): { from: string; to: string } | undefined {
  const [newest, previous] = comparableFiles(files)
  return newest === undefined || previous === undefined
    ? undefined
    : { from: previous.fileId, to: newest.fileId }
}
