import { create } from 'zustand'

import type { PveDeskApi } from '../../../shared/ipc/api'
import type { BulkActionKind, BulkProgress } from '../../../shared/model/bulk'
import type { GuestRef } from '../../../shared/model/guest-action'
import { focusReturn } from '../lib/focus-return'

/** What the bulk dialog shows: a new action to prepare over these guests, or a run of this session. */
export type BulkDialog =
  { kind: 'new'; action: BulkActionKind; guests: readonly GuestRef[] } | { kind: 'run'; bulkId: string }

/** Bulk runs of this session as main reports them, and the bulk dialog. */
export interface BulkStore {
  dialog: BulkDialog | undefined
  /** Runs by bulk id, as main last reported them. */
  runs: Readonly<Record<string, BulkProgress>>
  /** Bulk ids, newest first. */
  order: readonly string[]
  /** The action of each run this window started (main's progress does not repeat it). */
  actions: Readonly<Record<string, BulkActionKind>>
  /** A run this window started: its action, and the dialog shows it. */
  started: (bulkId: string, action: BulkActionKind) => void
  open: (dialog: BulkDialog) => void
  close: () => void
  /** A run moved on (or main listed it after a reload). */
  setProgress: (progress: BulkProgress) => void
}

/** Runs the window keeps (newest): a day's work, bounded whatever main sends. */
const MAX_RUNS = 50

const focus = focusReturn(() => useBulkStore.getState().dialog !== undefined)

export const useBulkStore = create<BulkStore>()((set, get) => ({
  dialog: undefined,
  runs: {},
  order: [],
  actions: {},
  started: (bulkId, action) => {
    set((current) => ({
      actions: { ...current.actions, [bulkId]: action },
      dialog: { kind: 'run', bulkId },
    }))
  },
  open: (dialog) => {
    focus.remember()
    set({ dialog })
  },
  close: () => {
    if (get().dialog === undefined) return
    set({ dialog: undefined })
    focus.restore()
  },
  setProgress: (progress) => {
    set((current) => {
      const known = current.runs[progress.bulkId] !== undefined
      const order = known ? current.order : [progress.bulkId, ...current.order].slice(0, MAX_RUNS)
      const runs: Record<string, BulkProgress> = {}
      for (const id of order) {
        const run = id === progress.bulkId ? progress : current.runs[id]
        if (run !== undefined) runs[id] = run
      }
      return { runs, order }
    })
  },
}))

/**
 * Follows main's bulk runs: progress events first, then the list of this session's runs (a reloaded window finds
 * its running ones again). A listed run older than an event already received is not taken back. Returns the
 * function that stops listening.
 */
export function subscribeBulk(api: Pick<PveDeskApi, 'onBulkProgress' | 'bulkList'>): () => void {
  let live = true
  const seen = new Set<string>()
  const stop = api.onBulkProgress((progress) => {
    seen.add(progress.bulkId)
    useBulkStore.getState().setProgress(progress)
  })
  void api.bulkList({}).then(
    (result) => {
      if (!live || !result.ok) return
      // Oldest first, so that the newest ends first in `order`.
      for (const progress of [...result.value].reverse()) {
        if (!seen.has(progress.bulkId)) useBulkStore.getState().setProgress(progress)
      }
    },
    () => undefined,
  )
  return () => {
    live = false
    stop()
  }
}
