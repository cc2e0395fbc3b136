import { create } from 'zustand'

import type { PveDeskApi } from '../../../shared/ipc/api'
import { AppError } from '../../../shared/ipc/errors'
import type { AppErrorShape } from '../../../shared/ipc/errors'
import type { DrAlert, DrReport, DrTargets } from '../../../shared/model/dr'
import { cancelWith, pveDesk, unwrap } from '../api/client'

/** The toasts keep at most this many alerts: a storm of transitions must not bury the window. */
export const MAX_LAST_ALERTS = 5

/**
 * Disaster recovery as this window knows it: main's newest report (the matrix and the sites), the targets in
 * force, the local history of alerts, and the few alerts just raised that the toasts show. Main computes it all;
 * the store only follows `dr:changed` and `dr:alert` and asks again when told.
 */
export interface DrStore {
  report: DrReport | undefined
  targets: DrTargets | undefined
  history: readonly DrAlert[]
  /** Newest first, at most MAX_LAST_ALERTS; the toasts dismiss them one by one. */
  lastAlerts: readonly DrAlert[]
  /** A refresh asked by the operator (« Actualiser ») is under way. */
  refreshing: boolean
  /** The operator cancelled the last refresh: the report shown is the one held before it. */
  refreshCancelled: boolean
  /** The last failed load or refresh, in words main gave; cleared by the next success. */
  error: AppErrorShape | undefined
  /** Reads the report, the targets and the history (subscribe first: see subscribeDr). */
  load: () => Promise<void>
  /** Reads every connected cluster again now; a second click while one runs does nothing. */
  refresh: () => Promise<void>
  /**
   * Cancels the refresh under way: main stops the read when no one else waits on it (the minute's own read goes
   * on), and the report held before stays.
   */
  cancelRefresh: () => void
  /** Saves the targets; throws main's refusal so the editor keeps what was typed. */
  saveTargets: (targets: DrTargets) => Promise<void>
  clearHistory: () => Promise<void>
  /** A `dr:changed` event. */
  changed: (report: DrReport) => void
  /** A `dr:alert` event. */
  alerted: (alert: DrAlert) => void
  dismissAlert: (id: string) => void
}

const shapeOf = (error: unknown): AppErrorShape => AppError.from(error).toShape()

/** A report older than the one held (a late answer after an event) is not taken. */
const newer = (held: DrReport | undefined, next: DrReport): boolean =>
  Array.isArray(next.guests) && (held === undefined || next.at >= held.at)

/** The operator's refresh under way (one at a time), for « Annuler ». */
let pendingRefresh: AbortController | undefined

export const useDrStore = create<DrStore>()((set, get) => ({
  report: undefined,
  targets: undefined,
  history: [],
  lastAlerts: [],
  refreshing: false,
  refreshCancelled: false,
  error: undefined,
  load: async () => {
    const api = pveDesk()
    try {
      const [report, targets, history] = await Promise.all([
        unwrap(api.drReport({})),
        unwrap(api.drTargets({})),
        unwrap(api.drHistory({})),
      ])
      set((s) => ({
        report: newer(s.report, report) ? report : s.report,
        targets,
        history: Array.isArray(history) ? history : [],
        error: undefined,
      }))
    } catch (thrown: unknown) {
      set({ error: shapeOf(thrown) })
    }
  },
  refresh: async () => {
    if (get().refreshing) return
    const controller = new AbortController()
    pendingRefresh = controller
    set({ refreshing: true, refreshCancelled: false })
    try {
      const report = await unwrap(pveDesk().drRefresh({}, cancelWith(controller.signal)))
      set((s) => ({ report: newer(s.report, report) ? report : s.report, error: undefined }))
    } catch (thrown: unknown) {
      // The operator's own cancel is no failure: the report held stays, said as such.
      if (controller.signal.aborted) set({ refreshCancelled: true })
      else set({ error: shapeOf(thrown) })
    } finally {
      if (pendingRefresh === controller) pendingRefresh = undefined
      set({ refreshing: false })
    }
  },
  cancelRefresh: () => {
    pendingRefresh?.abort()
  },
  saveTargets: async (targets) => {
    const report = await unwrap(pveDesk().drSetTargets({ targets }))
    set({ report, targets: report.targets, error: undefined })
  },
  clearHistory: async () => {
    await unwrap(pveDesk().drClearHistory({}))
    set({ history: [], lastAlerts: [] })
  },
  changed: (report) => {
    set((s) => (newer(s.report, report) ? { report, targets: report.targets, refreshCancelled: false } : s))
  },
  alerted: (alert) => {
    set((s) => {
      if (s.history.some((a) => a.id === alert.id)) return s
      return {
        history: [alert, ...s.history],
        lastAlerts: [alert, ...s.lastAlerts.filter((a) => a.id !== alert.id)].slice(0, MAX_LAST_ALERTS),
      }
    })
  },
  dismissAlert: (id) => {
    set((s) => ({ lastAlerts: s.lastAlerts.filter((a) => a.id !== id) }))
  },
}))

/**
 * Follows main's DR events, then loads (an event read before the answer wins by its time). Returns the function
 * that stops it all.
 */
export function subscribeDr(api: PveDeskApi): () => void {
  const store = useDrStore.getState()
  const stops = [api.onDrChanged((report) => store.changed(report)), api.onDrAlert((a) => store.alerted(a))]
  void store.load()
  return () => {
    for (const stop of stops) stop()
  }
}
