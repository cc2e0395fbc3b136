import { create } from 'zustand'

import type { PveDeskStream } from '../../../shared/ipc/api'
import type { InventoryFileEntry, OpenedInventory } from '../../../shared/ipc/domains/inventory'
import { MAX_INVENTORY_FILE_BYTES } from '../../../shared/ipc/domains/inventory'
import type { AppErrorShape } from '../../../shared/ipc/errors'
import { AppError } from '../../../shared/ipc/errors'
import { pveDesk, unwrap } from '../api/client'
import { DETAILS_TAB, useConsoleStore } from './console-store'
import type { Selection } from './selection'
import {
  clearSnapshotFleet,
  loadSnapshotFleet,
  selectionOfKey,
  useSnapshotFleetStore,
} from './snapshot-fleet'
import { useUiStore } from './ui-store'

/** Bytes per upload message: well under the stream's largest message, and a File read costs no more than this. */
export const UPLOAD_CHUNK_BYTES = 256 * 1024

/** A file that could not be opened (or listed), and why: the files panel says it, translated. */
export interface InventoryFailure {
  /** `list`: the files could not be listed; `pick`: the open dialog failed; `open`: this file was refused. */
  action: 'list' | 'pick' | 'open'
  /** The file's name as the user knows it, for `open`. */
  file?: string
  error: AppErrorShape
}

/**
 * An opened inventory snapshot as this store keeps it for the session: without its fleet, which lives indexed in
 * `snapshot-fleet.ts` only (a large fleet is not held twice), but with its clusters' names for the banner and the
 * Issues.
 */
export type ShownInventory = Omit<OpenedInventory, 'fleet'> & {
  readonly clusterNames: Readonly<Record<string, string>>
}

/** What the store keeps of what main opened. */
export function shownInventory({ fleet, ...rest }: OpenedInventory): ShownInventory {
  return {
    ...rest,
    clusterNames: Object.fromEntries(fleet.clusters.map((c) => [c.summary.id, c.summary.name])),
  }
}

/** The file being sent to main: shown with its progress and a Cancel, wherever the user dropped it. */
export interface InventorySending {
  name: string
  sent: number
  size: number
}

/** What the live view was when a snapshot opened: put back as it was by "Back to the live fleet". */
interface LiveView {
  selected: Selection | undefined
  collapsed: ReadonlySet<string>
  /** The live search: a snapshot opens unfiltered, the live tree comes back filtered as it was. */
  filter: string
  active: string
}

/**
 * Inventory snapshot files and the one opened for browsing. While `opened` is set, the tree and the details show
 * its fleet (`snapshot-fleet.ts`) read-only and the live fleet store keeps its deltas in the background;
 * {@link InventoryStore.closeSnapshot} goes back to the live fleet with the live selection as it was.
 */
export interface InventoryStore {
  /** The files main knows (its inventory folder newest first, recent ones, those named at start). */
  files: readonly InventoryFileEntry[]
  /** The list answered at least once. */
  listed: boolean
  opened: ShownInventory | undefined
  /** The name of the file being uploaded or opened. */
  busy: string | undefined
  failure: InventoryFailure | undefined
  /** The upload under way; one at a time (a second file is refused while it lasts). */
  sending: InventorySending | undefined
  panelOpen: boolean
  /** The live view kept while a snapshot is shown. */
  live: LiveView | undefined
  setPanelOpen: (open: boolean) => void
  dismissFailure: () => void
  refreshFiles: () => Promise<void>
  /**
   * Verifies and opens a file; selects `selectKey` (a fleet key, `<clusterId>/qemu/101`) in it when given. A file
   * that does not hold is not opened: `failure` says why, and the files panel shows it.
   */
  openFile: (fileId: string, selectKey?: string) => Promise<void>
  /** Sends a file the user dropped or chose in the page to main, then opens it. */
  upload: (file: Blob & { readonly name: string }) => Promise<void>
  /** Stops the upload under way: main gets no end, keeps nothing, and nothing opens. */
  cancelUpload: () => void
  /** Electron's open dialog (the browser host has none: the page asks); false when nothing was picked. */
  pick: () => Promise<void>
  closeSnapshot: () => Promise<void>
}

const failureOf = (error: unknown, file?: string): InventoryFailure => ({
  action: 'open',
  ...(file === undefined ? {} : { file }),
  error: AppError.from(error).toShape(),
})

const invalid = (reason: string, message: string, detail: Record<string, string> = {}): AppError =>
  new AppError({ code: 'inventory_invalid', message, detail: { ...detail, reason } })

/** Aborts the upload under way ({@link InventoryStore.cancelUpload}). */
let uploadAbort: AbortController | undefined

/** Counts the opens: an open overtaken by a later one is closed again as soon as it answers. */
let openSeq = 0

export const useInventoryStore = create<InventoryStore>()((set, get) => ({
  files: [],
  listed: false,
  opened: undefined,
  busy: undefined,
  failure: undefined,
  sending: undefined,
  panelOpen: false,
  live: undefined,
  setPanelOpen: (panelOpen) => {
    set({ panelOpen })
  },
  dismissFailure: () => {
    set({ failure: undefined })
  },
  refreshFiles: async () => {
    try {
      const files = await unwrap(pveDesk().inventoryFiles({}))
      // A listing that failed before is over; a file's failure stays until dismissed.
      set((s) => ({ files, listed: true, failure: s.failure?.action === 'list' ? undefined : s.failure }))
    } catch (error: unknown) {
      set({ listed: true, failure: { ...failureOf(error), action: 'list' } })
    }
  },
  openFile: async (fileId, selectKey) => {
    const label = get().files.find((f) => f.fileId === fileId)?.name ?? fileId
    const seq = ++openSeq
    set({ busy: label, failure: undefined })
    let opened: OpenedInventory
    try {
      opened = await unwrap(pveDesk().inventoryOpen({ fileId }))
    } catch (error: unknown) {
      if (seq === openSeq) set({ busy: undefined, failure: failureOf(error, label), panelOpen: true })
      return
    }
    if (seq !== openSeq) {
      void closeQuietly(opened.snapshotId)
      return
    }
    const previous = get().opened
    if (previous !== undefined) void closeQuietly(previous.snapshotId)
    const live = get().live ?? saveLiveView()
    loadSnapshotFleet(opened)
    const selected =
      selectKey === undefined ? undefined : selectionOfKey(useSnapshotFleetStore.getState(), selectKey)
    useUiStore.setState({ selected, collapsed: new Set(), filter: '' })
    useConsoleStore.getState().activate(DETAILS_TAB)
    set({ opened: shownInventory(opened), live, busy: undefined, panelOpen: false })
  },
  upload: async (file) => {
    const name = file.name.slice(0, 255) || 'inventory.zip'
    // Refused here rather than streamed for nothing: main would refuse them too (its own words, in English).
    // The reasons `empty` and `busy` are this window's own (strings in inventory-*.ts); messages stay empty, the
    // translation says it all.
    if (get().sending !== undefined || get().busy !== undefined) {
      set({ failure: failureOf(invalid('busy', '', { busy: get().busy ?? '' }), name), panelOpen: true })
      return
    }
    if (file.size === 0) {
      set({ failure: failureOf(invalid('empty', ''), name), panelOpen: true })
      return
    }
    if (file.size > MAX_INVENTORY_FILE_BYTES) {
      const detail = { bytes: String(file.size), limit: String(MAX_INVENTORY_FILE_BYTES) }
      set({ failure: failureOf(invalid('too_large', '', detail), name), panelOpen: true })
      return
    }
    const abort = new AbortController()
    uploadAbort = abort
    set({ busy: name, failure: undefined, sending: { name, sent: 0, size: file.size } })
    let entry: InventoryFileEntry
    try {
      const stream = await unwrap(pveDesk().openInventoryUpload({ name, size: file.size }))
      entry = await sendFile(stream, file, {
        signal: abort.signal,
        onProgress: (sent) => set({ sending: { name, sent, size: file.size } }),
      })
    } catch (error: unknown) {
      const cancelled = abort.signal.aborted
      set({
        busy: undefined,
        sending: undefined,
        ...(cancelled ? {} : { failure: failureOf(error, name), panelOpen: true }),
      })
      return
    } finally {
      if (uploadAbort === abort) uploadAbort = undefined
    }
    set({ sending: undefined })
    // Listed at once, so that it has its name while it opens and stays at hand in the panel afterwards.
    set((s) => ({ files: [...s.files.filter((f) => f.fileId !== entry.fileId), entry] }))
    await get().openFile(entry.fileId)
  },
  cancelUpload: () => {
    uploadAbort?.abort()
  },
  pick: async () => {
    let entry: InventoryFileEntry | null
    try {
      entry = await unwrap(pveDesk().inventoryPick({}))
    } catch (error: unknown) {
      // Dismissing the dialog is no failure.
      if (AppError.from(error).code !== 'cancelled')
        set({ failure: { ...failureOf(error), action: 'pick' }, panelOpen: true })
      return
    }
    // Null: the user dismissed the dialog.
    if (entry === null) return
    const picked = entry
    set((s) => ({ files: [...s.files.filter((f) => f.fileId !== picked.fileId), picked] }))
    await get().openFile(picked.fileId)
  },
  closeSnapshot: async () => {
    const { opened, live } = get()
    if (opened === undefined) return
    openSeq++
    // In one tick, so the tree renders once: the live selection back, then the live fleet.
    if (live !== undefined) {
      useUiStore.setState({ selected: live.selected, collapsed: live.collapsed, filter: live.filter })
      const consoles = useConsoleStore.getState()
      if (live.active === DETAILS_TAB || consoles.consoles[live.active] !== undefined)
        consoles.activate(live.active)
    }
    set({ opened: undefined, live: undefined, busy: undefined })
    clearSnapshotFleet()
    await closeQuietly(opened.snapshotId)
  },
}))

function saveLiveView(): LiveView {
  const { selected, collapsed, filter } = useUiStore.getState()
  return { selected, collapsed, filter, active: useConsoleStore.getState().active }
}

/** Main lets go of an opened snapshot; nothing the user can do if it fails (main drops it at quit anyway). */
async function closeQuietly(snapshotId: string): Promise<void> {
  try {
    await unwrap(pveDesk().inventoryClose({ snapshotId }))
  } catch {
    // Only main's memory is at stake.
  }
}

type UploadStream = PveDeskStream<Uint8Array | { end: true }, InventoryFileEntry>

/**
 * Streams `file` to main in chunks of at most {@link UPLOAD_CHUNK_BYTES}, waiting whenever main asks to (`send`
 * answers false), then `{ end: true }`; resolves with main's one answer, the file's entry, or rejects with the
 * error main ended the stream with (`inventory_invalid`, `invalid_request`). Only one chunk is read at a time,
 * so a large file costs a chunk of memory here.
 */
export async function sendFile(
  stream: UploadStream,
  file: Blob,
  options: { signal?: AbortSignal; onProgress?: (sent: number) => void } = {},
): Promise<InventoryFileEntry> {
  const { signal, onProgress } = options
  let closed = false
  // A function, not the variable: the close listener sets it while the loop awaits, and the loop reads it fresh.
  const ended = (): boolean => closed
  let wake: (() => void) | undefined
  const answer = new Promise<InventoryFileEntry>((resolve, reject) => {
    stream.onMessage(resolve)
    stream.onClose((error) => {
      closed = true
      wake?.()
      // After the answer, an end without error changes nothing (a settled promise stays settled).
      reject(new AppError(error ?? { code: 'internal', message: 'the upload ended without an answer' }))
    })
  })
  // Awaited below, or abandoned when reading the file fails: never an unhandled rejection.
  answer.catch(() => undefined)
  stream.onDrain(() => wake?.())
  // Cancel: the stream closes without an end, so main discards what it received; this side stops at once,
  // whether or not the bridge reports its own close.
  let cancel: (() => void) | undefined
  const cancelled = new Promise<never>((_, reject) => {
    cancel = () => {
      closed = true
      wake?.()
      stream.close()
      reject(new AppError({ code: 'cancelled', message: '' }))
    }
  })
  cancelled.catch(() => undefined)
  if (signal?.aborted === true) cancel?.()
  else signal?.addEventListener('abort', () => cancel?.(), { once: true })
  try {
    for (let offset = 0; offset < file.size && !ended(); offset += UPLOAD_CHUNK_BYTES) {
      const chunk = new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer())
      if (ended()) break
      const credit = stream.send(chunk)
      onProgress?.(Math.min(file.size, offset + chunk.byteLength))
      // A stream that ended inside `send` (it broke the protocol) has no drain to wait for.
      if (!credit && !ended())
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      wake = undefined
    }
  } catch (error: unknown) {
    stream.close()
    // Translated by its reason; the browser's words only as the technical detail.
    throw invalid('unreadable_file', AppError.from(error).message)
  }
  if (signal?.aborted === true) return cancelled
  if (!ended()) stream.send({ end: true })
  return Promise.race([cancelled, answer])
}
