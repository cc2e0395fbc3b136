/**
 * Where the focus goes back when a store's dialog closes. The dialogs are mounted only while open, so Mantine's
 * own focus return never runs: `remember` (at the first dialog of a chain: one replacing another keeps the first
 * one's return point) keeps what had the focus, `restore` gives it back once the dialog has left the DOM — or to
 * the fleet tree when that element is gone (a context menu's item), unless something else took the focus
 * meanwhile (a click).
 */
export function focusReturn(isOpen: () => boolean): { remember: () => void; restore: () => void } {
  let before: Element | null = null
  return {
    remember: () => {
      if (!isOpen()) before = document.activeElement
    },
    restore: () => {
      const target = before
      before = null
      setTimeout(() => {
        if (isOpen()) return
        const active = document.activeElement
        if (active !== null && active !== document.body && active.closest('[role="dialog"]') === null) return
        const element =
          target instanceof HTMLElement && target.isConnected && target !== document.body
            ? target
            : document.querySelector<HTMLElement>('[role="tree"].fleet-tree')
        element?.focus()
      }, 0)
    },
  }
}
