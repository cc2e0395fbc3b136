import '@mantine/core/styles.css'
import './styles.css'

import { MantineProvider } from '@mantine/core'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

import { pveDesk, unwrap } from './api/client'
import { App } from './App'
import { initI18n } from './i18n'
import { startFleetSync } from './stores/fleet-sync'

async function bootstrap(): Promise<void> {
  const info = await unwrap(pveDesk().appInfo({}))
  await initI18n(info.locale)
  startFleetSync()
  const root = document.getElementById('root')
  if (root === null) throw new Error('no #root element')
  createRoot(root).render(
    <StrictMode>
      <MantineProvider defaultColorScheme="auto">
        <App />
      </MantineProvider>
    </StrictMode>,
  )
}

void bootstrap()
