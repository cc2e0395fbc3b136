import type { ReactElement } from 'react'

import { useHelpKey } from './shortcuts-key'
import { ShortcutsOverlay } from './ShortcutsOverlay'

/** The main window's look layer: `?` and F1 bound, the shortcuts overlay mounted. */
export function LookLayer(): ReactElement {
  useHelpKey()
  return <ShortcutsOverlay />
}
