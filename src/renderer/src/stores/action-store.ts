import { useEffect } from 'react'
import { create } from 'zustand'

import type { ActionPreferences, GuestAction, GuestRef } from '../../../shared/model/guest-action'
import { ActionPreferences as PreferencesSchema } from '../../../shared/model/guest-action'
import { AppError } from '../../../shared/ipc/errors'
import type { AppErrorShape } from '../../../shared/ipc/errors'
import { pveDesk, unwrap } from '../api/client'
import { useFleetStore } from './fleet-store'
import { focusReturn } from '../lib/focus-return'

/** Which dialog of the actions layer is open, for which guest. */
export type ActionDialog =
  /** A confirmation before `action` runs (it loses state, or a migration copies local disks). */
  | { type: 'confirm'; guest: GuestRef; action: GuestAction }
  | { type: 'shutdown'; guest: GuestRef }
  | { type: 'migrate'; guest: GuestRef }
  | { type: 'backup'; guest: GuestRef }
  | { type: 'snapshotCreate'; guest: GuestRef }
  | { type: 'preferences' }

/** A started action told to the user, with a link to its task. */
export interface ActionToast {
  id: number
  guest: GuestRef
  /** The guest's name when the action started (it may be gone from the tree when the toast is read). */
  guestName: string
  /** The cluster's name and the guest's site when it started: vmids repeat across clusters. */
  cluster?: string
  site?: string
  kind: GuestAction['kind']
  upid: string | null
  /** PVE's answer when it started no task. */
  message?: string
  error?: AppErrorShape
}

export interface ActionStore {
  dialog: ActionDialog | undefined
  /**
   * Which opening of a dialog is on screen: an answer that comes back after its dialog was closed (Escape, Cancel)
   * or replaced must not close, nor write into, another one.
   */
  dialogId: number
  toasts: readonly ActionToast[]
  /** The guard rails as main keeps them; PVE Desk's defaults until main answered. */
  preferences: ActionPreferences
  /** Opens a dialog, remembering where the focus was to give it back on close. */
  open: (dialog: ActionDialog) => void
  /** Closes the dialog (only if it is still opening `id`, when given) and gives the focus back. */
  close: (id?: number) => void
  dismissToast: (id: number) => void
  /**
   * Sends the action to main and tells the outcome as a toast. Resolves with the error (PVE's own words kept) for
   * a dialog that stays open to show it, or undefined once started.
   */
  perform: (guest: GuestRef, guestName: string, action: GuestAction) => Promise<AppError | undefined>
  /** Tells a failure nobody's dialog shows (an action run straight from a button or a key). */
  failed: (guest: GuestRef, guestName: string, kind: GuestAction['kind'], error: AppError) => void
  loadPreferences: () => Promise<void>
  savePreferences: (preferences: ActionPreferences) => Promise<void>
}

/** Toasts kept at once: the newest (older ones' tasks stay in the task dock). */
const KEPT = 4
let nextToast = 1

export const DEFAULT_PREFERENCES: ActionPreferences = PreferencesSchema.parse({})

const focus = focusReturn(() => useActionStore.getState().dialog !== undefined)

function toastWhere(guest: GuestRef): Pick<ActionToast, 'cluster' | 'site'> {
  const { clusters, trees } = useFleetStore.getState()
  const entry = clusters[guest.clusterId]
  if (entry === undefined) return {}
  const node = trees[guest.clusterId]?.guests.get(guest.vmid)?.node
  const site = (node === undefined ? undefined : entry.summary.sites[node]) ?? entry.summary.defaultSite
  return { cluster: entry.summary.name, site }
}

let nextDialog = 1

export const useActionStore = create<ActionStore>()((set, get) => ({
  dialog: undefined,
  dialogId: 0,
  toasts: [],
  preferences: DEFAULT_PREFERENCES,
  open: (dialog) => {
    focus.remember()
    set({ dialog, dialogId: nextDialog++ })
  },
  close: (id) => {
    const { dialog, dialogId } = get()
    if (dialog === undefined || (id !== undefined && id !== dialogId)) return
    set({ dialog: undefined })
    focus.restore()
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  perform: async (guest, guestName, action) => {
    try {
      const started = await unwrap(pveDesk().guestAction({ guest, action }))
      set((s) => ({
        toasts: [
          ...s.toasts,
          {
            id: nextToast++,
            guest,
            guestName,
            ...toastWhere(guest),
            kind: action.kind,
            upid: started.upid,
            ...(started.message === undefined ? {} : { message: started.message }),
          },
        ].slice(-KEPT),
      }))
      return undefined
    } catch (error: unknown) {
      return AppError.from(error)
    }
  },
  failed: (guest, guestName, kind, error) =>
    set((s) => ({
      toasts: [
        ...s.toasts,
        {
          id: nextToast++,
          guest,
          guestName,
          ...toastWhere(guest),
          kind,
          upid: null,
          error: error.toShape(),
        },
      ].slice(-KEPT),
    })),
  loadPreferences: async () => {
    try {
      set({ preferences: await unwrap(pveDesk().guestPreferences({})) })
    } catch {
      // Main's defaults are ours: the guard rails stay on while main cannot say otherwise.
    }
  },
  savePreferences: async (preferences) => {
    set({ preferences: await unwrap(pveDesk().guestSetPreferences({ preferences })) })
  },
}))

let loading: Promise<void> | undefined

/**
 * The guard rails and bulk settings, loaded from main once per window (lanes K and B read `notify` and
 * `bulkConcurrency` through it).
 */
export function useActionPreferences(): ActionPreferences {
  const preferences = useActionStore((s) => s.preferences)
  useEffect(() => {
    loading ??= useActionStore.getState().loadPreferences()
  }, [])
  return preferences
}
