import type { InventoryFileEntry } from '../../../../../shared/ipc/domains/inventory'
import type { InventoryChange } from '../../../../../shared/model/inventory-snapshot'

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

/**
 * The file a change's link opens: the newer one, but for a removed item the older (only it still holds the
 * item; the newer would open on nothing).
 */
export const fileToOpen = (kind: InventoryChange['kind'], pair: { from: string; to: string }): string =>
  kind === 'removed' ? pair.from : pair.to

/** "From" was taken after "to": every addition would read as a removal. */
export function reversed(
  files: readonly InventoryFileEntry[],
  pair: { from: string | null; to: string | null },
): boolean {
  const from = files.find((f) => f.fileId === pair.from)
  const to = files.find((f) => f.fileId === pair.to)
  return from !== undefined && to !== undefined && takenAtOf(from) > takenAtOf(to)
}
