import { describe, expect, it } from 'vitest'

import { actionForKey } from '../actions/action-catalog'
import type { ConsoleChoice, ConsoleShortcut } from '../consoles/console-choices'
import { treeConsoleKey } from '../consoles/tree-console-key'
import { isWorkspaceKey, workspaceKey } from '../consoles/workspace-keys'
import { isPanelKey } from '../inventory/InventoryButton'
import { isPaletteKey } from '../palette/CommandPalette'
import { isDockKey } from '../tasks/TasksButton'
import { treeKeyAction } from '../tree/tree-keys'
import type { TreeRows } from '../tree/tree-row'
import { keyParts, SHORTCUTS } from './shortcut-list'
import { isHelpKey } from './shortcuts-key'

interface Press {
  key: string
  ctrlKey: boolean
  altKey: boolean
  shiftKey: boolean
  metaKey: boolean
  repeat: false
  target: null
}

const KEYS = [
  ...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''),
  ...'?/,.;:!-=+'.split(''),
  ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`),
  ...['Enter', 'Escape', ' ', 'Tab', 'Backspace', 'Delete', 'Insert', 'ContextMenu'],
  ...['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'],
]

function* presses(): Generator<Press> {
  for (const key of KEYS) {
    for (let mods = 0; mods < 16; mods++) {
      yield {
        key,
        ctrlKey: (mods & 1) !== 0,
        altKey: (mods & 2) !== 0,
        shiftKey: (mods & 4) !== 0,
        metaKey: (mods & 8) !== 0,
        repeat: false,
        target: null,
      }
    }
  }
}

/** As shortcut-list.ts writes a combination: Ctrl, Alt, Shift, Meta, then the key (a letter upper case). */
function comboOf(p: Press): string {
  const printable = p.key.length === 1 && !/[a-z]/i.test(p.key) && p.key !== ' '
  const mods = [
    p.ctrlKey ? 'Ctrl' : '',
    p.altKey ? 'Alt' : '',
    // Shift is part of a printed character (`?` is Shift+/ or Shift+,): not said.
    p.shiftKey && !printable ? 'Shift' : '',
    p.metaKey ? 'Meta' : '',
  ].filter((m) => m !== '')
  return [...mods, /^[a-z]$/i.test(p.key) ? p.key.toUpperCase() : p.key].join('+')
}

const choices: ConsoleChoice[] = (
  ['Enter', 'Shift+Enter', 'Ctrl+Enter', 'Ctrl+Shift+Enter'] as ConsoleShortcut[]
).map(
  (shortcut): ConsoleChoice =>
    ({
      id: 'shell',
      kind: 'terminal',
      target: { type: 'node', node: 'n' },
      capability: { allowed: true },
      shortcut,
    }) satisfies ConsoleChoice,
)

const rows = {
  length: 3,
  at: (i: number) => ({
    id: `r${i}`,
    hasChildren: true,
    expanded: i === 0,
    parentId: i > 0 ? 'r0' : undefined,
  }),
  indexOfParent: () => 0,
  indexOf: () => -1,
} as unknown as TreeRows

/** Every handler whose keys are data (pure functions of the key): which presses each binds. */
const HANDLERS: Record<string, (p: Press) => boolean> = {
  workspace: (p) => workspaceKey(p) !== undefined || isWorkspaceKey(p),
  dock: (p) => isDockKey(p),
  inventory: (p) => isPanelKey(p),
  action: (p) => actionForKey(p) !== undefined,
  treeConsole: (p) => treeConsoleKey(p, choices).type !== 'none',
  help: (p) => isHelpKey(p),
  palette: (p) => isPaletteKey(p as unknown as KeyboardEvent),
  // treeKeyAction reads the key alone: FleetTree gives it the presses without a modifier.
  tree: (p) =>
    !p.ctrlKey && !p.altKey && !p.shiftKey && !p.metaKey && treeKeyAction(p.key, rows, 1).type !== 'none',
}

/** Keys bound inline in a component (not data): where (a file or a folder), and the text that binds them. */
const INLINE: { combo: string; file: string; needle: string }[] = [
  { combo: 'Ctrl+A', file: 'tree/', needle: "event.key.toLowerCase() === 'a'" },
  { combo: 'Escape', file: 'tree/', needle: "event.key === 'Escape' && ui.multi.size > 0" },
  { combo: 'Shift+ArrowUp', file: 'tree/', needle: "event.key !== 'ArrowUp'" },
  { combo: 'Shift+ArrowDown', file: 'tree/', needle: "event.key !== 'ArrowDown'" },
  { combo: 'Enter', file: 'tree/', needle: "event.key === 'Enter' && !event.repeat" },
  { combo: 'Shift+Enter', file: 'consoles/terminal/FindBar.tsx', needle: 'find(!event.shiftKey)' },
  { combo: 'PageUp', file: 'tasks/TaskTable.tsx', needle: "event.key === 'PageUp'" },
  { combo: 'PageDown', file: 'tasks/TaskTable.tsx', needle: "event.key === 'PageDown'" },
  { combo: ' ', file: 'tasks/TaskRowView.tsx', needle: "event.key !== ' '" },
  { combo: 'ArrowUp', file: 'tasks/DockResizer.tsx', needle: "event.key === 'ArrowUp'" },
  { combo: 'F', file: 'views/view-keys.ts', needle: "key === 'f'" },
  { combo: 'M', file: 'views/view-keys.ts', needle: "key !== 'm'" },
  { combo: 'Tab', file: 'search/SearchBox.tsx', needle: "event.key === 'Tab'" },
]

const listed = new Set(SHORTCUTS.flatMap((s) => s.items.flatMap((i) => i.keys)))

/**
 * Listed as itself, or as the same key with fewer modifiers: some handlers let extra ones through (Shift+F10
 * with Alt too, Ctrl+Shift+C with Alt too, ContextMenu with anything), and the list shows the plain form.
 */
function isListed(p: Press): boolean {
  const held = (['ctrlKey', 'altKey', 'shiftKey', 'metaKey'] as const).filter((m) => p[m])
  for (let subset = 0; subset < 1 << held.length; subset++) {
    const fewer = { ...p }
    held.forEach((m, i) => {
      if ((subset & (1 << i)) !== 0) fewer[m] = false
    })
    if (listed.has(comboOf(fewer))) return true
  }
  return false
}
/** The features' sources as text (Vite's raw import): where the inline keys must still be bound. */
const sources = import.meta.glob<string>(['../**/*.ts', '../**/*.tsx', '!../**/*.test.*'], {
  query: '?raw',
  import: 'default',
  eager: true,
})

/** A file's source, or a folder's (`tree/`: every file in it, so a handler moved within it still counts). */
const sourceOf = (place: string): string =>
  Object.entries(sources)
    .filter(([path]) => path.startsWith(`../${place}`))
    .map(([, text]) => text)
    .join('\n')

describe('the shortcuts list', () => {
  it('lists every key a handler of the app binds', () => {
    const missing = new Set<string>()
    for (const press of presses()) {
      for (const [name, binds] of Object.entries(HANDLERS)) {
        if (binds(press) && !isListed(press)) missing.add(`${name}: ${comboOf(press)}`)
      }
    }
    expect([...missing]).toEqual([])
  })

  it('lists no key that nothing binds', () => {
    const bound = new Set<string>()
    for (const press of presses()) {
      if (Object.values(HANDLERS).some((binds) => binds(press))) bound.add(comboOf(press))
    }
    for (const { combo, file, needle } of INLINE) {
      expect(sourceOf(file), `${combo} in ${file}`).toContain(needle)
      bound.add(combo)
    }
    // Mantine's own: Esc closes a dialog, a menu, the overlay or the suggestions; ↑ ↓ Enter choose in the
    // search box's suggestions (Combobox) and in the palette (Spotlight).
    bound.add('Escape')
    expect([...listed].filter((combo) => !bound.has(combo))).toEqual([])
  })

  it('writes combinations the overlay can split', () => {
    expect(keyParts('Alt+Shift+S')).toEqual({ mods: ['Alt', 'Shift'], key: 'S' })
    expect(keyParts('?')).toEqual({ mods: [], key: '?' })
    expect(keyParts('Ctrl++')).toEqual({ mods: ['Ctrl'], key: '+' })
  })
})
