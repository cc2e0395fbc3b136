import type { ReactElement } from 'react'

import { App } from './App'
import { StartFailed } from './features/startup/StartFailed'
import { useAppStore } from './stores/app-store'

/** The window: the app once main gave it its start, or the failed-start screen. */
export function Root(): ReactElement {
  const startup = useAppStore((s) => s.startup)
  return startup.state === 'failed' ? <StartFailed error={startup.error} /> : <App />
}
