import type { ReactElement } from 'react'

import { App } from './App'
import { detachedConsoleId } from './features/consoles/detach'
import { ConsoleWindow } from './features/consoles/ConsoleWindow'
import { StartFailed } from './features/startup/StartFailed'
import { useAppStore } from './stores/app-store'

/**
 * The window: the app once main gave it its start, or the failed-start screen; a detached console window
 * (`#console=<id>`) shows that console alone.
 */
export function Root({ consoleId = detachedConsoleId() }: { consoleId?: string | undefined }): ReactElement {
  const startup = useAppStore((s) => s.startup)
  if (startup.state === 'failed') return <StartFailed error={startup.error} />
  return consoleId === undefined ? <App /> : <ConsoleWindow consoleId={consoleId} />
}
