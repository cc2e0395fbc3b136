import { create } from 'zustand'

import type { GuestRef } from '../../../../shared/model/guest-action'

/** Which of the views' dialogs is open: the folder manager, "put in a folder" (for which guests), "save view". */
export interface ViewsStore {
  folders: boolean
  move: readonly GuestRef[] | undefined
  save: boolean
  openFolders: (open: boolean) => void
  openMove: (guests: readonly GuestRef[] | undefined) => void
  openSave: (open: boolean) => void
}

export const useViewsStore = create<ViewsStore>()((set) => ({
  folders: false,
  move: undefined,
  save: false,
  openFolders: (folders) => {
    set({ folders })
  },
  openMove: (guests) => {
    set({ move: guests === undefined || guests.length === 0 ? undefined : guests })
  },
  openSave: (save) => {
    set({ save })
  },
}))
