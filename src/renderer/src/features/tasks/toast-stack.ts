import type { RefObject } from 'react'
import { useEffect } from 'react'

/**
 * The one place for PVE Desk's toasts (the actions' "started" ones and the ended tasks'): bottom right, just
 * above the task dock, under Mantine's modals (z-index 200) so that a toast never covers a dialog's buttons,
 * and clear of the tree on the left. Both stacks portal into this one element (tasks.css `.toast-stack`).
 */
export function toastStack(): HTMLElement {
  let element = document.getElementById(TOAST_STACK_ID)
  if (element === null) {
    element = document.createElement('div')
    element.id = TOAST_STACK_ID
    element.className = 'toast-stack'
    element.dataset.testid = 'toast-stack'
  }
  // Kept in the document whatever removed it (a test emptying the body): a detached stack would show nothing.
  if (!element.isConnected) document.body.appendChild(element)
  return element
}

export const TOAST_STACK_ID = 'pvedesk-toast-stack'
/** How far above the window's bottom the dock starts: the toast stack sits on it (tasks.css). */
export const DOCK_TOP_VARIABLE = '--pvedesk-dock-top'

/**
 * Keeps {@link DOCK_TOP_VARIABLE} at the distance from the dock's top edge to the window's bottom while the dock
 * is mounted: it grows when the dock opens or is dragged taller, and the toasts move up with it.
 */
export function useDockHeightVariable(section: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = section.current
    if (element === null) return undefined
    const root = document.documentElement
    const update = (): void => {
      const top = element.getBoundingClientRect().top
      root.style.setProperty(DOCK_TOP_VARIABLE, `${Math.max(0, Math.round(window.innerHeight - top))}px`)
    }
    update()
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(update)
    observer?.observe(element)
    window.addEventListener('resize', update)
    return () => {
      observer?.disconnect()
      window.removeEventListener('resize', update)
      root.style.removeProperty(DOCK_TOP_VARIABLE)
    }
  }, [section])
}
