import type { LucideIcon } from 'lucide-react'
import { Cable, Monitor, MonitorUp, SquareTerminal } from 'lucide-react'

import type { ConsoleChoiceId } from './console-choices'

/** One glyph per kind of console, the same in the menu, the details pane and the tabs. */
export const CHOICE_ICONS: Record<ConsoleChoiceId, LucideIcon> = {
  shell: SquareTerminal,
  console: SquareTerminal,
  serial: Cable,
  screen: Monitor,
  spice: MonitorUp,
}
