import { create } from 'zustand'

import type { TaskState } from '../../../shared/model/task'

/**
 * The task dock's view state: open or not, its height (kept in localStorage, as VS Code keeps its panel's), which
 * tasks it lists and which task's log it shows. Apart from the task data (task-store.ts): a filter typed does not
 * re-render what only reads the tasks.
 */

/** Running only, every task newest first, or failures only (PVE's own task panel has the same three needs). */
export type TaskView = 'running' | 'recent' | 'failed'

/** The filter bar's choices; undefined (or '') means any. */
export interface TaskFilters {
  clusterId?: string
  site?: string
  node?: string
  /** A guest's name or vmid, as typed (substring, case-insensitive). */
  guest?: string
  user?: string
  type?: string
  state?: TaskState
}

/** The task whose log the dock shows: by cluster and UPID, so that a task just started shows before it is listed. */
export interface ShownTask {
  clusterId: string
  upid: string
}

export const DOCK_MIN_HEIGHT = 140
export const DOCK_DEFAULT_HEIGHT = 280
const HEIGHT_KEY = 'pvedesk.taskDock.height'
const OPEN_KEY = 'pvedesk.taskDock.open'

export interface TaskDockStore {
  open: boolean
  height: number
  view: TaskView
  filters: TaskFilters
  shown: ShownTask | undefined
  setOpen: (open: boolean) => void
  toggle: () => void
  /** Clamped to [DOCK_MIN_HEIGHT, max], and kept for the next start. */
  setHeight: (height: number, max: number) => void
  setView: (view: TaskView) => void
  setFilter: <K extends keyof TaskFilters>(name: K, value: TaskFilters[K] | undefined) => void
  clearFilters: () => void
  show: (task: ShownTask | undefined) => void
  /** Opens the dock on this task's log; the filters that would hide it are lifted. */
  reveal: (task: ShownTask) => void
}

/** localStorage may be absent or refuse (a locked-down profile): the dock still works, it only forgets. */
function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key)
  } catch {
    return null
  }
}

function store(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value)
  } catch {
    // Not kept: the next start uses the default.
  }
}

/** A stored height edited by hand (text, negative, huge) falls back to the default or to the bounds. */
export function storedHeight(text: string | null): number {
  const value = text === null ? NaN : Number(text)
  if (!Number.isFinite(value)) return DOCK_DEFAULT_HEIGHT
  return Math.min(Math.max(Math.round(value), DOCK_MIN_HEIGHT), 4_000)
}

export const clampHeight = (height: number, max: number): number =>
  Math.round(Math.min(Math.max(height, DOCK_MIN_HEIGHT), Math.max(DOCK_MIN_HEIGHT, max)))

export const useTaskDock = create<TaskDockStore>()((set, get) => ({
  open: readStored(OPEN_KEY) === 'true',
  height: storedHeight(readStored(HEIGHT_KEY)),
  view: 'recent',
  filters: {},
  shown: undefined,
  setOpen: (open) => {
    store(OPEN_KEY, String(open))
    set({ open })
  },
  toggle: () => {
    get().setOpen(!get().open)
  },
  setHeight: (height, max) => {
    const clamped = clampHeight(height, max)
    store(HEIGHT_KEY, String(clamped))
    set({ height: clamped })
  },
  setView: (view) => {
    set({ view })
  },
  setFilter: (name, value) => {
    set((current) => {
      const rest = Object.fromEntries(Object.entries(current.filters).filter(([key]) => key !== name))
      return { filters: value === undefined || value === '' ? rest : { ...rest, [name]: value } }
    })
  },
  clearFilters: () => {
    set({ filters: {} })
  },
  show: (shown) => {
    set({ shown })
  },
  reveal: (shown) => {
    store(OPEN_KEY, 'true')
    set({ open: true, shown, view: 'recent', filters: {} })
  },
}))
