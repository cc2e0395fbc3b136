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

async function bootstrap(): Promise<void> {
  // The system locale comes from main; if main does not answer, the failed-start screen speaks the browser's.
  const info = await loadAppInfo()
  const locale = info.ok ? info.value.locale : navigator.language
  await initI18n(locale)
  // The workspace before the first render, so the chosen language, theme and density show from the start (a
  // failure leaves the defaults and says so in the banner). Main silent: the failed-start screen, no workspace.
  if (info.ok) await useWorkspaceStore.getState().load()
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
