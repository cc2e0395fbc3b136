import { ACTION_ITEMS } from '../actions/action-catalog'

/**
 * Every key the app binds, as the shortcuts overlay lists them, grouped by where they act. One list, so the
 * overlay cannot forget a key: shortcut-list.test.ts runs each key handler of the app over every combination and
 * fails on a key bound here but not listed, or listed but bound nowhere. A combination is written
 * `Mod+Mod+Key` with DOM key names (`Shift`, `Ctrl`, `Alt`, `Meta`; `ArrowUp`, `PageDown`, `Enter`…); the overlay
 * says them in the UI's language (Alt+Maj+S in French).
 */
export type ShortcutGroup = 'general' | 'tree' | 'actions' | 'consoles' | 'tasks' | 'search'

export interface Shortcut {
  /** Alternatives: any of them does it. */
  keys: readonly string[]
  /** `look.shortcuts.what.<what>`. */
  what: string
  /** Extra words for the description (an action's name). */
  values?: Record<string, string>
}

export interface ShortcutSection {
  group: ShortcutGroup
  items: readonly Shortcut[]
}

const actionKeys: Shortcut[] = ACTION_ITEMS.flatMap((item) =>
  item.key === undefined ? [] : [{ keys: [`Alt+Shift+${item.key}`], what: `action.${item.id}` }],
)

export const SHORTCUTS: readonly ShortcutSection[] = [
  {
    group: 'general',
    items: [
      { keys: ['?', 'F1'], what: 'shortcuts' },
      { keys: ['Ctrl+K', 'Meta+K'], what: 'palette' },
      { keys: ['Ctrl+Shift+O'], what: 'inventory' },
      { keys: ['Escape'], what: 'close' },
    ],
  },
  {
    group: 'tree',
    items: [
      { keys: ['ArrowUp', 'ArrowDown'], what: 'treeMove' },
      { keys: ['ArrowRight'], what: 'treeOpen' },
      { keys: ['ArrowLeft'], what: 'treeClose' },
      { keys: ['Home', 'End'], what: 'treeEnds' },
      { keys: ['Enter'], what: 'treeToggle' },
      { keys: ['Shift+ArrowUp', 'Shift+ArrowDown'], what: 'treeExtend' },
      { keys: ['Ctrl+A'], what: 'treeSelectAll' },
      { keys: ['Escape'], what: 'treeClearPicks' },
      { keys: ['ContextMenu', 'Shift+F10'], what: 'treeMenu' },
      { keys: ['F'], what: 'treeFavourite' },
      { keys: ['M'], what: 'treeFolder' },
    ],
  },
  { group: 'actions', items: actionKeys },
  {
    group: 'consoles',
    items: [
      { keys: ['Enter'], what: 'consoleFirst' },
      { keys: ['Shift+Enter'], what: 'consoleSecond' },
      { keys: ['Ctrl+Enter'], what: 'consoleNodeShell' },
      { keys: ['Ctrl+Shift+Enter'], what: 'consoleNodeScreen' },
      { keys: ['Ctrl+PageDown', 'Ctrl+PageUp'], what: 'consoleCycle' },
      { keys: ['Ctrl+Shift+PageDown', 'Ctrl+Shift+PageUp'], what: 'consoleMove' },
      { keys: ['Ctrl+Shift+W'], what: 'consoleClose' },
      { keys: ['Ctrl+Shift+F'], what: 'consoleFind' },
      { keys: ['Ctrl+Shift+C', 'Ctrl+Shift+V'], what: 'consoleCopyPaste' },
      { keys: ['Enter', 'Shift+Enter'], what: 'consoleFindNext' },
    ],
  },
  {
    group: 'tasks',
    items: [
      { keys: ['Ctrl+Shift+Y'], what: 'dock' },
      { keys: ['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End'], what: 'taskMove' },
      { keys: ['Enter', ' '], what: 'taskOpen' },
      { keys: ['ArrowUp', 'ArrowDown'], what: 'dockResize' },
    ],
  },
  {
    group: 'search',
    items: [
      { keys: ['ArrowDown', 'ArrowUp'], what: 'searchChoose' },
      { keys: ['Tab', 'Enter'], what: 'searchApply' },
      { keys: ['Escape'], what: 'searchClose' },
      { keys: ['ArrowDown', 'ArrowUp', 'Enter'], what: 'paletteChoose' },
    ],
  },
]

/** A combination as its parts: modifiers first, the key last. */
export function keyParts(combo: string): { mods: string[]; key: string } {
  // `+` alone, or at the end (`Ctrl++`), is the key itself.
  const parts =
    combo === '+' ? ['+'] : combo.endsWith('++') ? [...combo.slice(0, -2).split('+'), '+'] : combo.split('+')
  const key = parts.pop() ?? ''
  return { mods: parts, key }
}
