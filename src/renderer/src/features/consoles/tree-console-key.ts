import type { ConsoleChoice, ConsoleShortcut } from './console-choices'

/** A key event as the tree reads it (React's or the DOM's). */
export interface TreeKeyLike {
  key: string
  repeat: boolean
  ctrlKey: boolean
  shiftKey: boolean
  altKey: boolean
  metaKey: boolean
}

/** What a key on a node or guest row does about consoles. */
export type TreeConsoleKey =
  | { type: 'menu' }
  | { type: 'launch'; choice: ConsoleChoice }
  /** Taken, nothing to do (a held key repeating). */
  | { type: 'swallow' }
  /** Not a console key: the tree's own meaning applies. */
  | { type: 'none' }

/**
 * The console keys of the selected row: the context-menu key or Shift+F10 open the menu, Enter / Shift+Enter a
 * guest's consoles, Ctrl+Enter / Ctrl+Shift+Enter a node's. A held key opens nothing more (one console per
 * deliberate press); a key no choice claims keeps its tree meaning.
 */
export function treeConsoleKey(event: TreeKeyLike, choices: readonly ConsoleChoice[]): TreeConsoleKey {
  if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey && !event.ctrlKey))
    return event.repeat ? { type: 'swallow' } : { type: 'menu' }
  if (event.key !== 'Enter' || event.altKey || event.metaKey) return { type: 'none' }
  const wanted: ConsoleShortcut = event.ctrlKey
    ? event.shiftKey
      ? 'Ctrl+Shift+Enter'
      : 'Ctrl+Enter'
    : event.shiftKey
      ? 'Shift+Enter'
      : 'Enter'
  const choice = choices.find((c) => c.shortcut === wanted)
  if (choice === undefined) return { type: 'none' }
  return event.repeat ? { type: 'swallow' } : { type: 'launch', choice }
}
