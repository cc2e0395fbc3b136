import type { ReactElement } from 'react'

import { App } from './App'
import { detachedConsoleId } from './features/consoles/detach'
import { ConsoleWindow } from './features/consoles/ConsoleWindow'
import { LookLayer } from './features/look/LookLayer'
import { StartFailed } from './features/startup/StartFailed'
import { useAppStore } from './stores/app-store'

/**
 * The window: the app once main gave it its start, or the failed-start screen; a detached console window
 * (`#console=<id>`) shows that console alone. The main window also gets the look layer (`?`/F1 and the
 * shortcuts overlay).
 */
export function Root({ consoleId = detachedConsoleId() }: { consoleId?: string | undefined }): ReactElement {
  const startup = useAppStore((s) => s.startup)
  if (startup.state === 'failed') return <StartFailed error={startup.error} />
  if (consoleId !== undefined) return <ConsoleWindow consoleId={consoleId} />
  return (
    <>
      <App />
      <LookLayer />
    </>
  )
}
