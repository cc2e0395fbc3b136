/** A key event as the workspace reads it (a DOM KeyboardEvent, or React's). */
export interface KeyLike {
  key: string
  ctrlKey: boolean
  shiftKey: boolean
  altKey: boolean
  metaKey: boolean
}

export type WorkspaceKey = 'next' | 'previous' | 'moveRight' | 'moveLeft' | 'close' | 'find'

/**
 * The workspace's own keys, taken before a terminal or a screen sees them: Ctrl+PageDown / Ctrl+PageUp switch
 * tabs (as in Firefox, VS Code and GNOME Terminal), Ctrl+Shift+PageDown / PageUp move the active tab,
 * Ctrl+Shift+W closes it, Ctrl+Shift+F finds in a terminal's scrollback. Nothing a shell or a guest needs:
 * terminal programs get no Ctrl+Shift combination.
 */
export function workspaceKey(event: KeyLike): WorkspaceKey | undefined {
  if (!event.ctrlKey || event.altKey || event.metaKey) return undefined
  if (event.key === 'PageDown') return event.shiftKey ? 'moveRight' : 'next'
  if (event.key === 'PageUp') return event.shiftKey ? 'moveLeft' : 'previous'
  if (event.shiftKey && event.key.toLowerCase() === 'w') return 'close'
  if (event.shiftKey && event.key.toLowerCase() === 'f') return 'find'
  return undefined
}

/**
 * Keys xterm must leave alone: the workspace's, and Ctrl+Shift+C / Ctrl+Shift+V, left to the window's copy and
 * paste (the paste event reaches xterm, which brackets it when the application asked).
 */
export function isWorkspaceKey(event: KeyLike): boolean {
  if (workspaceKey(event) !== undefined) return true
  return event.ctrlKey && event.shiftKey && ['c', 'v'].includes(event.key.toLowerCase())
}
