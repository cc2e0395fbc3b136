import { useEffect } from 'react'

import { useOverlayStore } from '../../stores/overlay-store'

/** A key event as the shortcuts overlay reads it. */
export interface HelpKeyLike {
  key: string
  ctrlKey: boolean
  altKey: boolean
  metaKey: boolean
  target: EventTarget | null
}

/** A console has the keys: a terminal's shell (F1 is mc's help) or a guest's screen gets them, never the app. */
const CONSOLE = '.xterm, .console-view'

const inConsole = (target: EventTarget | null): boolean =>
  target instanceof Element && target.closest(CONSOLE) !== null

/** Where typing `?` means a question mark: text fields, editable content, terminals (xterm's textarea). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  if (!(target instanceof HTMLInputElement)) return false
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type)
}

/**
 * Whether the key opens the shortcuts overlay: F1 anywhere but in a console, `?` when not typing nor in a
 * console. `?` is Shift+/ on QWERTY and Shift+, on AZERTY: the character is what counts, Shift allowed; with
 * Ctrl, Alt or Meta it is another shortcut (AltGr reports Ctrl+Alt on Windows: not ours either).
 */
export function isHelpKey(event: HelpKeyLike): boolean {
  if (event.ctrlKey || event.altKey || event.metaKey || inConsole(event.target)) return false
  if (event.key === 'F1') return true
  return event.key === '?' && !isTyping(event.target)
}

/** Binds `?` and F1 on the window while mounted (removed on unmount). */
export function useHelpKey(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || !isHelpKey(event)) return
      event.preventDefault()
      useOverlayStore.getState().openShortcuts(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
