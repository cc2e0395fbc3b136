import { create } from 'zustand'

import type { PveDeskApi } from '../../../shared/ipc/api'
import type { CaptureFinished } from '../../../shared/ipc/domains/inventory'
import { AppError } from '../../../shared/ipc/errors'
import type { AppErrorShape } from '../../../shared/ipc/errors'
import type { CaptureProgress } from '../../../shared/model/inventory-snapshot'
import { pveDesk } from '../api/client'

/**
 * The inventory snapshot being taken, as far as this window knows it. `mine`: this window started it (its end
 * goes to the progress dialog); otherwise it is a scheduled capture (or another window's) seen by its progress.
 * `captureId` is unknown for the short while between asking main and its answer.
 */
export interface CaptureRun {
  captureId: string | undefined
  mine: boolean
  progress: CaptureProgress | undefined
  cancelling: boolean
}

/** How this window's last capture ended: main's end event, or main's refusal to start one. */
export type CaptureOutcome = CaptureFinished | { ok: false; captureId: undefined; error: AppErrorShape }

/**
 * Inventory snapshot captures: the one under way (main runs one at a time), the end of the one this window
 * started (shown in the progress dialog), and the ends told as toasts (scheduled captures, or a capture whose
 * dialog was closed). Metadata only: the file stays in main, named by its `fileId`.
 */
export interface CaptureStore {
  run: CaptureRun | undefined
  outcome: CaptureOutcome | undefined
  dialogOpen: boolean
  toasts: readonly CaptureFinished[]
  /** The ids of captures already ended, so that a late answer or event cannot bring one back. */
  ended: ReadonlySet<string>
  /** Starts a capture of all clusters (or those named) and opens the progress dialog. */
  start: (clusterIds?: string[]) => Promise<void>
  /** Stops the capture under way: main writes nothing and ends it as `cancelled`. */
  cancel: () => Promise<void>
  /** An `inventory:progress` event. */
  progress: (progress: CaptureProgress) => void
  /** An `inventory:captured` event. */
  finished: (finished: CaptureFinished) => void
  openDialog: () => void
  /** Closes the dialog; a capture under way goes on (the header shows its progress). */
  closeDialog: () => void
  dismissToast: (captureId: string) => void
  /** Dismisses the toast of the capture that wrote this file (it was just opened). */
  dismissFile: (fileId: string) => void
}

const shapeOf = (error: unknown): AppErrorShape => AppError.from(error).toShape()

export const useCaptureStore = create<CaptureStore>()((set, get) => ({
  run: undefined,
  outcome: undefined,
  dialogOpen: false,
  toasts: [],
  ended: new Set(),
  start: async (clusterIds) => {
    if (get().run !== undefined) {
      set({ dialogOpen: true })
      return
    }
    set({
      run: { captureId: undefined, mine: true, progress: undefined, cancelling: false },
      outcome: undefined,
      dialogOpen: true,
    })
    let error: AppErrorShape | undefined
    let captureId: string | undefined
    try {
      const result = await pveDesk().inventoryCapture(clusterIds === undefined ? {} : { clusterIds })
      if (result.ok) captureId = result.value.captureId
      else error = result.error
    } catch (thrown: unknown) {
      error = shapeOf(thrown)
    }
    const run = get().run
    if (error !== undefined) {
      // Refused (one capture at a time: `conflict`), or main is gone: nothing runs on our behalf.
      if (run?.mine === true && run.captureId === undefined)
        set({ run: undefined, outcome: { ok: false, captureId: undefined, error } })
      return
    }
    if (captureId === undefined || get().ended.has(captureId)) return
    if (run?.mine === true && run.captureId === undefined) set({ run: { ...run, captureId } })
  },
  cancel: async () => {
    const run = get().run
    if (run?.captureId === undefined || run.cancelling) return
    set({ run: { ...run, cancelling: true } })
    try {
      const result = await pveDesk().inventoryCancel({ captureId: run.captureId })
      if (result.ok) return
    } catch {
      // Told below as for a refused cancel.
    }
    // Main did not take the cancel (the capture had just ended, or main is gone): the button can be tried again.
    const now = get().run
    if (now?.captureId === run.captureId) set({ run: { ...now, cancelling: false } })
  },
  progress: (progress) => {
    const { run, ended } = get()
    if (ended.has(progress.captureId)) return
    if (run === undefined) {
      set({ run: { captureId: progress.captureId, mine: false, progress, cancelling: false } })
      return
    }
    // This window's capture may report before main's answer names it.
    if (run.captureId === undefined || run.captureId === progress.captureId)
      set({ run: { ...run, captureId: progress.captureId, progress } })
  },
  finished: (finished) => {
    const { run, dialogOpen, toasts, ended } = get()
    if (ended.has(finished.captureId)) return
    const ours =
      run !== undefined && (run.captureId === finished.captureId || (run.captureId === undefined && run.mine))
    const mine = ours && run.mine && finished.trigger === 'manual'
    const cancelled = !finished.ok && finished.error.code === 'cancelled'
    const next: Partial<CaptureStore> = { ended: new Set(ended).add(finished.captureId) }
    if (ours) next.run = undefined
    if (mine) next.outcome = finished
    // A toast unless the open dialog already shows this end; a cancel is the user's own doing and needs none.
    const shown = mine && dialogOpen
    if (!shown && !cancelled)
      next.toasts = [...toasts.filter((x) => x.captureId !== finished.captureId), finished]
    set(next)
  },
  openDialog: () => {
    set({ dialogOpen: true })
  },
  closeDialog: () => {
    // A finished result is not shown again on the next opening: that opening starts a new capture.
    set((current) => ({
      dialogOpen: false,
      outcome: current.run === undefined ? undefined : current.outcome,
    }))
  },
  dismissToast: (captureId) => {
    set((current) => ({ toasts: current.toasts.filter((x) => x.captureId !== captureId) }))
  },
  dismissFile: (fileId) => {
    const { toasts } = get()
    // Unchanged when no toast names it, so that its subscribers do not render for nothing.
    if (toasts.some((x) => x.ok && x.file.fileId === fileId))
      set({ toasts: toasts.filter((x) => !x.ok || x.file.fileId !== fileId) })
  },
}))

/**
 * Follows main's captures (progress and ends, the scheduled ones too); returns the disposer. The header's
 * button calls it once for the window's life; `onWritten` is told of every file written.
 */
export function followCaptures(
  api: PveDeskApi = pveDesk(),
  onWritten: () => void = () => undefined,
): () => void {
  const store = useCaptureStore.getState()
  const stopProgress = api.onInventoryProgress((p) => store.progress(p))
  const stopCaptured = api.onInventoryCaptured((f) => {
    store.finished(f)
    // A new file in the inventory folder: the files panel lists it.
    if (f.ok) onWritten()
  })
  return () => {
    stopProgress()
    stopCaptured()
  }
}

/** Back to nothing known (tests). */
export function resetCaptures(): void {
  useCaptureStore.setState({
    run: undefined,
    outcome: undefined,
    dialogOpen: false,
    toasts: [],
    ended: new Set(),
  })
}

/** The share of calls done, 0…1; undefined while the total is not known yet. */
export function captureFraction(progress: CaptureProgress | undefined): number | undefined {
  if (progress === undefined || progress.total === 0) return undefined
  return Math.min(1, progress.done / progress.total)
}
