import type { LucideIcon } from 'lucide-react'
import {
  Archive,
  ArrowRightLeft,
  Camera,
  Moon,
  Pause,
  Play,
  Power,
  RotateCcw,
  Square,
  StepForward,
  Zap,
} from 'lucide-react'

import type { AvailabilityKind } from './availability'

/** One action the UI offers on a guest: its icon and its keyboard letter (with Alt+Shift), if it has one. */
export interface ActionItem {
  id: AvailabilityKind
  icon: LucideIcon
  /** `Alt+Shift+<key>` on the selected guest (tree or details pane); none for the rare, brutal reset. */
  key?: string
  /** Red: it loses state. */
  danger?: boolean
}

/** In the order the action bar and the context menu show them: power, then the rest. */
export const ACTION_ITEMS: readonly ActionItem[] = [
  { id: 'start', icon: Play, key: 'S' },
  { id: 'shutdown', icon: Power, key: 'H' },
  { id: 'stop', icon: Square, key: 'X', danger: true },
  { id: 'reboot', icon: RotateCcw, key: 'R' },
  { id: 'reset', icon: Zap, danger: true },
  { id: 'suspend', icon: Pause, key: 'P' },
  { id: 'hibernate', icon: Moon },
  { id: 'resume', icon: StepForward, key: 'U' },
  { id: 'migrate', icon: ArrowRightLeft, key: 'M' },
  { id: 'backup', icon: Archive, key: 'B' },
  { id: 'snapshotCreate', icon: Camera, key: 'N' },
]

/** The shortcut as shown in menus and tooltips. */
export const shortcutLabel = (item: ActionItem): string | undefined =>
  item.key === undefined ? undefined : `Alt+Shift+${item.key}`

/** A key event as the actions layer reads it. */
export interface ActionKeyLike {
  key: string
  code?: string
  repeat: boolean
  ctrlKey: boolean
  shiftKey: boolean
  altKey: boolean
  metaKey: boolean
}

/**
 * The action a key asks for: Alt+Shift+letter, nothing else held, not a held key repeating (one action per
 * deliberate press). Alt+Shift is free in the tree (arrows, Enter, Shift/Ctrl ranges), the workspace (Ctrl+…)
 * and terminals (which never see it: the layer only listens outside them). The letter is `key`'s (the
 * layout's: M is M on AZERTY); when Alt+Shift made `key` another character (macOS's Option), the physical `code`.
 */
export function actionForKey(event: ActionKeyLike): ActionItem | undefined {
  if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey || event.repeat) return undefined
  const letter = /^[a-z]$/i.test(event.key)
    ? event.key.toUpperCase()
    : event.code !== undefined && /^Key[A-Z]$/.test(event.code)
      ? event.code.slice(3)
      : undefined
  // No letter, no action: the items without a key (reset) must not answer an undefined one.
  if (letter === undefined) return undefined
  return ACTION_ITEMS.find((item) => item.key === letter)
}
