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

/** What the live view was when a snapshot opened: put back as it was by "Back to the live fleet". */
interface LiveView {
  selected: Selection | undefined
  collapsed: ReadonlySet<string>
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
  opened: OpenedInventory | undefined
  /** The name of the file being uploaded or opened. */
  busy: string | undefined
  failure: InventoryFailure | undefined
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
  /** Electron's open dialog (the browser host has none: the page asks); false when nothing was picked. */
  pick: () => Promise<void>
  closeSnapshot: () => Promise<void>
}

const failureOf = (error: unknown, file?: string): InventoryFailure => ({
  action: 'open',
  ...(file === undefined ? {} : { file }),
  error: AppError.from(error).toShape(),
})

const invalid = (reason: string, message: string): AppError =>
  new AppError({ code: 'inventory_invalid', message, detail: { reason } })

/** Counts the opens: an open overtaken by a later one is closed again as soon as it answers. */
let openSeq = 0

export const useInventoryStore = create<InventoryStore>()((set, get) => ({
  files: [],
  listed: false,
  opened: undefined,
  busy: undefined,
  failure: undefined,
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
    useUiStore.setState({ selected, collapsed: new Set() })
    useConsoleStore.getState().activate(DETAILS_TAB)
    set({ opened, live, busy: undefined, panelOpen: false })
  },
  upload: async (file) => {
    const name = file.name.slice(0, 255) || 'inventory.zip'
    // Refused here rather than streamed for nothing: main would refuse them too.
    if (file.size === 0) {
      set({ failure: failureOf(invalid('truncated', 'the file is empty'), name), panelOpen: true })
      return
    }
    if (file.size > MAX_INVENTORY_FILE_BYTES) {
      set({ failure: failureOf(invalid('too_large', `${file.size} bytes`), name), panelOpen: true })
      return
    }
    set({ busy: name, failure: undefined })
    let entry: InventoryFileEntry
    try {
      const stream = await unwrap(pveDesk().openInventoryUpload({ name, size: file.size }))
      entry = await sendFile(stream, file)
    } catch (error: unknown) {
      set({ busy: undefined, failure: failureOf(error, name), panelOpen: true })
      return
    }
    // Listed at once, so that it has its name while it opens and stays at hand in the panel afterwards.
    set((s) => ({ files: [...s.files.filter((f) => f.fileId !== entry.fileId), entry] }))
    await get().openFile(entry.fileId)
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
      useUiStore.setState({ selected: live.selected, collapsed: live.collapsed })
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
  const { selected, collapsed } = useUiStore.getState()
  return { selected, collapsed, active: useConsoleStore.getState().active }
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
export async function sendFile(stream: UploadStream, file: Blob): Promise<InventoryFileEntry> {
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
  try {
    for (let offset = 0; offset < file.size && !ended(); offset += UPLOAD_CHUNK_BYTES) {
      const chunk = new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer())
      if (ended()) break
      // A stream that ended inside `send` (it broke the protocol) has no drain to wait for.
      if (!stream.send(chunk) && !ended())
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      wake = undefined
    }
  } catch (error: unknown) {
    stream.close()
    throw invalid('truncated', `the file could not be read: ${AppError.from(error).message}`)
  }
  if (!ended()) stream.send({ end: true })
  return answer
}
