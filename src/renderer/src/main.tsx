import '@mantine/core/styles.css'
import './styles.css'

import { MantineProvider } from '@mantine/core'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

import { workspaceColorSchemeManager } from './features/look/color-scheme-manager'
import { startLook } from './features/look/look-sync'
import { initI18n } from './i18n'
import { Root } from './Root'
import { loadAppInfo, startApp } from './stores/actions'
import { useAppStore } from './stores/app-store'
import { startConsoles } from './stores/console-actions'
import { useWorkspaceStore } from './stores/workspace-store'

const WORKSPACE_WAIT_MS = 2_000

async function atMost(ms: number, work: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
  })
  try {
    await Promise.race([work, waited])
  } finally {
    clearTimeout(timer)
  }
}

async function bootstrap(): Promise<void> {
  // The system locale comes from main; if main does not answer, the failed-start screen speaks the browser's.
  const info = await loadAppInfo()
  const locale = info.ok ? info.value.locale : navigator.language
  await initI18n(locale)
  // The workspace before the first render, so the chosen language, theme and density show from the start (a
  // failure leaves the defaults and says so in the banner). Main silent: the failed-start screen, no workspace.
  // A slow answer does not hold the window more than WORKSPACE_WAIT_MS: the look follows when it comes.
  if (info.ok) await atMost(WORKSPACE_WAIT_MS, useWorkspaceStore.getState().load())
  await startLook(locale)
  const root = document.getElementById('root')
  if (root === null) throw new Error('no #root element')
  createRoot(root).render(
    <StrictMode>
      <MantineProvider defaultColorScheme="auto" colorSchemeManager={workspaceColorSchemeManager()}>
        <Root />
      </MantineProvider>
    </StrictMode>,
  )
  // The consoles once the fleet is there (at start, or after Retry on the failed-start screen): their tabs name
  // clusters. A failure is told in the banner; the app goes on without them.
  const unsubscribe = useAppStore.subscribe((state) => {
    if (state.startup.state !== 'ready') return
    unsubscribe()
    void startConsoles()
  })
  await startApp(info)
}

void bootstrap()
