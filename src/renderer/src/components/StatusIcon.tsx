import type { LucideIcon } from 'lucide-react'
import {
  ArrowLeftRight,
  CircleHelp,
  CirclePause,
  CirclePlay,
  CircleStop,
  Copy,
  DatabaseBackup,
  Lock,
} from 'lucide-react'
import type { ReactElement } from 'react'

/**
 * What the tree and the details show of a guest's state; `template` and `locked` win over power state, and the
 * tree tells a migration and a backup in progress apart from other locks.
 */
export type GuestVisualState =
  'running' | 'stopped' | 'paused' | 'unknown' | 'template' | 'locked' | 'migrating' | 'backup'

const ICONS: Record<GuestVisualState, { icon: LucideIcon; color: string }> = {
  running: { icon: CirclePlay, color: 'var(--mantine-color-green-6)' },
  stopped: { icon: CircleStop, color: 'var(--mantine-color-gray-6)' },
  paused: { icon: CirclePause, color: 'var(--mantine-color-yellow-6)' },
  unknown: { icon: CircleHelp, color: 'var(--mantine-color-orange-6)' },
  template: { icon: Copy, color: 'var(--mantine-color-blue-5)' },
  locked: { icon: Lock, color: 'var(--mantine-color-orange-5)' },
  migrating: { icon: ArrowLeftRight, color: 'var(--mantine-color-blue-6)' },
  backup: { icon: DatabaseBackup, color: 'var(--mantine-color-violet-6)' },
}

/** A status glyph; its meaning is given in words by the row's accessible name, so the icon itself is hidden. */
export function StatusIcon({ state, size = 16 }: { state: GuestVisualState; size?: number }): ReactElement {
  const { icon: Icon, color } = ICONS[state]
  return <Icon size={size} color={color} aria-hidden="true" data-state={state} />
}
