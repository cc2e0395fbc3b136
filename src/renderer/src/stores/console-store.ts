import { create } from 'zustand'

import type { ConsoleEvent } from '../../../shared/ipc/domains/console'
import type { AppErrorShape } from '../../../shared/ipc/errors'
import type { ConsoleInfo } from '../../../shared/model/console'

/** The workspace's fixed first tab. */
export const DETAILS_TAB = 'details'

/**
 * Where this window stands with a console's stream: `none` not attached (yet), `attaching` asked main,
 * `here` this window holds the stream, `elsewhere` another window took it (a detached window): the tab then
 * offers to bring it back instead of stealing it again by itself.
 */
export type Attachment = 'none' | 'attaching' | 'here' | 'elsewhere'

export interface LocalConsole {
  attachment: Attachment
  /** Why the last attach failed, when it did (main refused the stream). */
  attachError?: AppErrorShape
}

/**
 * The console workspace's metadata: the consoles main knows (by id), the order of their tabs, the active tab
 * and, per console, where this window stands with its stream. Metadata only — never a terminal's bytes, a
 * framebuffer or an xterm/noVNC object: those live in their components (STYLE §9.9).
 */
export interface ConsoleStore {
  consoles: Record<string, ConsoleInfo>
  /** Tab order, by console id (the Details tab is always first and not listed). */
  order: readonly string[]
  /** `details` or a console id. */
  active: string
  local: Record<string, LocalConsole>
  /** Whether main's list came (a detached window tells "unknown console" only after it). */
  listed: boolean
  /** A connected console the user asked to close, waiting for the confirmation. */
  confirming?: string | undefined
  /**
   * Bumped when this window closes a console: the workspace then puts the focus on the tab strip, not on the
   * neighbour's terminal (which may be another cluster's root shell).
   */
  tabsFocus: number
  /** The consoles main listed at start, in their opening order (a reload finds its tabs again). */
  load: (list: readonly ConsoleInfo[]) => void
  /** A `console:changed` event from main. */
  apply: (event: ConsoleEvent) => void
  /** Adds or updates a console (the answer of console:open), and shows its tab when `show`. */
  upsert: (info: ConsoleInfo, show?: boolean) => void
  /** Removes a console's tab; `focusTabs` when this window closed it (see {@link ConsoleStore.tabsFocus}). */
  remove: (consoleId: string, focusTabs?: boolean) => void
  setConfirming: (consoleId: string | undefined) => void
  activate: (tab: string) => void
  /** Next (+1) or previous (−1) tab, Details included, wrapping around. */
  cycle: (step: 1 | -1) => void
  /** Moves a console's tab to `index` among the console tabs. */
  move: (consoleId: string, index: number) => void
  setAttachment: (consoleId: string, local: LocalConsole) => void
}

export const useConsoleStore = create<ConsoleStore>()((set, get) => ({
  consoles: {},
  order: [],
  active: DETAILS_TAB,
  local: {},
  listed: false,
  tabsFocus: 0,
  load: (list) => {
    set((current) => {
      const consoles = { ...current.consoles }
      const order = [...current.order]
      for (const info of [...list].sort((a, b) => a.openedAt - b.openedAt)) {
        consoles[info.consoleId] = info
        if (!order.includes(info.consoleId)) order.push(info.consoleId)
      }
      return { consoles, order, listed: true }
    })
  },
  apply: (event) => {
    if (event.kind === 'removed') get().remove(event.consoleId)
    else get().upsert(event.console)
  },
  upsert: (info, show = false) => {
    set((current) => ({
      consoles: { ...current.consoles, [info.consoleId]: info },
      order: current.order.includes(info.consoleId) ? current.order : [...current.order, info.consoleId],
      active: show ? info.consoleId : current.active,
    }))
  },
  remove: (consoleId, focusTabs = false) => {
    set((current) => {
      if (!(consoleId in current.consoles)) return current
      const { [consoleId]: _gone, ...consoles } = current.consoles
      const { [consoleId]: _local, ...local } = current.local
      const at = current.order.indexOf(consoleId)
      const order = current.order.filter((id) => id !== consoleId)
      // Closing the active tab shows its right-hand neighbour, else its left one, else Details.
      const active =
        current.active === consoleId ? (order[at] ?? order[at - 1] ?? DETAILS_TAB) : current.active
      const confirming = current.confirming === consoleId ? undefined : current.confirming
      const tabsFocus = current.tabsFocus + (focusTabs ? 1 : 0)
      return { consoles, order, local, active, confirming, tabsFocus }
    })
  },
  setConfirming: (consoleId) => {
    set({ confirming: consoleId })
  },
  activate: (tab) => {
    set((current) => (tab === DETAILS_TAB || current.order.includes(tab) ? { active: tab } : current))
  },
  cycle: (step) => {
    set((current) => {
      const tabs = [DETAILS_TAB, ...current.order]
      const at = Math.max(0, tabs.indexOf(current.active))
      return { active: tabs[(at + step + tabs.length) % tabs.length] ?? DETAILS_TAB }
    })
  },
  move: (consoleId, index) => {
    set((current) => {
      if (!current.order.includes(consoleId)) return current
      const order = current.order.filter((id) => id !== consoleId)
      order.splice(Math.max(0, Math.min(order.length, index)), 0, consoleId)
      return { order }
    })
  },
  setAttachment: (consoleId, local) => {
    set((current) => ({ local: { ...current.local, [consoleId]: local } }))
  },
}))
