import type { ConsoleInfo } from '../../../../shared/model/console'
import type { LocalConsole } from '../../stores/console-store'
import type { ConsoleStream } from './console-attacher'

/** What the workspace hands a console's view (terminal or screen), whichever kind it is. */
export interface ConsoleViewProps {
  info: ConsoleInfo
  local: LocalConsole | undefined
  stream: ConsoleStream | undefined
  visible: boolean
  /** Attaches again after a failed attach. */
  onRetry?: () => void
}
